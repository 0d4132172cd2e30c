"""What the integration tests of the live sources share: a sink that records the
`RowChange`s (and rejected payloads) a link hands on, a signed-in `Account`, and the
stand-ins' counters."""

from __future__ import annotations

from typing import Any

import httpx

from desktop_notifier.events import InvalidPayload, RowChange
from desktop_notifier.sync.account import Account
from tests.support.standin import Standin, admin_headers


class Sink:
    def __init__(self) -> None:
        self.changes: list[RowChange] = []
        self.rejected: list[InvalidPayload] = []

    def take(self, change: RowChange) -> None:
        self.changes.append(change)

    def reject(self, error: InvalidPayload) -> None:
        self.rejected.append(error)


async def signed_in(standin: Standin, email: str, password: str) -> Account:
    info = standin.info
    return await Account.sign_in(info["url"], info["anon_key"], email, password)


def realtime_stats(standin: Standin) -> dict[str, Any]:
    """The stand-in Realtime's counters (`auth_queries`: the access checks it ran)."""
    response = httpx.get(f"{standin.url}/_devstack/stats", headers=admin_headers(standin.info))
    response.raise_for_status()
    return dict(response.json())


def ably_stats(standin: Standin, token_ttl_ms: int | None = None) -> dict[str, Any]:
    """The stand-in Ably's counters; with `token_ttl_ms`, also the lifetime of its next
    tokens."""
    url, headers = f"{standin.url}/_devstack/ably", admin_headers(standin.info)
    if token_ttl_ms is None:
        response = httpx.get(url, headers=headers)
    else:
        response = httpx.post(url, json={"token_ttl_ms": token_ttl_ms}, headers=headers)
    response.raise_for_status()
    return dict(response.json())
