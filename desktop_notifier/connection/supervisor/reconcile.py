"""Reconciliation while live: the same catch-up pass, run after every repeated "Subscribed to
PostgreSQL" (the server rebuilt its change capture; what changed meanwhile never came) and
periodically (the server drops changes over its rate limit without a word), so a silent gap is
found within one period instead of never.

Its alerts are live alerts (the user is there), counted once by the store's dedupe like any
other. A read that fails for a reason worth retrying leaves the link up and is tried again
after a growing delay (never sooner than `RETRY_FIRST`, never later than the period); one that
cannot succeed (the session is gone) ends the attempt like any other error.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from desktop_notifier.connection.catchup.runner import CatchUp, RowSource
from desktop_notifier.connection.supervisor.status import SupervisorObserver
from desktop_notifier.sync.errors import is_retryable, map_error

log = logging.getLogger("desktop_notifier.connection.supervisor")
RETRY_FIRST = 5.0


class Reconciler:
    def __init__(
        self,
        catchup: CatchUp,
        observer: SupervisorObserver,
        period: Callable[[], float],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._catchup = catchup
        self._observer = observer
        self._period = period
        self._clock = clock
        self._next = float("inf")
        self._failures = 0
        self.passes = 0
        self.reasons: list[str] = []

    def start(self) -> None:
        """A read just proved everything up to now: the next one is a period away."""
        self._failures = 0
        self._next = self._clock() + max(self._period(), 0.1)

    def request(self, reason: str) -> None:
        self.reasons.append(reason)
        self._next = min(self._next, self._clock())

    def due_in(self) -> float:
        return max(self._next - self._clock(), 0.0)

    async def catchup_now(self, source: RowSource) -> None:
        """Read now, whatever is due; a failure is raised to the caller."""
        result = await self._catchup.run(source)
        self.passes += 1
        self.start()
        if result.alerts:
            self._observer.alerts_raised(result.alerts, caught_up=False)

    async def run_if_due(self, source: RowSource) -> None:
        if self.due_in() > 0:
            return
        reason = self.reasons[-1] if self.reasons else "periodic"
        self.reasons.clear()
        try:
            result = await self._catchup.run(source)
        except Exception as exc:
            error = map_error(exc, getattr(source, "url", ""))
            if not is_retryable(error):
                raise
            self._failures += 1
            delay = min(RETRY_FIRST * 2 ** (self._failures - 1), max(self._period(), 0.1))
            self._next = self._clock() + delay
            log.warning("reconciliation (%s) failed: %s; again in %.0f s", reason, error, delay)
            return
        self.passes += 1
        self.start()
        if result.alerts:
            log.info("reconciliation (%s) found %d alerts", reason, len(result.alerts))
            self._observer.alerts_raised(result.alerts, caught_up=False)
