"""The dashboard ("Painel") and the calls list: built when first opened, fed from the
`DayBook` (today's calls) and the tray's unread count, and wired to what they ask for.

The dashboard's numbers are recomputed from the book when changes arrive: within
`QUIET_INTERVAL` of the last count while changes are rare (a live insert shows in well under a
second), and at most every `BURST_INTERVAL` seconds while they keep coming (a burst of
thousands costs one count every two seconds, as the product plan's debounce says). The list
takes every change as it comes (its model is virtualised); a call new to it goes on top,
highlighted until the calls are marked read.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from desktop_notifier.app.call_windows import bring_up
from desktop_notifier.app.day_book import DayBook
from desktop_notifier.common.errors import UserError
from desktop_notifier.events import Call, InvalidPayload
from desktop_notifier.events.day import DayCall, day_stats, newest_first, parse_compact
from desktop_notifier.profile.settings import Settings
from desktop_notifier.sync.account import Account

if TYPE_CHECKING:  # loaded when first opened (idle memory, start-up)
    from desktop_notifier.ui.calls_list_window import CallsListWindow
    from desktop_notifier.ui.dashboard_window import DashboardWindow

log = logging.getLogger(__name__)
BURST_INTERVAL = 2.0  # seconds between two dashboard counts while changes keep coming
QUIET_INTERVAL = 0.25  # … while they are rare
FIRST_DELAY_MS = 30
OLDER_PAGE = 200


class Views(QObject):
    open_call_requested = Signal(str)
    mark_read_requested = Signal()

    def __init__(
        self,
        account: Callable[[], Account | None],
        settings: Callable[[], Settings],
        spawn: Callable[[Coroutine[Any, Any, None]], None],
        clock: Callable[[], datetime],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._account = account
        self._settings = settings
        self._spawn = spawn
        self._clock = clock
        self.book = DayBook(account, spawn, clock, self)
        self.book.reloaded.connect(self._on_reloaded)
        self.book.changed.connect(self._on_changed)
        self.dashboard: DashboardWindow | None = None
        self.calls: CallsListWindow | None = None
        self._unread = 0
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.timeout.connect(self._count_changes)
        self._counted_at = 0.0
        self._bursting = False
        self._changed_at = float("-inf")
        self.counts = 0  # how many times the dashboard counted (the benchmark reads it)
        self._older_busy = False
        self._no_older = False

    # --- opening ---------------------------------------------------------------------------

    def open_dashboard(self) -> None:
        if self.dashboard is None:
            from PySide6.QtCore import Qt  # here: the Qt namespace costs ~1 MB at idle

            from desktop_notifier.ui.dashboard_window import DashboardWindow

            self.dashboard = DashboardWindow()
            self.dashboard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.dashboard.destroyed.connect(self._forget_dashboard)
        self.book.start()
        self._count()
        bring_up(self.dashboard)

    def open_calls(self) -> None:
        if self.calls is None:
            from PySide6.QtCore import Qt

            from desktop_notifier.ui.calls_list_window import CallsListWindow

            self.calls = CallsListWindow()
            self.calls.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.calls.destroyed.connect(self._forget_calls)
            self.calls.open_call_requested.connect(self.open_call_requested)
            self.calls.mark_read_requested.connect(self.mark_read_requested)
            self.calls.older_requested.connect(self._read_older)
            self._fill_calls()
        self.book.start()
        bring_up(self.calls)

    def _forget_dashboard(self) -> None:
        self.dashboard = None
        self._maybe_stop()

    def _forget_calls(self) -> None:
        self.calls = None
        self._maybe_stop()

    def _maybe_stop(self) -> None:
        """Both closed: today's calls are not kept (a busy day is megabytes); the next
        window to open reads them again."""
        if self.dashboard is None and self.calls is None:
            self._count_timer.stop()
            self.book.stop()

    def close_all(self) -> None:
        for window in (self.dashboard, self.calls):
            if window is not None:
                window.close()

    # --- what they are told ----------------------------------------------------------------

    def calls_changed(self, changes: dict[str, Call | None]) -> None:
        self.book.apply(changes)
        self.book.check_day()

    def reconnected(self) -> None:
        """Live again: what happened meanwhile is read again, not pieced together."""
        self.book.reload()

    def set_unread(self, unread: int) -> None:
        self._unread = unread
        if self.calls is not None:
            self.calls.set_unread(unread)

    def marked_read(self) -> None:
        self.set_unread(0)
        if self.calls is not None:
            self.calls.model.clear_highlights()

    def settings_changed(self, settings: Settings) -> None:
        if self.calls is not None:
            self.calls.model.set_score_bands(settings.alerts.low_score, settings.alerts.high_score)
        self._schedule()

    # --- inside ----------------------------------------------------------------------------

    def _fill_calls(self) -> None:
        window = self.calls
        if window is None:
            return
        alerts = self._settings().alerts
        window.model.set_score_bands(alerts.low_score, alerts.high_score)
        account = self._account()
        window.set_me(None if account is None else account.tokens.user_id)
        window.model.set_rows(newest_first(list(self.book.calls.values())))
        window.refresh_statuses()
        window.set_unread(self._unread)
        self._no_older = False

    def _on_reloaded(self) -> None:
        self._fill_calls()
        self._count()

    def _on_changed(self, today: list[DayCall], older: list[DayCall], removed: list[str]) -> None:
        if self.calls is not None:
            model = self.calls.model
            model.upsert(today, highlight=True)
            model.upsert(older, highlight=False, insert=False)
            for call_id in removed:
                model.remove(call_id)
            self.calls.refresh_statuses()
        self._schedule()

    def _schedule(self) -> None:
        if self.dashboard is None:
            return
        now = time.monotonic()
        # A change after a quiet moment is no burst, however recent the burst's last count.
        quiet = now - self._changed_at > BURST_INTERVAL
        self._changed_at = now
        gap = BURST_INTERVAL if self._bursting and not quiet else QUIET_INTERVAL
        wait = self._counted_at + gap - now
        if self._count_timer.isActive():
            if wait < -BURST_INTERVAL:  # a loop saturated by a burst starves the timer
                self._count_timer.stop()
                self._count_changes()
            return
        self._count_timer.start(max(FIRST_DELAY_MS, int(wait * 1000)))

    def _count_changes(self) -> None:
        """Changes arrived: two counts driven by changes in a row mean a burst."""
        self._bursting = time.monotonic() - self._counted_at < BURST_INTERVAL + QUIET_INTERVAL
        self._count()

    def _count(self) -> None:
        if self.dashboard is None:
            return
        self._counted_at = time.monotonic()
        self.counts += 1
        settings = self._settings()
        zone = self._clock().astimezone().tzinfo
        assert zone is not None
        stats = day_stats(
            self.book.calls.values(),
            settings.rules,
            settings.alerts.low_score,
            settings.alerts.high_score,
            zone,
        )
        hour = self._clock().astimezone().hour
        self.dashboard.set_stats(stats, hour, self.book.read_at)

    def _read_older(self) -> None:
        window = self.calls
        if window is None or self._older_busy or self._no_older:
            return
        oldest = window.model.oldest()
        start = self.book.bounds()[0]
        before, before_id = (start, "00000000-0000-0000-0000-000000000000")
        if oldest is not None and oldest.created_at is not None and oldest.created_at < start:
            before, before_id = oldest.created_at, oldest.id
        self._older_busy = True
        self._spawn(self._older(before, before_id))

    async def _older(self, before: datetime, before_id: str) -> None:
        try:
            account = self._account()
            if account is None:
                return
            try:
                page, bad = parse_compact(await account.calls_before(before, before_id, OLDER_PAGE))
            except (UserError, InvalidPayload) as exc:
                log.warning("older calls could not be read: %s", exc)
                return
            if not page and not bad:
                self._no_older = True
            if self.calls is not None:
                self.calls.model.add_older(page)
                self.calls.refresh_statuses()
        finally:
            self._older_busy = False
