"""`LiveSource`: what the connection supervisor needs from a live source of changes, whatever
carries them (Realtime `postgres_changes`, Realtime Broadcast from the database, ...).

A source is disposable: the supervisor makes one for every (re)connection and closes it. It
connects and joins (`open`), hands every change it receives to its `ChangeSink` as a
`RowChange` (or says it could not understand one), sets `streaming` once changes flow (the
catch-up may run from then on: everything committed after it is delivered live),
`resubscribed` when the server says it restarted its delivery without closing the channel (a
gap: the supervisor reads what it may hold), and `lost` (with `lost_reason`) when it is gone.
`token_expired` says the server refused `access_token` as expired; `set_token` pushes a fresh
one; `ping` measures a round trip (the liveness check). Every source raises the `LinkFailed`
family of `realtime_link` from `open`, so the supervisor's verdicts read them all alike.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from desktop_notifier.events import InvalidPayload, RowChange


class ChangeSink(Protocol):
    """Where a source delivers: `take` a change, or `reject` what it could not understand."""

    def take(self, change: RowChange) -> None: ...

    def reject(self, error: InvalidPayload) -> None: ...


class LiveSource(Protocol):
    access_token: str
    token_expired: bool
    streaming: asyncio.Event
    resubscribed: asyncio.Event
    lost: asyncio.Event
    lost_reason: str

    async def open(self) -> None: ...

    async def set_token(self, access_token: str) -> None: ...

    async def ping(self) -> float: ...

    async def close(self) -> None: ...


# Where a source that carries comments (only postgres-changes, `realtime_link`) hands each
# inserted `call_comments` row, as received (`connection/comment_alerts`).
CommentSink = Callable[[Mapping[str, Any]], None]

# (url, anon_key, access_token, sink) -> a new, unopened source
SourceFactory = Callable[[str, str, str, ChangeSink], LiveSource]


class Discard:
    """A sink that drops everything (a probe that only checks the connection works)."""

    def take(self, change: RowChange) -> None:
        pass

    def reject(self, error: InvalidPayload) -> None:
        pass
