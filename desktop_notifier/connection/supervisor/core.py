"""The supervisor's loop: attempts, backoff waits, the sleep hold, and interruptions.

Each attempt refreshes the session if it is about to expire, opens a fresh live source (the
one the settings choose: `sync/live_source.LiveSource`),
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

An attempt is a task that these calls cancel, except inside its critical sections
(`attempts`). When the websocket fails several times in a row while REST answers (a proxy
refusing the upgrade), the attempt polls PostgREST instead of listening (`limited`) until a
probe finds the websocket working again.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta

from desktop_notifier.connection.backoff import Backoff
from desktop_notifier.connection.catchup.runner import CatchUp
from desktop_notifier.connection.comment_alerts import CommentAlerts
from desktop_notifier.connection.liveness import Liveness
from desktop_notifier.connection.pipeline import Pipeline
from desktop_notifier.connection.supervisor.attempts import ASLEEP, AttemptRunner, Interrupted
from desktop_notifier.connection.supervisor.changes import LiveChanges
from desktop_notifier.connection.supervisor.limited import LimitedMode
from desktop_notifier.connection.supervisor.live import stay_live
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
from desktop_notifier.sync.live_source import ChangeSink, Discard, LiveSource, SourceFactory
from desktop_notifier.sync.sources import make_source

log = logging.getLogger("desktop_notifier.connection.supervisor")

STREAMING_TIMEOUT = 10.0
HEALTHY_AFTER = 60.0
# A connection attempt younger than this is left alone by `reconnect_now` (a wake and the
# network coming back usually arrive together; one fresh attempt is enough).
RESTART_GRACE = 2.0


class Supervisor(AttemptRunner):
    def __init__(
        self,
        connect_account: Callable[[], Awaitable[Account]],
        store: Store,
        pipeline: Pipeline,
        observer: SupervisorObserver,
        *,
        backoff: Backoff | None = None,
        link_factory: SourceFactory | None = None,
        liveness: Liveness | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self._connect_account = connect_account
        self._store = store
        self._pipeline = pipeline
        self._observer = observer
        self._backoff = backoff or Backoff()
        self._link_factory = link_factory or self._proxied_link
        self._liveness = liveness or Liveness()
        self._clock = clock
        self._skip_wait = False
        self._verdict = Verdict(ConnectionState.OFFLINE)  # of the last failed attempt
        self._rejected_token: str | None = None  # refused as expired by Realtime: renew it
        self.account: Account | None = None
        self.link: LiveSource | None = None
        self._board = StatusBoard(observer)
        self._changes = LiveChanges(pipeline, lambda: self.account)
        self.comments = CommentAlerts(
            store, lambda: pipeline.settings, observer, pipeline.now, lambda: self.account
        )
        self.catchup = CatchUp(
            store,
            pipeline,
            overlap=lambda: timedelta(seconds=pipeline.settings.catchup_overlap_seconds),
            comments=self.comments,
        )
        self.reconciler = Reconciler(
            self.catchup, observer, lambda: pipeline.settings.reconcile_seconds, clock
        )
        self.limited = LimitedMode(
            self.catchup, observer, self._board, lambda: pipeline.settings, clock
        )

    # --- public ------------------------------------------------------------------------

    @property
    def status(self) -> Status:
        return self._board.current

    @property
    def invalid_changes(self) -> int:
        """Realtime changes that could not be understood (skipped)."""
        return self._changes.invalid

    def reconnect_now(
        self, reason: str = "reconnect requested", *, fresh_too: bool = False
    ) -> None:
        """Connect again without waiting: skip the backoff, end a sleep hold, and replace a
        live link (it may be a zombie after a wake or a network change). A fresh connection
        attempt is left to finish, unless `fresh_too` (its link is of an old live source)."""
        if self._stopping:
            return
        self._hold = None
        self._backoff.reset()
        self._skip_wait = True
        self._wake.set()
        if self._attempt_running():
            trying = (ConnectionState.CONNECTING, ConnectionState.ATTENTION)
            fresh = (
                not fresh_too
                and self._board.state in trying
                and (self._critical > 0 or self._clock() - self._attempt_started < RESTART_GRACE)
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

    def _now(self) -> float:
        return self._clock()

    def _proxied_link(self, url: str, anon_key: str, token: str, sink: ChangeSink) -> LiveSource:
        """A link of the source the settings choose, through the account's proxy (the one its
        HTTP client uses)."""
        proxy = self.account.proxy if self.account is not None else None
        source = self._pipeline.settings.source
        bound = sink is self._changes and self.comments.enabled()  # see comment_alerts
        comments = self.comments.take if bound else None
        return make_source(source, url, anon_key, token, sink, proxy=proxy, comments=comments)

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
            await self._uninterrupted(self.comments.check(account))
            token = account.tokens.access_token
            link = self._link_factory(account.url, account.anon_key, token, self._changes)
            self.link = link
            try:
                await self._open(link)
            except Exception as exc:
                if link.token_expired or not self.limited.link_failed(exc):
                    raise  # an expired token is renewed by the next attempt, not polled around
                log.info("the websocket failed again (%s)", exc)
                await self._close_link()
                reason = await self.limited.run(account, self._probe, self._uninterrupted)
                self._skip_wait = True  # the websocket works: connect live at once
                self._board.set(ConnectionState.CONNECTING, detail=reason)
                return False
            self.limited.link_worked()
            link.resubscribed.clear()  # the catch-up covers everything before it
            await self._uninterrupted(self._catch_up(account))
            self._board.set(ConnectionState.LIVE)
            self._skip_wait = False
            live_since = self._clock()
            reason = await stay_live(
                account, link, token, self._liveness, self.reconciler, self._uninterrupted
            )
            self._board.set(ConnectionState.OFFLINE, detail=reason)
        except (asyncio.CancelledError, Interrupted):
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

    @staticmethod
    async def _open(link: LiveSource) -> None:
        await link.open()
        await asyncio.wait_for(link.streaming.wait(), STREAMING_TIMEOUT)

    async def _probe(self) -> bool:
        """In limited mode: can a link be had again? (Opened, streaming, closed.)"""
        account = self.account
        if account is None:
            return False
        token = account.tokens.access_token
        link = self._link_factory(account.url, account.anon_key, token, Discard())
        try:
            await self._open(link)
        except Exception as exc:
            log.info("the websocket is still unavailable (%s)", exc)
            return False
        finally:
            await link.close()
        return True

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
