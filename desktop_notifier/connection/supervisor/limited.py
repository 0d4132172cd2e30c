"""Limited mode: alerts by polling PostgREST while the websocket cannot be had.

Networks whose proxy refuses the websocket upgrade (or cuts the socket right after it) leave
REST working. After `limited_after` websocket failures in a row (`LimitedMode.link_failed`),
the attempt reads once and, REST answering, tries the websocket once more (the failures may have
been a network that was down and just came back). If it still fails, the attempt reads instead
of listening: the same catch-up pass as the reconciliation, every `poll_seconds`, with the
cursor's rules, so alerts, dedupe and exactly-once are those of live
mode (the store's dedupe counts each alert once whichever way it came). The state is LIMITED
("Modo limitado — atualizações a cada N s"). Every `probe_seconds` a fresh link is tried; once
one streams, polling ends and the supervisor connects live at once (its catch-up covers the
switch). A read that fails ends the attempt like any other failure (OFFLINE, the backoff, then
the websocket and, if it fails again, a read). Failures the server states (a refused key,
Realtime disabled, a full server) are not the network's and never start polling.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Protocol

from desktop_notifier.connection.catchup.runner import CatchUp
from desktop_notifier.connection.supervisor.live import Critical, keep_session, session_due_in
from desktop_notifier.connection.supervisor.reconcile import Reconciler
from desktop_notifier.connection.supervisor.status import (
    ConnectionState,
    StatusBoard,
    SupervisorObserver,
)
from desktop_notifier.sync.account import Account
from desktop_notifier.sync.realtime_link import JoinRefused, LinkFailed, UpgradeRefused

log = logging.getLogger("desktop_notifier.connection.supervisor")
# Upgrade refusals that are the server speaking (user_socket.ex), not a proxy in the way.
SERVER_REFUSALS = frozenset({401, 403, 404, 429})
WEBSOCKET_AVAILABLE = "websocket available"


class LimitedSettings(Protocol):
    @property
    def limited_after(self) -> int: ...

    @property
    def poll_seconds(self) -> float: ...

    @property
    def probe_seconds(self) -> float: ...


def network_refused_websocket(exc: BaseException) -> bool:
    """A websocket failure that a proxy or firewall in the way explains."""
    if isinstance(exc, UpgradeRefused):
        return exc.status not in SERVER_REFUSALS
    return isinstance(exc, LinkFailed | TimeoutError) and not isinstance(exc, JoinRefused)


class LimitedMode:
    def __init__(
        self,
        catchup: CatchUp,
        observer: SupervisorObserver,
        board: StatusBoard,
        settings: Callable[[], LimitedSettings],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._board = board
        self._settings = settings
        self._clock = clock
        self.failures = 0  # websocket failures in a row
        self.poller = Reconciler(catchup, observer, self.poll_seconds, clock)
        self.entered = 0  # times limited mode began (for tests and diagnostics)

    def poll_seconds(self) -> float:
        return max(self._settings().poll_seconds, 0.1)

    def link_failed(self, exc: BaseException) -> bool:
        """Count a failed websocket; True when the attempt should poll instead."""
        if not network_refused_websocket(exc):
            self.failures = 0
            return False
        self.failures += 1
        return self.failures >= max(self._settings().limited_after, 1)

    def link_worked(self) -> None:
        self.failures = 0

    async def run(
        self, account: Account, probe: Callable[[], Awaitable[bool]], uninterrupted: Critical
    ) -> str:
        """Poll until a probe finds the websocket working; returns why it ended. The first
        read runs at once: it proves REST works (its failure ends the attempt as usual)."""
        await uninterrupted(self.poller.catchup_now(account))
        # REST answers now. Websocket failures while the network itself was down (REST failed
        # with them) and then came back look the same: one more try tells them apart, so a
        # laptop whose network returns goes live at once rather than after a probe interval.
        if await probe():
            self.link_worked()
            log.info("the websocket works now that REST answers: the network was down")
            return WEBSOCKET_AVAILABLE
        self.entered += 1
        interval = self.poll_seconds()
        log.warning(
            "the websocket failed %d times in a row while REST answers: polling every %g s",
            self.failures,
            interval,
        )
        self._board.set(ConnectionState.LIMITED, detail=f"polling every {interval:g} s")
        next_probe = self._clock() + self._settings().probe_seconds
        while True:
            wait = min(
                self.poller.due_in(), session_due_in(account), max(next_probe - self._clock(), 0)
            )
            await asyncio.sleep(wait)
            if self.poller.due_in() <= 0:  # a failed read ends the attempt: OFFLINE, told why
                await uninterrupted(self.poller.catchup_now(account))
            await keep_session(account, uninterrupted)
            if self._clock() >= next_probe:
                if await probe():
                    self.link_worked()
                    log.info("the websocket works again; leaving limited mode")
                    return WEBSOCKET_AVAILABLE
                next_probe = self._clock() + self._settings().probe_seconds
