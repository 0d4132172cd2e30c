"""Helpers for the stand-in's own tests: real client libraries against it.

The stand-in fixtures themselves (``standin``, ``pg_cluster``, ``db``, ``start_standin``) live
in ``tests/support/standin.py`` and are registered by the top-level conftest.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

import httpx
import jwt
from realtime.types import RealtimePostgresChangesListenEvent
from supabase import AsyncClient, AsyncClientOptions, acreate_client
from supabase.types import RealtimeClientOptions

from tests.support.standin import JWT_SECRET, USER_B, Standin, start_standin
from tests.support.standin import run as run_bounded
from tests.support.waiting import until

__all__ = ["JWT_SECRET", "USER_B", "Standin", "start_standin"]  # for this folder's tests
T = TypeVar("T")


def rows_of(data: object) -> list[dict[str, Any]]:
    """A PostgREST body (typed as any JSON by postgrest-py) that must be a list of rows."""
    assert isinstance(data, list) and all(isinstance(row, dict) for row in data), data
    return cast("list[dict[str, Any]]", data)


def record_of(data: object) -> dict[str, Any]:
    """A PostgREST body that must be one JSON object (one row, or an RPC's result)."""
    assert isinstance(data, dict), data
    return cast("dict[str, Any]", data)


def make_token(claims: dict[str, Any], secret: str = JWT_SECRET) -> str:
    return jwt.encode(claims, secret, algorithm="HS256")


# The clients a test body made, closed when it ends (`run`): supabase-py has no close of its
# own, so each client gets an HTTP client of ours, as the app's account does (sync/account.py).
_OPENED: ContextVar[list[tuple[AsyncClient, httpx.AsyncClient]] | None] = ContextVar(
    "devstack_clients", default=None
)


def run(coro: Coroutine[Any, Any, T], timeout: float = 30.0) -> T:
    """`tests.support.standin.run`, closing the clients the body made with `client`."""

    async def closing() -> T:
        opened: list[tuple[AsyncClient, httpx.AsyncClient]] = []
        _OPENED.set(opened)
        try:
            return await coro
        finally:
            for sb, http in opened:
                if sb.realtime.is_connected:
                    await sb.realtime.close()
                await http.aclose()

    result: T = run_bounded(closing(), timeout)
    return result


async def client(stand: Standin, key: str | None = None, **realtime: Any) -> AsyncClient:
    opts = cast("RealtimeClientOptions", {"max_retries": 8, "initial_backoff": 0.2, **realtime})
    opened = _OPENED.get()
    assert opened is not None, "make clients inside run(), which closes them"
    http = httpx.AsyncClient()
    sb = await acreate_client(
        stand.url,
        key or stand.info["anon_key"],
        options=AsyncClientOptions(realtime=opts, httpx_client=http),
    )
    opened.append((sb, http))
    return sb


async def signed_in(stand: Standin, email: str, password: str, **realtime: Any) -> AsyncClient:
    sb = await client(stand, **realtime)
    await sb.auth.sign_in_with_password({"email": email, "password": password})
    return sb


@dataclass
class Recorder:
    """Everything a channel reported, in arrival order."""

    states: list[str] = field(default_factory=list)
    system: list[Any] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)

    def on_state(self, state: Any, err: Exception | None) -> None:
        self.states.append(str(getattr(state, "value", state)))

    def on_change(self, payload: Any) -> None:
        self.changes.append(payload["data"])

    def of(self, kind: str, row_id: str) -> list[dict[str, Any]]:
        """Changes of one type for one row id."""
        key = "old_record" if kind == "DELETE" else "record"
        return [c for c in self.changes if c["type"] == kind and c[key].get("id") == row_id]

    async def wait(self, cond: Callable[[], bool], timeout: float = 10.0, what: str = "") -> None:
        try:
            await until(cond, what or str(cond), timeout)
        except AssertionError as timed_out:  # with what the channel did report
            raise AssertionError(f"{timed_out}: {self}") from None


async def subscribe(
    sb: AsyncClient, name: str, table: str = "calls", event: str = "*", **binding: Any
) -> Recorder:
    """Join ``name`` with one postgres_changes binding; return once streaming."""
    rec = Recorder()
    ch = sb.channel(name)
    listen = RealtimePostgresChangesListenEvent(event)
    ch.on_postgres_changes(listen, rec.on_change, table=table, schema="public", **binding)
    ch.on_system(rec.system.append)
    await ch.subscribe(rec.on_state)
    await rec.wait(lambda: bool(rec.system), what="Subscribed to PostgreSQL")
    return rec
