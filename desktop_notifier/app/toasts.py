"""What the tray app shows as toasts: alerts through the throttle (bursts and catch-ups become
summaries), the connection's "lost"/"back" toasts, and notices of its own; all held while the
user has paused notifications. While the desktop asks for quiet (do-not-disturb) alerts are
held and one summary stands for them when it ends. Owns the notifier and falls back to the next
backend when the notification server goes away. The team rules (app/team_alerts.py) decorate
each alert toast (actions, privacy, sound), remind through it and withdraw toasts by call.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from PySide6.QtWidgets import QSystemTrayIcon

from desktop_notifier.alerts import Alert, Summary, ToastThrottle, Urgency
from desktop_notifier.alerts.pause import PauseChoice, is_paused, paused_until
from desktop_notifier.alerts.summary import summarize
from desktop_notifier.app.do_not_disturb import DoNotDisturb
from desktop_notifier.common.clock import Clock
from desktop_notifier.notify.base import Notifier, NotifyError, Unavailable, create_notifier
from desktop_notifier.notify.defaults import default_factories
from desktop_notifier.notify.quiet import desktop_quiet
from desktop_notifier.notify.toast import CONNECTION_KIND, Toast, toast_for_alert, toast_for_summary
from desktop_notifier.notify.withdraw import withdraw

log = logging.getLogger(__name__)
BURST_SUMMARY_KEY = "summary:burst"
MAX_SHOWN = 1000  # calls whose toast may still be on screen, for withdrawal
CONNECTION_TOAST_KEY = "connection"  # "Conectado novamente" replaces "Conexão perdida"


class Toasts:
    def __init__(
        self,
        tray_icon: QSystemTrayIcon,
        language: Callable[[], str],
        spawn: Callable[[Coroutine[Any, Any, None]], None],
        on_clicked: Callable[[Toast], None],
        clock: Clock,
    ) -> None:
        self._tray_icon = tray_icon  # the balloons' fallback backend
        self._language = language
        self._spawn = spawn
        self._on_clicked = on_clicked
        self._clock = clock
        self.notifier: Notifier | None = None
        self.throttle = ToastThrottle()
        self.paused_until: datetime | None = None
        self.dnd = DoNotDisturb(lambda: desktop_quiet(self.notifier), spawn)
        self.dnd.ended.connect(self._on_quiet_ended)
        self._closed = False
        # What an alert's toast carries at this moment (actions, privacy, sound): the team
        # rules' (app/team_alerts.py); the alert kind of each call's toast on screen.
        self.decorate: Callable[[Toast], Toast] = lambda toast: toast
        self.shown: dict[str, str] = {}

    async def start(self) -> None:
        """Choose the notifier: the first backend of this OS that answers."""
        self.notifier = await create_notifier(
            default_factories(self._tray_icon, language=self._language()), self._on_clicked
        )

    async def close(self) -> None:
        self._closed = True
        self.dnd.stop()
        if self.notifier is not None:
            await self.notifier.close()

    @property
    def paused(self) -> bool:
        return is_paused(self.paused_until, self._clock())

    def pause(self, choice: PauseChoice) -> datetime | None:
        """Pause (or resume) as the user chose; returns until when."""
        self.paused_until = paused_until(choice, self._clock())
        return self.paused_until

    def alerts(self, alerts: Sequence[Alert], *, caught_up: bool) -> None:
        """Toast `alerts` unless paused; a burst's summary grows in place, a catch-up summary
        stands alone."""
        if is_paused(self.paused_until, self._clock()):
            return
        self._spawn(self._toast_unless_quiet(alerts, caught_up))

    async def _toast_unless_quiet(self, alerts: Sequence[Alert], caught_up: bool) -> None:
        """The desktop's do-not-disturb holds the toasts (the inbox has the alerts already)."""
        if await self.dnd.holds(alerts) or self._closed:
            return
        moment, language = self._clock(), self._language()
        for item in self.throttle.admit(alerts, moment, language=language, caught_up=caught_up):
            if isinstance(item, Summary):
                key = None if caught_up else BURST_SUMMARY_KEY
                toast = replace(toast_for_summary(item), replace_key=key)
            else:
                toast = self.decorate(toast_for_alert(item))
            self._spawn(self.show(toast))

    def remind(self, alerts: Sequence[Alert]) -> None:
        """Reminders and escalations of unclaimed missed calls, paced like alerts (many due at
        once become one summary); held back while paused or quiet."""
        if alerts and not self.paused:
            self._spawn(self._toast_unless_quiet(alerts, False))

    def withdraw(self, call_id: str) -> None:
        """Take `call_id`'s toast off the screen (what it said stopped holding)."""
        if self.shown.pop(call_id, None) is not None and self.notifier is not None:
            self._spawn(self._withdraw(call_id))

    async def _withdraw(self, call_id: str) -> None:
        if self.notifier is not None:
            await withdraw(self.notifier, call_id)

    def _on_quiet_ended(self, held: list[Alert]) -> None:
        """Do-not-disturb ended: one toast for everything it held."""
        if self._closed or self.paused:
            return
        summary = summarize(held, self._language(), caught_up=True)
        self._spawn(self.show(toast_for_summary(summary)))

    def connection(self, text: tuple[str, str]) -> None:
        """The connection lost or back, one toast replacing the other (held while paused)."""
        if self.paused:
            return
        title, body = text
        toast = Toast(title, body, kind=CONNECTION_KIND, replace_key=CONNECTION_TOAST_KEY)
        self._spawn(self.show(toast))

    def notice(self, title: str, body: str) -> None:
        """A toast of the app's own, not an alert (test, diagnostics copied, store recreated)."""
        self._spawn(self.show(Toast(title, body, Urgency.NORMAL, kind=CONNECTION_KIND)))

    async def show(self, toast: Toast) -> None:
        if self.notifier is None:
            return
        if toast.replace_key is not None and toast.target is not None:
            self.shown.pop(toast.replace_key, None)  # newest last: the oldest goes first
            self.shown[toast.replace_key] = toast.kind
            while len(self.shown) > MAX_SHOWN:
                del self.shown[next(iter(self.shown))]
        try:
            await self.notifier.show(toast)
        except NotifyError as exc:
            log.warning("a toast could not be shown: %s", exc)
        except Unavailable as exc:  # the notification server went away: fall back
            log.warning("notification backend lost (%s); falling back", exc)
            self.notifier = await create_notifier(
                default_factories(self._tray_icon, language=self._language())[1:],
                self._on_clicked,
            )
            await self.notifier.show(toast)
