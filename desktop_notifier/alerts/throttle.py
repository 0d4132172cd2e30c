"""How often to toast: a token bucket lets a few alerts through one by one (a handful at once,
then one every couple of seconds); beyond that the episode becomes one summary toast that
updates itself ("12 novas calls") until the stream has been quiet long enough to refill the
bucket; a caught-up backlog of more than three becomes one "Enquanto você estava fora: …"
toast. Alerts of one call raised together count as one toast (`combine.one_per_call`).
Pure: time is passed in; the episode is a running tally, so each alert costs O(1)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime, timedelta

from desktop_notifier.alerts.combine import one_per_call
from desktop_notifier.alerts.model import Alert, AlertKind, Urgency
from desktop_notifier.alerts.summary import Summary, summarize, summarize_counts

CAPACITY = 4  # toasts that may appear at once
REFILL = timedelta(seconds=2)  # one more every two seconds after that
MAX_CAUGHT_UP = 3


class ToastThrottle:
    def __init__(self, capacity: int = CAPACITY, refill: timedelta = REFILL) -> None:
        self._capacity = float(capacity)
        self._refill = refill
        self._tokens = float(capacity)
        self._last: datetime | None = None
        # a running tally of the alerts since the bucket was last full (not the alerts
        # themselves: a burst of 10,000 must cost the same per alert as a burst of 10)
        self._episode: Counter[AlertKind] = Counter()
        self._episode_urgency = Urgency.LOW
        self._bursting = False

    def _top_up(self, now: datetime) -> None:
        if self._last is not None:
            gained = (now - self._last) / self._refill
            self._tokens = min(self._capacity, self._tokens + max(gained, 0.0))
        self._last = now
        if self._tokens >= self._capacity:  # quiet long enough: a new episode
            self._episode, self._episode_urgency, self._bursting = Counter(), Urgency.LOW, False

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
            return list(one_per_call(alerts, language))
        alerts = one_per_call(alerts, language)
        self._top_up(now)
        shown: list[Alert | Summary] = []
        for alert in alerts:
            self._episode[alert.kind] += 1
            self._episode_urgency = max(self._episode_urgency, alert.urgency)
            if not self._bursting and self._tokens >= 1:
                self._tokens -= 1
                shown.append(alert)
            else:
                self._bursting = True
        if self._bursting:
            # the bucket stays empty while the burst lasts, so a long burst stays one episode
            # (one summary) instead of restarting every CAPACITY * REFILL seconds
            self._tokens = 0.0
            shown.append(
                summarize_counts(self._episode, self._episode_urgency, language, caught_up=False)
            )
        return shown
