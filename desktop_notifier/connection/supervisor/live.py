"""Staying connected once an attempt got through: the live link watched until it is lost or
stops answering pings, and the session kept fresh meanwhile (also in limited mode).

Auth's 429 on a token that is still valid keeps the connection: the refresh is tried again
when Auth allows it. Every new token is pushed to the channel (also one renewed during the
catch-up). The reconciliation runs after a repeated "Subscribed" and when its period is due.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from desktop_notifier.common.errors import ErrorCode, UserError
from desktop_notifier.connection.liveness import Liveness
from desktop_notifier.connection.supervisor.reconcile import Reconciler
from desktop_notifier.sync.account import Account
from desktop_notifier.sync.live_source import LiveSource

log = logging.getLogger("desktop_notifier.connection.supervisor")
Critical = Callable[[Awaitable[Any]], Awaitable[Any]]


async def keep_session(account: Account, uninterrupted: Critical) -> None:
    """Refresh the session when it is about to expire (a critical section)."""
    try:
        await uninterrupted(account.refresh_if_expiring())
    except UserError as exc:
        if exc.code != ErrorCode.RATE_LIMITED or account.expires_in() <= 0:
            raise
        log.info("refresh held back by Auth's rate limit; the token is still valid")


def session_due_in(account: Account) -> float:
    """Seconds until `keep_session` has something to do (at least one)."""
    return max(account.refresh_due_in(), account.refresh_wait(), 1.0)


async def stay_live(
    account: Account,
    link: LiveSource,
    token: str,
    liveness: Liveness,
    reconciler: Reconciler,
    uninterrupted: Critical,
) -> str:
    """Wait until the link is lost or stops answering pings, and say why."""
    lost = asyncio.ensure_future(link.lost.wait())
    dead = asyncio.ensure_future(liveness.watch(link.ping))
    resubscribed = asyncio.ensure_future(link.resubscribed.wait())
    try:
        while True:
            if account.tokens.access_token != token:
                token = account.tokens.access_token
                await link.set_token(token)
            timeout = min(session_due_in(account), reconciler.due_in())
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
                reconciler.request("capture restarted")
            await uninterrupted(reconciler.run_if_due(account))
            await keep_session(account, uninterrupted)
    finally:
        lost.cancel()
        dead.cancel()
        resubscribed.cancel()
