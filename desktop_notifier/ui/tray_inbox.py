"""The inbox section of the tray menu: one entry per recent alert, newest first, at most
`MAX_MENU_ALERTS`, then "N more alerts — open history…" (or "No recent alerts"). A missed
call nobody claimed has a "Vou retornar" entry under it; a claimed one says who will call back.

The entries are rebuilt only when the menu is about to show (see `TrayController.set_inbox`).
Its two texts come from the controller (`TrayController.tr`: one translation context).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from desktop_notifier.alerts import Alert, AlertKind
from desktop_notifier.ui.icons import kind_icon
from desktop_notifier.ui.plain import menu_text, single_line, without_leading_symbols

MAX_MENU_ALERTS = 8


def inbox_entry_text(alert: Alert) -> str:
    """What a menu entry says: the alert title, plus the company when the title lacks it."""
    title = single_line(without_leading_symbols(alert.title))
    company = single_line(alert.company, 40) if alert.company else ""
    if company and company not in title:
        title = f"{title} — {company}"
    return menu_text(title, 72)


class TrayInbox:
    """Owns the inbox entries of `menu`, inserted just above the separator `end`."""

    def __init__(
        self,
        menu: QMenu,
        end: QAction,
        *,
        open_call: Callable[[str], None],
        open_history: Callable[[], None],
        more_text: Callable[[int], str],
        empty_text: Callable[[], str],
        claim_call: Callable[[str], None] = lambda _call: None,
        claim_text: Callable[[], str] = lambda: "",
        claimed_text: Callable[[str], str] = lambda name: name,
        open_comments: Callable[[str], None] | None = None,
    ) -> None:
        """`open_comments`: a comment alert's entry opens its call on the Comments tab."""
        self._open_comments = open_comments or open_call
        self._menu = menu
        self._end = end
        self._open_call = open_call
        self._open_history = open_history
        self._more_text = more_text
        self._empty_text = empty_text
        self._claim_call = claim_call
        self._claim_text = claim_text
        self._claimed_text = claimed_text
        self._alerts: list[Alert] = []
        self._actions: list[QAction] = []
        # What the entries show now: a rebuild that would show the same thing again is skipped.
        self._key: tuple[object, ...] | None = None
        self._dirty = False  # the entries are rebuilt when the menu is next seen

    def set(self, alerts: list[Alert]) -> None:
        self._alerts = list(alerts)
        self._dirty = True

    def flush(self) -> None:
        if self._dirty:
            self._dirty = False
            self.rebuild()

    def rebuild(self, *, force: bool = False) -> None:
        shown = self._alerts[:MAX_MENU_ALERTS]
        key = (
            len(self._alerts),
            *((a.dedupe_key, a.kind, a.title, a.company, a.claimed_by) for a in shown),
        )
        if key == self._key and not force:
            return
        self._key = key
        for action in self._actions:
            self._menu.removeAction(action)
            action.deleteLater()
        self._actions = []
        for alert in shown:
            text = inbox_entry_text(alert)
            if alert.claimed_by is not None:
                text = menu_text(
                    f"{text} — {self._claimed_text(single_line(alert.claimed_by))}", 100
                )
            action = QAction(kind_icon(alert.kind), text, self._menu)
            opens = self._open_comments if alert.kind is AlertKind.CALL_COMMENT else self._open_call
            action.triggered.connect(partial(self._on_alert_triggered, opens, alert.call_id))
            self._actions.append(action)
            if alert.kind is AlertKind.MISSED_CALL and alert.claimed_by is None:
                claim = QAction(f"    ↳ {self._claim_text()}", self._menu)
                claim.setObjectName(f"claim:{alert.call_id}")
                claim.triggered.connect(partial(self._on_claim_triggered, alert.call_id))
                self._actions.append(claim)
        hidden = len(self._alerts) - len(shown)
        if hidden > 0:
            more = QAction(self._more_text(hidden), self._menu)
            more.triggered.connect(self._on_more_triggered)
            self._actions.append(more)
        if not self._alerts:
            empty = QAction(self._empty_text(), self._menu)
            empty.setEnabled(False)
            self._actions.append(empty)
        for action in self._actions:
            self._menu.insertAction(self._end, action)

    @staticmethod
    def _on_alert_triggered(
        opens: Callable[[str], None], call_id: str, _checked: bool = False
    ) -> None:
        opens(call_id)

    def _on_claim_triggered(self, call_id: str, _checked: bool = False) -> None:
        self._claim_call(call_id)

    def _on_more_triggered(self, _checked: bool = False) -> None:
        self._open_history()
