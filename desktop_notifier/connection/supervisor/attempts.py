"""How the supervisor runs one connection attempt at a time and interrupts it.

An attempt is a task that `_interrupt` cancels, except inside its critical sections
(`_uninterrupted`): rotating the refresh token (cancelling mid-request could spend it without
keeping the new one) and a catch-up (its alerts are recorded and then reported together). An
interruption that arrives there takes effect right after. Also the waits between attempts: the
backoff (`_sleep`, cut short by `_wake`) and the hold while the machine sleeps.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable
from typing import TypeVar

from desktop_notifier.connection.supervisor.status import ConnectionState, StatusBoard

log = logging.getLogger("desktop_notifier.connection.supervisor")
T = TypeVar("T")

# Held offline for sleep, resume anyway after this long without a wake signal (monotonic
# time: it does not advance while the machine sleeps).
SLEEP_HOLD_LIMIT = 60.0
ASLEEP = "asleep"


class Interrupted(Exception):
    """An interruption that waited for a critical section to end."""


class AttemptRunner:
    """The task plumbing the supervisor builds on; `_attempt` is its one connection attempt."""

    _board: StatusBoard

    def __init__(self) -> None:
        self._wake = asyncio.Event()  # ends a backoff wait or a sleep hold
        self._idle = asyncio.Event()  # no attempt running, no link open
        self._idle.set()
        self._stopping = False
        self._attempt_task: asyncio.Task[bool] | None = None
        self._attempt_started = 0.0
        self._critical = 0
        self._pending_interrupt = False
        self._interrupt_reason = ""
        self._hold: str | None = None  # offline on purpose until reconnect_now (sleep)

    async def _attempt(self) -> bool:
        raise NotImplementedError

    def _now(self) -> float:
        raise NotImplementedError

    # --- waiting -------------------------------------------------------------------------

    async def _sleep(self, delay: float) -> None:
        self._wake.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=delay)

    async def _hold_offline(self) -> None:
        reason = self._hold or ASLEEP
        status = self._board.current
        if status.state is not ConnectionState.OFFLINE or status.detail != reason:
            self._board.set(ConnectionState.OFFLINE, detail=reason)
        self._wake.clear()
        if self._hold is not None and not self._stopping:
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=SLEEP_HOLD_LIMIT)
            except TimeoutError:
                log.info(
                    "no wake signal %.0f s after going to sleep; reconnecting", SLEEP_HOLD_LIMIT
                )
        self._hold = None

    # --- interruption ------------------------------------------------------------------

    def _attempt_running(self) -> bool:
        return self._attempt_task is not None and not self._attempt_task.done()

    def _interrupt(self, reason: str) -> bool:
        """End the running attempt (now, or after its critical section); False if none."""
        task = self._attempt_task
        if task is None or task.done():
            return False
        self._interrupt_reason = reason
        if self._critical:
            self._pending_interrupt = True
        else:
            task.cancel()
        return True

    async def _uninterrupted(self, work: Awaitable[T]) -> T:
        """Run `work` as a critical section; a pending interruption takes effect after it."""
        self._critical += 1
        try:
            return await work
        finally:
            self._critical -= 1
            if self._critical == 0 and self._pending_interrupt:
                self._pending_interrupt = False
                raise Interrupted(self._interrupt_reason)

    async def _run_attempt(self) -> bool:
        self._interrupt_reason = ""
        self._pending_interrupt = False
        self._attempt_started = self._now()
        self._idle.clear()
        task = asyncio.ensure_future(self._attempt())
        self._attempt_task = task
        try:
            await asyncio.wait({task})
        finally:
            if not task.done():  # run() itself was cancelled
                self._interrupt_reason = "stopped"
                task.cancel()
                await asyncio.wait({task})
            self._idle.set()
        if task.cancelled():  # cancelled from inside the client library, not by us
            log.warning("a connection attempt was cancelled unexpectedly")
            self._board.set(ConnectionState.OFFLINE, detail="attempt cancelled")
            return False
        return task.result()
