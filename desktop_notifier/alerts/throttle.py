"""How often to toast: a few alerts are shown one by one; a burst becomes one summary toast that
updates itself ("12 novas calls"); a caught-up backlog of more than three becomes one
"Enquanto você estava fora: …" toast. Pure: time is passed in."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from desktop_notifier.alerts.model import Alert
from desktop_notifier.alerts.summary import Summary, summarize

MAX_INDIVIDUAL = 3
WINDOW = timedelta(seconds=5)


class ToastThrottle:
    def __init__(self, max_individual: int = MAX_INDIVIDUAL, window: timedelta = WINDOW) -> None:
        self._max = max_individual
        self._window = window
        self._in_window: list[Alert] = []
        self._window_end: datetime | None = None
        self._bursting = False

    def admit(
        self, alerts: Sequence[Alert], now: datetime, *, language: str, caught_up: bool
    ) -> list[Alert | Summary]:
        """The toasts to show now for `alerts` (every alert still goes to inbox and history)."""
        if not alerts:
            return []
        if caught_up:
            if len(alerts) > self._max:
                return [summarize(alerts, language, caught_up=True)]
            return list(alerts)
        if self._window_end is None or now >= self._window_end:
            self._in_window, self._bursting = [], False
        self._window_end = now + self._window  # a burst lasts while alerts keep coming
        shown: list[Alert | Summary] = []
        for alert in alerts:
            self._in_window.append(alert)
            if not self._bursting and len(self._in_window) <= self._max:
                shown.append(alert)
            else:
                self._bursting = True
        if self._bursting:
            shown.append(summarize(self._in_window, language, caught_up=False))
        return shown
