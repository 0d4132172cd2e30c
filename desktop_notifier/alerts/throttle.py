"""How often to toast: a token bucket lets a few alerts through one by one (a handful at once,
then one every couple of seconds); beyond that the episode becomes one summary toast that
updates itself ("12 novas calls"); a caught-up backlog of more than three becomes one
"Enquanto você estava fora: …" toast. Pure: time is passed in."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from desktop_notifier.alerts.model import Alert
from desktop_notifier.alerts.summary import Summary, summarize

CAPACITY = 4  # toasts that may appear at once
REFILL = timedelta(seconds=2)  # one more every two seconds after that
MAX_CAUGHT_UP = 3


class ToastThrottle:
    def __init__(self, capacity: int = CAPACITY, refill: timedelta = REFILL) -> None:
        self._capacity = float(capacity)
        self._refill = refill
        self._tokens = float(capacity)
        self._last: datetime | None = None
        self._episode: list[Alert] = []  # alerts since the bucket was last full
        self._bursting = False

    def _top_up(self, now: datetime) -> None:
        if self._last is not None:
            gained = (now - self._last) / self._refill
            self._tokens = min(self._capacity, self._tokens + max(gained, 0.0))
        self._last = now
        if self._tokens >= self._capacity:  # quiet long enough: a new episode
            self._episode, self._bursting = [], False

    def admit(
        self, alerts: Sequence[Alert], now: datetime, *, language: str, caught_up: bool
    ) -> list[Alert | Summary]:
        """The toasts to show now for `alerts` (every alert still goes to inbox and history).
        A summary toast stands for the whole episode and should replace its previous version."""
        if not alerts:
            return []
        if caught_up:
            if len(alerts) > MAX_CAUGHT_UP:
                return [summarize(alerts, language, caught_up=True)]
            return list(alerts)
        self._top_up(now)
        shown: list[Alert | Summary] = []
        for alert in alerts:
            self._episode.append(alert)
            if not self._bursting and self._tokens >= 1:
                self._tokens -= 1
                shown.append(alert)
            else:
                self._bursting = True
        if self._bursting:
            shown.append(summarize(self._episode, language, caught_up=False))
        return shown
