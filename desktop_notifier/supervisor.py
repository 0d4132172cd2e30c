"""The one owner of the connection: connecting → live → offline (retrying) → signed out.

Each attempt refreshes the session if it is about to expire, opens a fresh Realtime link,
waits until the server says it is streaming, catches up from the cursor, then stays live until
the link is lost. Between attempts it waits a jittered backoff that "Reconectar agora" can cut
short. It never gives up, except when the session is gone for good (signed out: the user must
sign in again).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Protocol

from desktop_notifier.alerts import Alert
from desktop_notifier.backoff import Backoff
from desktop_notifier.errors import UserError
from desktop_notifier.events import InvalidPayload, RowChange, parse_change
from desktop_notifier.store import Store
from desktop_notifier.sync.account import Account
from desktop_notifier.sync.catchup import catch_up
from desktop_notifier.sync.errors import is_retryable, map_error
from desktop_notifier.sync.pipeline import Pipeline
from desktop_notifier.sync.realtime_link import LinkFailed, RealtimeLink

log = logging.getLogger(__name__)

STREAMING_TIMEOUT = 10.0
HEALTHY_AFTER = 60.0
REFRESH_MARGIN = 60.0


class ConnectionState(StrEnum):
    CONNECTING = "connecting"
    LIVE = "live"
    OFFLINE = "offline"
    SIGNED_OUT = "signed_out"
    STOPPED = "stopped"


@dataclass(frozen=True)
class Status:
    state: ConnectionState
    since: datetime
    error: UserError | None = None
    detail: str = ""


class SupervisorObserver(Protocol):
    def status_changed(self, status: Status) -> None: ...

    def alerts_raised(self, alerts: Sequence[Alert], *, caught_up: bool) -> None: ...


LinkFactory = Callable[[str, str, str, Callable[[dict[str, Any]], None]], RealtimeLink]


def _default_link(
    url: str, anon_key: str, token: str, on_change: Callable[[dict[str, Any]], None]
) -> RealtimeLink:
    return RealtimeLink(url, anon_key, token, on_change)


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
    ) -> None:
        self._connect_account = connect_account
        self._store = store
        self._pipeline = pipeline
        self._observer = observer
        self._backoff = backoff or Backoff()
        self._link_factory = link_factory
        self._wake = asyncio.Event()
        self._stopping = False
        self.account: Account | None = None
        self.link: RealtimeLink | None = None
        self.status = Status(ConnectionState.CONNECTING, datetime.now(UTC))
        self.invalid_changes = 0
        self._tasks: set[asyncio.Future[None]] = set()

    # --- public ------------------------------------------------------------------------

    def reconnect_now(self) -> None:
        """Drop the current link (if any) and connect again without waiting."""
        self._backoff.reset()
        self._wake.set()

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()

    async def run(self) -> None:
        try:
            while not self._stopping:
                healthy = await self._attempt()
                if self._stopping or self.status.state is ConnectionState.SIGNED_OUT:
                    break
                if healthy:
                    self._backoff.reset()
                delay = self._backoff.next()
                log.info("reconnecting in %.1f s", delay)
                await self._sleep(delay)
        finally:
            if self.link is not None:
                await self.link.close()
                self.link = None
            if self.status.state is not ConnectionState.SIGNED_OUT:
                self._set(ConnectionState.STOPPED)

    # --- internals ---------------------------------------------------------------------

    def _set(
        self, state: ConnectionState, error: UserError | None = None, detail: str = ""
    ) -> None:
        if state is self.status.state and error is None and not detail:
            return
        self.status = Status(state, datetime.now(UTC), error, detail)
        log.info("connection %s%s", state.value, f" ({detail})" if detail else "")
        self._observer.status_changed(self.status)

    async def _sleep(self, delay: float) -> None:
        self._wake.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=delay)

    def _on_change(self, payload: dict[str, Any]) -> None:
        try:
            change = parse_change(payload)
        except InvalidPayload as exc:
            self.invalid_changes += 1
            log.warning("skipped a realtime change that could not be understood: %s", exc)
            return
        if change.truncated:
            task = asyncio.ensure_future(self._complete_truncated(change))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            return
        self._pipeline.handle([change])

    async def _complete_truncated(self, change: RowChange) -> None:
        """Realtime drops values of rows over its size limit: read the whole row instead."""
        if self.account is None:
            return
        try:
            row = await self.account.fetch_call(change.call_id)
        except Exception as exc:  # the catch-up after the next reconnect will bring it
            log.warning("could not fetch a large call: %s", type(exc).__name__)
            return
        if row is not None:
            self._pipeline.handle([replace(change, record=row, truncated=False)])

    async def _attempt(self) -> bool:
        """One connection attempt; returns True if the link was healthy for a while."""
        self._set(ConnectionState.CONNECTING)
        self._wake.clear()
        live_since: float | None = None
        try:
            if self.account is None:
                self.account = await self._connect_account()
            account = self.account
            await account.refresh_if_expiring(REFRESH_MARGIN)
            link = self._link_factory(
                account.url, account.anon_key, account.tokens.access_token, self._on_change
            )
            self.link = link
            await link.open()
            await asyncio.wait_for(link.streaming.wait(), STREAMING_TIMEOUT)
            result = await catch_up(account, self._store, self._pipeline)
            if result.alerts:
                self._observer.alerts_raised(result.alerts, caught_up=True)
            self._set(ConnectionState.LIVE)
            live_since = time.monotonic()
            await self._stay_live(account, link)
            reason = link.lost_reason or "reconnect requested"
            self._set(ConnectionState.OFFLINE, detail=reason)
        except (LinkFailed, TimeoutError) as exc:
            self._set(ConnectionState.OFFLINE, detail=str(exc) or type(exc).__name__)
        except Exception as exc:
            error = map_error(exc, self.account.url if self.account else "")
            if is_retryable(error):
                self._set(ConnectionState.OFFLINE, error, detail=str(error))
            else:
                self._set(ConnectionState.SIGNED_OUT, error, detail=str(error))
        finally:
            if self.link is not None:
                await self.link.close()
                self.link = None
        return live_since is not None and time.monotonic() - live_since >= HEALTHY_AFTER

    async def _stay_live(self, account: Account, link: RealtimeLink) -> None:
        """Wait until the link is lost or a reconnect is asked for; refresh the session
        ahead of expiry and push the new token to the channel."""
        lost = asyncio.ensure_future(link.lost.wait())
        wake = asyncio.ensure_future(self._wake.wait())
        try:
            while not link.lost.is_set() and not self._wake.is_set():
                timeout = max(account.expires_in() - REFRESH_MARGIN, 1.0)
                await asyncio.wait({lost, wake}, timeout=timeout, return_when="FIRST_COMPLETED")
                if not lost.done() and not wake.done():
                    tokens = await account.refresh()
                    await link.set_token(tokens.access_token)
        finally:
            lost.cancel()
            wake.cancel()
