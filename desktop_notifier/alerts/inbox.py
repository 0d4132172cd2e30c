"""The in-app inbox: every alert stays visible for a while (30 s by default), newest first.

Pure: the clock is passed in. It also counts what the user has not acknowledged yet, which
outlives the 30-second window ("3 novas calls — marcar como lidas").
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime, timedelta

from desktop_notifier.alerts import Alert, AlertKind

DEFAULT_TTL = timedelta(seconds=30)
MAX_ITEMS = 500  # a burst of thousands must not grow a menu without bound


class Inbox:
    def __init__(self, ttl: timedelta = DEFAULT_TTL, max_items: int = MAX_ITEMS) -> None:
        if ttl <= timedelta(0):
            raise ValueError("the inbox duration must be positive")
        self._ttl = ttl
        self._items: deque[Alert] = deque(maxlen=max_items)
        self._unread: Counter[AlertKind] = Counter()

    @property
    def ttl(self) -> timedelta:
        return self._ttl

    def set_ttl(self, ttl: timedelta) -> None:
        if ttl <= timedelta(0):
            raise ValueError("the inbox duration must be positive")
        self._ttl = ttl

    def add(self, alerts: Iterable[Alert]) -> None:
        for alert in alerts:
            self._items.append(alert)
            self._unread[alert.kind] += 1

    def claimed(self, claims: Mapping[str, str]) -> bool:
        """The entries of each call of `claims` (call id → who) show who will call back, in
        one pass over the inbox; True if an entry changed."""
        changed = False
        for index, alert in enumerate(self._items):
            by = claims.get(alert.call_id)
            if by is not None and alert.claimed_by != by:
                self._items[index] = replace(alert, claimed_by=by)
                changed = True
        return changed

    def _expire(self, now: datetime) -> None:
        while self._items and self._items[0].at + self._ttl <= now:
            self._items.popleft()

    def current(self, now: datetime) -> list[Alert]:
        """Alerts younger than the inbox duration, newest first."""
        self._expire(now)
        return list(reversed(self._items))

    def next_expiry(self, now: datetime) -> datetime | None:
        """When the oldest visible alert leaves (so a UI can arm one timer, not poll)."""
        self._expire(now)
        return self._items[0].at + self._ttl if self._items else None

    def unread(self, kind: AlertKind | None = None) -> int:
        return self._unread[kind] if kind is not None else sum(self._unread.values())

    def mark_all_read(self) -> None:
        self._unread.clear()
