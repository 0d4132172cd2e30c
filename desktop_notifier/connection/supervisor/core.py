"""The supervisor's loop: attempts, backoff waits, the sleep hold, and interruptions.

Each attempt refreshes the session if it is about to expire, opens a fresh Realtime link,
waits until the server says it is streaming, catches up from the floor, then stays live until
the link is lost, stops answering pings (`Liveness`) or something asks for a new connection.
While live it reconciles (`Reconciler`): the same catch-up after every repeated "Subscribed"
and periodically, since the server can drop changes without closing the channel.
Between attempts it waits a jittered backoff that "Reconectar agora" can cut short (`verdict`
decides how long: longer when the server says it is overloaded, a slow retry while it refuses
us until the user fixes something, shown as ATTENTION without flipping to "connecting" at each
retry). It never gives up, except when the session is gone for good (signed out: the user
must sign in again).

Outside events steer it (`triggers` wires them): `reconnect_now()` on wake, network back or
the tray's "Reconectar agora"; `go_offline()` when the network is gone (retries go on, they
only fail fast); `go_offline_for_sleep()` closes the link cleanly and holds until the wake.

An attempt is a task that these calls cancel, except inside its critical sections: rotating
the refresh token (cancelling mid-request could spend it without keeping the new one) and the
catch-up (its alerts are recorded and then reported together). An interruption that arrives
there takes effect right after.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any, TypeVar

from desktop_notifier.common.errors import ErrorCode, UserError
from desktop_notifier.connection.backoff import Backoff
from desktop_notifier.connection.catchup.runner import CatchUp
from desktop_notifier.connection.liveness import Liveness
from desktop_notifier.connection.pipeline import Pipeline
from desktop_notifier.connection.supervisor.changes import LiveChanges
from desktop_notifier.connection.supervisor.reconcile import Reconciler
from desktop_notifier.connection.supervisor.status import (
    ConnectionState,
    Status,
    StatusBoard,
    SupervisorObserver,
)
from desktop_notifier.connection.supervisor.verdict import Verdict, judge
from desktop_notifier.profile.store import Store
from desktop_notifier.sync.account import Account
from desktop_notifier.sync.realtime_link import RealtimeLink

log = logging.getLogger("desktop_notifier.connection.supervisor")
T = TypeVar("T")

STREAMING_TIMEOUT = 10.0
HEALTHY_AFTER = 60.0
# A connection attempt younger than this is left alone by `reconnect_now` (a wake and the
# network coming back usually arrive together; one fresh attempt is enough).
RESTART_GRACE = 2.0
# Held offline for sleep, resume anyway after this long without a wake signal (monotonic
# time: it does not advance while the machine sleeps).
SLEEP_HOLD_LIMIT = 60.0
ASLEEP = "asleep"

LinkFactory = Callable[[str, str, str, Callable[[dict[str, Any]], None]], RealtimeLink]


def _default_link(
    url: str, anon_key: str, token: str, on_change: Callable[[dict[str, Any]], None]
) -> RealtimeLink:
    return RealtimeLink(url, anon_key, token, on_change)


class _Interrupted(Exception):
    """An interruption that waited for a critical section to end."""


class Supervisor:
    def __init__(
        self,
        connect_account: Callable[[], Awaitable[Account]],
        store: Store,
        pipeline: Pipeline,
        observer: SupervisorObserver,
        *,
        backoff: Backoff | None = None,
        link_factory: LinkFactory = _default_link,
        liveness: Liveness | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._connect_account = connect_account
        self._store = store
        self._pipeline = pipeline
        self._observer = observer
        self._backoff = backoff or Backoff()
        self._link_factory = link_factory
        self._liveness = liveness or Liveness()
        self._clock = clock
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
        self._skip_wait = False
        self._verdict = Verdict(ConnectionState.OFFLINE)  # of the last failed attempt
        self._rejected_token: str | None = None  # refused as expired by Realtime: renew it
        self.account: Account | None = None
        self.link: RealtimeLink | None = None
        self._board = StatusBoard(observer)
        self._changes = LiveChanges(pipeline, lambda: self.account)
        self.catchup = CatchUp(
            store,
            pipeline,
            overlap=lambda: timedelta(seconds=pipeline.settings.catchup_overlap_seconds),
        )
        self.reconciler = Reconciler(
            self.catchup, observer, lambda: pipeline.settings.reconcile_seconds, clock
        )

    # --- public ------------------------------------------------------------------------

    @property
    def status(self) -> Status:
        return self._board.current

    @property
    def invalid_changes(self) -> int:
        """Realtime changes that could not be understood (skipped)."""
        return self._changes.invalid

    def reconnect_now(self, reason: str = "reconnect requested") -> None:
        """Connect again without waiting: skip the backoff, end a sleep hold, and replace a
        live link (it may be a zombie after a wake or a network change). A fresh connection
        attempt is left to finish."""
        if self._stopping:
            return
        self._hold = None
        self._backoff.reset()
        self._skip_wait = True
        self._wake.set()
        if self._attempt_running():
            trying = (ConnectionState.CONNECTING, ConnectionState.ATTENTION)
            fresh = self._board.state in trying and (
                self._critical > 0 or self._clock() - self._attempt_started < RESTART_GRACE
            )
            if not fresh:
                self._interrupt(reason)

    def go_offline(self, reason: str) -> None:
        """The network is gone: drop the link now. Retries go on (the OS may never say the
        network is back) and fail fast until it is."""
        if self._stopping:
            return
        self._skip_wait = False
        self._interrupt(reason)
        if self._board.state is ConnectionState.OFFLINE:  # else the attempt says it on its way out
            self._board.set(ConnectionState.OFFLINE, detail=reason)

    async def go_offline_for_sleep(self) -> None:
        """Close the link cleanly and stay offline until `reconnect_now()` (the wake);
        returns once the link is closed."""
        if not self._stopping:
            self._hold = ASLEEP
            self._skip_wait = False
            self._wake.set()
            self._interrupt(ASLEEP)
        await self._idle.wait()

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        self._interrupt("stopped")

    async def run(self) -> None:
        try:
            while not self._stopping:
                if self._hold is not None:
                    await self._hold_offline()
                    continue
                healthy = await self._run_attempt()
                if self._stopping or self._board.state is ConnectionState.SIGNED_OUT:
                    break
                if healthy:
                    self._backoff.reset()
                if self._hold is not None:
                    continue
                if self._skip_wait:
                    self._skip_wait = False
                    continue
                delay = self._verdict.delay(self._backoff)
                log.info("reconnecting in %.1f s", delay)
                await self._sleep(delay)
        finally:
            task = self._attempt_task
            if task is not None and not task.done():
                self._interrupt_reason = "stopped"
                task.cancel()
                await asyncio.wait({task})
            await self._close_link()
            self._idle.set()
            if self._board.state is not ConnectionState.SIGNED_OUT:
                self._board.set(ConnectionState.STOPPED)

    # --- waiting -------------------------------------------------------------------------

    async def _sleep(self, delay: float) -> None:
        self._wake.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=delay)

    async def _hold_offline(self) -> None:
        reason = self._hold or ASLEEP
        if self.status.state is not ConnectionState.OFFLINE or self.status.detail != reason:
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
                raise _Interrupted(self._interrupt_reason)

    async def _run_attempt(self) -> bool:
        self._interrupt_reason = ""
        self._pending_interrupt = False
        self._attempt_started = self._clock()
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

    # --- one attempt -------------------------------------------------------------------

    async def _attempt(self) -> bool:
        """One connection attempt; returns True if the link was healthy for a while."""
        self._verdict = Verdict(ConnectionState.OFFLINE)
        if self._board.state is not ConnectionState.ATTENTION:  # said once, not every retry
            self._board.set(ConnectionState.CONNECTING)
        live_since: float | None = None
        try:
            account = self.account
            if account is None:
                account = await self._uninterrupted(self._sign_in())
            rejected, self._rejected_token = self._rejected_token, None
            if rejected is not None:
                await self._uninterrupted(account.refresh_rejected(rejected))
            await self._uninterrupted(account.refresh_if_expiring())
            token = account.tokens.access_token
            link = self._link_factory(account.url, account.anon_key, token, self._changes.handle)
            self.link = link
            await link.open()
            await asyncio.wait_for(link.streaming.wait(), STREAMING_TIMEOUT)
            link.resubscribed.clear()  # the catch-up covers everything before it
            await self._uninterrupted(self._catch_up(account))
            self._board.set(ConnectionState.LIVE)
            self._skip_wait = False
            live_since = self._clock()
            reason = await self._stay_live(account, link, token)
            self._board.set(ConnectionState.OFFLINE, detail=reason)
        except (asyncio.CancelledError, _Interrupted):
            if not self._interrupt_reason:
                raise
            self._board.set(ConnectionState.OFFLINE, detail=self._interrupt_reason)
        except Exception as exc:
            self._verdict = judge(exc, self.account.url if self.account else "")
            self._board.set(self._verdict.state, self._verdict.error, self._verdict.detail)
        finally:
            self._note_expired_token()
            self._critical += 1  # closing the link is not interrupted: it would leak the socket
            try:
                await self._close_link()
            finally:
                self._critical -= 1
        return live_since is not None and self._clock() - live_since >= HEALTHY_AFTER

    async def _sign_in(self) -> Account:
        """Restore the session; kept even when an interruption waits for it to finish (the
        refresh token it spent is gone, the new one lives in this account)."""
        self.account = await self._connect_account()
        return self.account

    async def _catch_up(self, account: Account) -> None:
        result = await self.catchup.run(account)
        self.reconciler.start()
        if result.alerts:
            self._observer.alerts_raised(result.alerts, caught_up=True)

    def _note_expired_token(self) -> None:
        """Realtime refused the link's token as expired: the next attempt renews that token. A
        channel shut by its expiry timer after streaming is rejoined at once; a refused join
        waits its backoff (a server whose parts disagree about time must not get a storm)."""
        link = self.link
        if link is not None and getattr(link, "token_expired", False):
            self._rejected_token = link.access_token
            self._skip_wait = self._skip_wait or link.streaming.is_set()

    async def _close_link(self) -> None:
        link, self.link = self.link, None
        if link is not None:
            await link.close()
        self._changes.drain()

    async def _stay_live(self, account: Account, link: RealtimeLink, token: str) -> str:
        """Wait until the link is lost or stops answering pings, and say why; refresh the
        session ahead of expiry meanwhile and push every new token to the channel (also one
        renewed during the catch-up). Auth's 429 on a token still valid keeps the link.
        Reconcile after a repeated "Subscribed" and when the period is due."""
        lost = asyncio.ensure_future(link.lost.wait())
        dead = asyncio.ensure_future(self._liveness.watch(link.ping))
        resubscribed = asyncio.ensure_future(link.resubscribed.wait())
        try:
            while True:
                if account.tokens.access_token != token:
                    token = account.tokens.access_token
                    await link.set_token(token)
                timeout = min(
                    max(account.refresh_due_in(), account.refresh_wait(), 1.0),
                    self.reconciler.due_in(),
                )
                await asyncio.wait(
                    {lost, dead, resubscribed}, timeout=timeout, return_when="FIRST_COMPLETED"
                )
                if lost.done():
                    return link.lost_reason or "connection lost"
                if dead.done():
                    return dead.result()
                if resubscribed.done():
                    link.resubscribed.clear()
                    resubscribed = asyncio.ensure_future(link.resubscribed.wait())
                    self.reconciler.request("capture restarted")
                await self._uninterrupted(self.reconciler.run_if_due(account))
                try:
                    await self._uninterrupted(account.refresh_if_expiring())
                except UserError as exc:
                    if exc.code != ErrorCode.RATE_LIMITED or account.expires_in() <= 0:
                        raise
                    log.info("refresh held back by Auth's rate limit; the token is still valid")
        finally:
            lost.cancel()
            dead.cancel()
            resubscribed.cancel()
