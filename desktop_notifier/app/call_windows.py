"""The tray app's windows of calls: one live window per call and the history window.

A window shows the store's brief row at once (if it has one) and fetches the whole row
(transcription, insights, scorecard: the store keeps none of them) from PostgREST; that row is
cached while the window is open and merged with the changes that arrive (a Realtime UPDATE
omits an unchanged long transcription), then dropped when the window closes. Built and wired
by the composition root (`app.tray_app.App`); it knows nothing of toasts, the tray or the
connection.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from desktop_notifier.alerts.team import claimable
from desktop_notifier.common.errors import ErrorCode, UserError, describe
from desktop_notifier.events import Call
from desktop_notifier.events.claim import claim_of
from desktop_notifier.profile.settings import Settings
from desktop_notifier.profile.store import Store
from desktop_notifier.sync.account import Account

if TYPE_CHECKING:  # the widgets are loaded when a window first opens (idle memory, start-up)
    from desktop_notifier.ui.call_window import CallWindow
    from desktop_notifier.ui.claim_bar import ClaimBar
    from desktop_notifier.ui.history_window import HistoryWindow

log = logging.getLogger(__name__)
HISTORY_LIMIT = 500


class CallWindows:
    def __init__(
        self,
        store: Store,
        account: Callable[[], Account | None],
        settings: Callable[[], Settings],
        spawn: Callable[[Coroutine[Any, Any, None]], None],
        clock: Callable[[], datetime],
        claim: Callable[[str], None] = lambda _call: None,
        open_comments: Callable[[str], None] | None = None,
    ) -> None:
        """`clock`: the app's clock, for a call that carries no `updated_at` of its own;
        `claim`: what "Vou retornar" in a window does (the team rules')."""
        self._store = store
        self._account = account
        self._settings = settings
        self._spawn = spawn
        self._clock = clock
        self._claim = claim
        self._open_comments = open_comments or self.open_call  # a comment alert of the history
        self.claim_bars: dict[str, ClaimBar] = {}
        self.windows: dict[str, CallWindow] = {}
        self.details: dict[str, Call] = {}  # the whole row of each open window
        self.history: HistoryWindow | None = None

    def open_call(self, call_id: str) -> None:
        """Show the call's window (one per call), raised and focused."""
        window = self.windows.get(call_id)
        if window is None:
            from PySide6.QtCore import Qt

            from desktop_notifier.ui.call_window import CallWindow
            from desktop_notifier.ui.claim_bar import ClaimBar

            window = CallWindow()
            # Closed is gone: the widgets and the whole row (transcription and all) are freed,
            # so a thousand windows opened and closed cost what one does.
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            alerts = self._settings().alerts
            window.set_score_bands(alerts.low_score, alerts.high_score)
            bar = ClaimBar(window)
            bar.claim_requested.connect(lambda: self._claim(call_id))
            window.add_section(bar)
            self.claim_bars[call_id] = bar
            self.windows[call_id] = window
            window.destroyed.connect(lambda *_, shown=window: self._forget(call_id, shown))
            call = self._store.get_call(call_id)
            if call is not None:
                self._show(call_id, window, call)
            else:
                window.set_loading()
            self._spawn(self._fetch_into(call_id, window, known=call is not None))
        bring_up(window)

    def _show(self, call_id: str, window: CallWindow, call: Call) -> None:
        window.set_call(call, call.updated_at or self._clock())
        bar = self.claim_bars.get(call_id)
        if bar is not None:
            claim = claim_of(call)
            by = None if claim is None else claim.name or claim.user_id
            bar.set_state(claimable=claimable(call, self._settings().rules), claimed_by=by)

    def _forget(self, call_id: str, window: CallWindow) -> None:
        if self.windows.get(call_id) is window:  # not a newer window of the same call
            del self.windows[call_id]
            self.claim_bars.pop(call_id, None)
            self.details.pop(call_id, None)

    async def _fetch_into(self, call_id: str, window: CallWindow, *, known: bool) -> None:
        account = self._account()
        row = None
        try:
            if account is not None:
                row = await account.fetch_call(call_id)
        except UserError as exc:
            if not known:  # else the brief row stays on show
                window.set_error(describe(exc, self._settings().language))
            return
        if self.windows.get(call_id) is not window:
            return  # closed meanwhile
        if row is None:
            if not known or account is not None:
                window.set_error(self._not_found())
            return
        call = Call.from_row(row)
        arrived = self.details.get(call_id)  # a change that arrived while fetching
        if arrived is not None and _later(arrived, call):
            call = _with_details(arrived, call)
        self.details[call_id] = call
        self._show(call_id, window, call)

    def update(self, calls: dict[str, Call | None]) -> None:
        """Changes that arrived: the open windows of those calls show them (None: deleted)."""
        for call_id, call in calls.items():
            window = self.windows.get(call_id)
            if window is None:
                continue
            if call is None:
                self.details.pop(call_id, None)
                window.set_error(self._not_found())
                if (bar := self.claim_bars.get(call_id)) is not None:
                    bar.set_state(claimable=False, claimed_by=None)
            else:
                cached = self.details.get(call_id)
                if cached is not None:
                    call = _with_details(call, cached)
                self.details[call_id] = call
                self._show(call_id, window, call)

    def open_history(self) -> None:
        if self.history is None:
            from desktop_notifier.ui.history_window import HistoryWindow

            self.history = HistoryWindow()
            self.history.open_call_requested.connect(self.open_call)
            self.history.open_comments_requested.connect(self._open_comments)
        self.history.set_alerts(self._store.recent_alerts(limit=HISTORY_LIMIT))
        bring_up(self.history)

    def close_all(self) -> None:
        for window in list(self.windows.values()):
            window.close()
        if self.history is not None:
            self.history.close()

    def _not_found(self) -> str:
        return describe(UserError(ErrorCode.CALL_NOT_FOUND), self._settings().language)


def _later(one: Call, other: Call) -> bool:
    return one.updated_at is not None and (
        other.updated_at is None or one.updated_at > other.updated_at
    )


def _with_details(call: Call, cached: Call) -> Call:
    """`call` (a change, perhaps without the long columns) with what `cached` holds of the
    columns it lacks."""
    return replace(
        call,
        transcription=call.transcription
        if call.transcription is not None
        else cached.transcription,
        scorecard=call.scorecard if call.scorecard is not None else cached.scorecard,
        insights=call.insights if call.insights is not None else cached.insights,
    )


def bring_up(window: QWidget) -> None:
    """Show `window` in front and focused (it may be hidden behind others or minimised)."""
    if window.isMinimized():  # show() alone leaves a minimised window minimised
        from PySide6.QtCore import Qt  # here: building the Qt namespace costs ~1 MB at idle

        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()
