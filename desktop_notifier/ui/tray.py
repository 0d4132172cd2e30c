"""`TrayController`: the tray icon, its tooltip and its menu.

It shows what it is told (state, counts, the inbox, a pause) and turns clicks into signals; it
never decides what an alert is or when to reconnect. Database text in menu entries is made
single-line, shortened, and has `&` escaped so Qt does not read it as a mnemonic.
"""

from __future__ import annotations

import sys
from datetime import datetime
from functools import partial

from PySide6.QtCore import QEvent, QObject, Signal, SignalInstance
from PySide6.QtGui import QAction, QCursor, QGuiApplication
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from desktop_notifier import APP_NAME
from desktop_notifier.alerts import Alert
from desktop_notifier.alerts.pause import PauseChoice
from desktop_notifier.ui.icons import state_icon, tray_icon
from desktop_notifier.ui.labels import state_label
from desktop_notifier.ui.plain import menu_text, plain_tooltip, single_line
from desktop_notifier.ui.tray_inbox import MAX_MENU_ALERTS, TrayInbox, inbox_entry_text
from desktop_notifier.ui.tray_state import TrayState

# MAX_MENU_ALERTS and inbox_entry_text live in tray_inbox.py; the tests reach them from here.
__all__ = ["MAX_MENU_ALERTS", "TrayController", "TrayState", "inbox_entry_text"]


class TrayController(QObject):
    """Owns the QSystemTrayIcon and its QMenu. Wire its signals in the composition root."""

    open_call_requested = Signal(str)
    open_comments_requested = Signal(str)  # a comment alert's entry: the Comments tab
    claim_requested = Signal(str)  # "Vou retornar" on a missed call of the inbox
    mark_read_requested = Signal()
    history_requested = Signal()
    pause_requested = Signal(str)  # a PauseChoice
    reconnect_requested = Signal()
    settings_requested = Signal()
    quit_requested = Signal()
    activated = Signal()

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        left_click_opens_menu: bool = True,
        icon: QSystemTrayIcon | None = None,
    ) -> None:
        """`icon`: one already shown while the app was starting; adopted, so it keeps its slot
        in the tray instead of disappearing and coming back."""
        super().__init__(parent)
        # macOS already opens the menu on a left click; doing it again would flicker.
        self._left_click_opens_menu = left_click_opens_menu and sys.platform != "darwin"
        # On Wayland the tray is a StatusNotifierItem: the host shows the menu itself on a right
        # click, and a menu of ours cannot pop up (no parent window has had input), so a left
        # click (the item's Activate) opens the history instead.
        if QGuiApplication.platformName() == "wayland":
            self._left_click_opens_menu = False
            self._left_click_opens_history = True
        else:
            self._left_click_opens_history = False
        self._state = TrayState.NOT_CONFIGURED
        self._detail = ""
        self._active_calls = 0
        self._unread = 0
        self._held = 0  # alerts the desktop holds back (do-not-disturb)
        self._paused_until: datetime | None = None
        self._source = ""  # the live source, shown on the detail line while live
        # What the icon shows now: a refresh that would show the same thing again is skipped
        # (the app refreshes on every alert; redrawing is not free).
        self._icon_key: tuple[TrayState, int] | None = None

        self._menu = QMenu()
        self._menu.setObjectName("trayMenu")
        self._menu.setToolTipsVisible(True)
        # The header is enabled (a disabled item is greyed out, icon included) but inert.
        self._header = self._menu.addAction("")
        header_font = self._header.font()
        header_font.setBold(True)
        self._header.setFont(header_font)
        self._detail_action = self._disabled_action()
        self._menu.addSeparator()
        self._inbox_title = self._disabled_action()
        self._inbox = TrayInbox(
            self._menu,
            self._menu.addSeparator(),
            open_call=self.open_call_requested.emit,
            open_history=self.history_requested.emit,
            more_text=lambda hidden: self.tr("%n more alert(s) — open history…", "", hidden),
            empty_text=lambda: self.tr("No recent alerts"),
            claim_call=self.claim_requested.emit,
            claim_text=lambda: self.tr("I'll call back"),
            claimed_text=lambda name: self.tr("%1 will call back").replace("%1", name),
            open_comments=self.open_comments_requested.emit,
        )
        self._mark_read = self._action(self.mark_read_requested)
        self._history = self._action(self.history_requested)
        self._pause_menu = QMenu(self._menu)
        self._pause_menu.setObjectName("pauseMenu")
        self._paused_info = self._pause_menu.addAction("")
        self._paused_info.setEnabled(False)
        self._pause_hour = self._pause_menu.addAction("")
        self._pause_hour.triggered.connect(partial(self.pause_requested.emit, PauseChoice.HOUR))
        self._pause_tomorrow = self._pause_menu.addAction("")
        self._pause_tomorrow.triggered.connect(
            partial(self.pause_requested.emit, PauseChoice.TOMORROW)
        )
        self._pause_menu.addSeparator()
        self._resume = self._pause_menu.addAction("")
        self._resume.triggered.connect(partial(self.pause_requested.emit, PauseChoice.RESUME))
        self._menu.addMenu(self._pause_menu)
        self._reconnect = self._action(self.reconnect_requested)
        self._menu.addSeparator()
        self._settings = self._action(self.settings_requested)
        self._quit = self._action(self.quit_requested)
        self._menu.installEventFilter(self)
        self._menu.aboutToShow.connect(self._inbox.flush)

        self._tray = icon if icon is not None else QSystemTrayIcon()
        self._tray.setParent(self)
        self._tray.setContextMenu(self._menu)
        self._tray.activated.connect(self._on_tray_activated)
        self._retranslate()

    # -- public API -------------------------------------------------------------------------

    @property
    def tray(self) -> QSystemTrayIcon:
        return self._tray

    @property
    def menu(self) -> QMenu:
        self._inbox.flush()
        return self._menu

    def show(self) -> None:
        self._tray.show()

    def dispose(self) -> None:
        """Take the icon off the tray and free the menu now, in a safe order (the menu has no
        QWidget parent, so leaving it to the garbage collector can delete it mid-event)."""
        self._menu.hide()
        self._tray.hide()
        self._tray.setContextMenu(None)  # type: ignore[arg-type]
        self._menu.removeEventFilter(self)
        self._tray.deleteLater()
        self._menu.deleteLater()

    def set_state(self, state: TrayState, detail: str = "") -> None:
        """`detail` is one short line of app text, e.g. "Desconectado desde 14:02 — sem rede"."""
        self._state = state
        self._detail = single_line(detail, 80)
        self._refresh_state()

    def set_source(self, text: str) -> None:
        """What carries the live changes, e.g. "Fonte ao vivo: Realtime — broadcast do banco"."""
        self._source = single_line(text, 80)
        self._refresh_state()

    def set_counts(self, active_calls: int, unread: int) -> None:
        self._active_calls = max(0, active_calls)
        self._unread = max(0, unread)
        self._refresh_state()
        self._refresh_mark_read()

    def set_inbox(self, alerts: list[Alert]) -> None:
        """The inbox, newest first (the alerts of the last `inbox_seconds`, a setting). Its menu
        entries are built when the menu is about to show: the app calls this on every alert,
        building entries nobody sees would delay the toast, and an open menu must not grow or
        shift under the pointer (it also grew past the screen edge) when an alert arrives."""
        self._inbox.set(alerts)

    def set_held(self, count: int) -> None:
        """Alerts the desktop holds back now (do-not-disturb, Windows' Focus Assist or a
        full-screen app): the menu and the tooltip say they wait in the inbox."""
        self._held = max(0, count)
        self._refresh_state()

    def set_paused_until(self, until: datetime | None) -> None:
        self._paused_until = until
        self._refresh_state()
        self._refresh_pause()

    def tooltip(self) -> str:
        return self._tray.toolTip()

    def add_action_above_settings(self, action: QAction) -> None:
        """An entry owned elsewhere (e.g. "Copiar diagnóstico"), placed just above Settings."""
        self._menu.insertAction(self._settings, action)

    def effective_state(self) -> TrayState:
        """The state the icon shows: a live connection with notifications paused shows PAUSED."""
        if self._paused_until is not None and self._state is TrayState.LIVE:
            return TrayState.PAUSED
        return self._state

    # -- building blocks ----------------------------------------------------------------------

    def _disabled_action(self) -> QAction:
        action = self._menu.addAction("")
        action.setEnabled(False)
        return action

    def _action(self, signal: SignalInstance) -> QAction:
        action = self._menu.addAction("")
        action.triggered.connect(partial(self._emit, signal))
        return action

    @staticmethod
    def _emit(signal: SignalInstance, _checked: bool = False) -> None:
        signal.emit()

    def _held_text(self) -> str:
        if not self._held:
            return ""
        return self.tr("%n alert(s) held by do-not-disturb — in the inbox", "", self._held)

    def _paused_text(self) -> str:
        if self._paused_until is None:
            return ""
        local = self._paused_until.astimezone()
        if local.date() == datetime.now(local.tzinfo).date():
            when = local.strftime("%H:%M")
        else:
            when = local.strftime(self.tr("%m/%d %H:%M", "strftime format of a date and time"))
        return self.tr("Paused until %1").replace("%1", when)

    # -- refresh ----------------------------------------------------------------------------

    def _refresh_state(self) -> None:
        state = self.effective_state()
        icon_key = (state, min(self._unread, 10))
        if icon_key != self._icon_key:
            self._icon_key = icon_key
            self._tray.setIcon(tray_icon(state, self._unread))
            self._header.setIcon(state_icon(state))
        _set_text(self._header, menu_text(f"{APP_NAME} — {state_label(self._state)}", 80))
        # Live: a pause or held alerts matter more than which source carries the changes.
        paused = self._paused_text() or self._held_text()
        live = self._state is TrayState.LIVE
        line = (paused or self._source) if live else (self._detail or paused)
        _set_text(self._detail_action, menu_text(line, 80))
        _set_visible(self._detail_action, bool(line))
        tooltip = self._tooltip_text()
        if tooltip != self._tray.toolTip():
            self._tray.setToolTip(tooltip)

    def _tooltip_text(self) -> str:
        """The app's own words on the first line; the detail (it may carry a server's error
        text) on the next one, where it is shown as plain text (see `plain_tooltip`)."""
        parts = [state_label(self._state)]
        if self._state is TrayState.LIVE:
            if self._active_calls:
                parts.append(self.tr("%n active call(s)", "", self._active_calls))
            else:
                parts.append(self.tr("no active calls"))
        if self._unread:
            parts.append(self.tr("%n new", "tooltip: unread alerts", self._unread))
        paused = self._paused_text()
        if paused:
            parts.append(paused)
        if self._held_text():
            parts.append(self._held_text())
        detail = self._detail if self._state is not TrayState.LIVE else ""
        return plain_tooltip(" · ".join(parts), detail)

    def _refresh_mark_read(self) -> None:
        text = self.tr("%n new alert(s) — mark as read", "", self._unread)
        _set_text(self._mark_read, text.replace("&", "&&"))
        _set_visible(self._mark_read, self._unread > 0)

    def _refresh_pause(self) -> None:
        paused = self._paused_text()
        self._paused_info.setText(menu_text(paused, 80))
        self._paused_info.setVisible(bool(paused))
        self._resume.setEnabled(self._paused_until is not None)

    def _retranslate(self) -> None:
        self._inbox_title.setText(self.tr("Recent alerts"))
        self._history.setText(self.tr("History…"))
        self._pause_menu.setTitle(self.tr("Pause notifications"))
        self._pause_hour.setText(self.tr("For 1 hour"))
        self._pause_tomorrow.setText(self.tr("Until tomorrow"))
        self._resume.setText(self.tr("Resume notifications"))
        self._reconnect.setText(self.tr("Reconnect now"))
        self._settings.setText(self.tr("Settings…"))
        self._quit.setText(self.tr("Quit"))
        self._refresh_state()
        self._refresh_mark_read()
        self._refresh_pause()
        self._inbox.rebuild(force=True)

    # -- events -----------------------------------------------------------------------------

    def _on_tray_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason is QSystemTrayIcon.ActivationReason.Trigger:
            self.activated.emit()
            if self._left_click_opens_menu:
                self._menu.popup(QCursor.pos())
            elif self._left_click_opens_history:
                self.history_requested.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._menu and event.type() is QEvent.Type.LanguageChange:
            self._retranslate()
        return super().eventFilter(watched, event)


# Each QAction change posts an event to the menu (and through our event filter); the app
# refreshes on every alert, so only what differs is set.
def _set_text(action: QAction, text: str) -> None:
    if action.text() != text:
        action.setText(text)


def _set_visible(action: QAction, visible: bool) -> None:
    if action.isVisible() != visible:
        action.setVisible(visible)
