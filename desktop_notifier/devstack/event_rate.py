"""Realtime's events-per-second quota for postgres_changes: over it, changes are dropped.

Owns the counter between the capture and the hub, modelled on the real poller
(``lib/extensions/postgres_cdc_rls/replication_poller.ex``) and its rate counter
(``lib/realtime/rate_counter/rate_counter.ex``, ``Tenants.db_events_per_second_rate`` in
``lib/realtime/tenants.ex``): every delivered change adds its number of matching subscribers;
every ``window / 12`` seconds (5 s of a 60 s window) the count becomes a bucket, and the
average over the last 12 buckets, per second, is compared with ``max_events_per_second``.
At or above it the limit is triggered: the poller still reads the slot, but the changes are
discarded, with no message and no close, until the average falls below the limit again.

Broadcast from the database counts on the same tenant counter (``broadcast_sink``):
``lib/realtime/tenants/batch_broadcast.ex`` adds one per message and refuses one when the
average, or the average plus it, is over ``max_events_per_second`` (``check_rate_limit``:
``{:error, :too_many_requests, ...}``), which ``replication_connection.ex`` drops without a
word to the channel (counted in ``broadcasts_discarded``).
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import TypeVar

from aiohttp import web

from desktop_notifier.devstack.capture import Change, Sink
from desktop_notifier.devstack.hub import Hub

T = TypeVar("T")

log = logging.getLogger(__name__)

BUCKETS = 12  # max_bucket_len of the real rate counter


class EventRate:
    def __init__(
        self,
        limit: int,
        window: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._clock = clock
        self.limit = limit  # 0: no limit
        self.window = window
        self.triggered = False
        self.discarded = 0
        self.broadcasts_discarded = 0
        self.average = 0.0
        self._reset()

    def _reset(self) -> None:
        self._buckets: deque[int] = deque(maxlen=BUCKETS)
        self._count = 0
        self._next_tick = self._clock() + self.tick

    @property
    def tick(self) -> float:
        return self.window / BUCKETS

    def configure(self, limit: int | None = None, window: float | None = None) -> None:
        if limit is not None:
            self.limit = limit
        if window is not None and window != self.window:
            self.window = window
            self._reset()
        if not self.limit:
            self.triggered = False

    def _advance(self) -> None:
        now = self._clock()
        ticks = 0
        while now >= self._next_tick and ticks <= BUCKETS:
            self._buckets.appendleft(self._count)
            self._count = 0
            self.average = sum(self._buckets) / len(self._buckets) / self.tick
            if self.triggered and self.average < self.limit:
                self.triggered = False
                log.info("events per second back under the limit (%.1f/s)", self.average)
            elif not self.triggered and self.limit and self.average >= self.limit:
                self.triggered = True
                log.error(
                    "MessagePerSecondRateLimitReached: Too many postgres changes messages per "
                    "second (%.1f/s, limit %d): changes are dropped",
                    self.average,
                    self.limit,
                )
            self._next_tick += self.tick
            ticks += 1
        if now >= self._next_tick:  # idle for more than a window: all buckets were zero
            self._next_tick = now + self.tick

    def stats(self) -> dict[str, object]:
        self._advance()
        return {
            "events_per_second_limit": self.limit,
            "events_per_second_average": round(self.average, 3),
            "events_rate_limited": self.triggered,
            "changes_discarded": self.discarded,
            "broadcasts_discarded": self.broadcasts_discarded,
        }

    def sink(self, hub: Hub) -> Sink:
        """The capture's sink: deliver through ``hub`` unless the limit is triggered."""

        async def deliver(change: Change) -> None:
            self._advance()
            if self.triggered:
                self.discarded += 1
                return
            before = hub.changes_delivered
            await hub.dispatch(change)
            self._count += hub.changes_delivered - before

        return deliver

    def broadcast_sink(
        self, deliver: Callable[[T], Awaitable[None]]
    ) -> Callable[[T], Awaitable[None]]:
        """Broadcast from the database's sink: deliver each message unless it would take the
        average over the limit (batch_broadcast.ex `check_rate_limit`), and count it."""

        async def send(message: T) -> None:
            self._advance()
            if self.limit and self.average + 1 > self.limit:
                self.broadcasts_discarded += 1
                return
            await deliver(message)
            self._count += 1

        return send


EVENT_RATE = web.AppKey("event_rate", EventRate)
