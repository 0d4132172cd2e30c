"""Database access for request handlers: a tiny connection pool and per-request roles.

Owns the superuser connections the HTTP/WebSocket side uses (autocommit, TimeZone UTC) and
``set_request_role``: the PostgREST way of running a statement as an API role, i.e. inside a
transaction with ``role`` and ``request.jwt.claims`` set locally, so the project's real RLS
policies decide what is visible.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import psycopg

from desktop_notifier.devstack.tokens import API_ROLES, Claims

log = logging.getLogger(__name__)

Conn = psycopg.AsyncConnection[tuple[object, ...]]


async def connect(dsn: str, application_name: str) -> Conn:
    return await psycopg.AsyncConnection.connect(
        dsn,
        autocommit=True,
        options="-c TimeZone=UTC",
        application_name=application_name,
    )


class Pool:
    """At most ``size`` open connections; broken ones are dropped and replaced lazily."""

    def __init__(self, dsn: str, size: int = 4, name: str = "devstack") -> None:
        self._dsn = dsn
        self._name = name
        self._idle: list[Conn] = []
        self._slots = asyncio.Semaphore(size)
        self._closed = False

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[Conn]:
        if self._closed:
            raise RuntimeError("pool is closed")
        async with self._slots:
            conn = self._idle.pop() if self._idle else await connect(self._dsn, self._name)
            try:
                yield conn
            finally:
                idle = conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
                if conn.closed or self._closed or not idle:
                    await conn.close()
                else:
                    self._idle.append(conn)

    async def close(self) -> None:
        self._closed = True
        idle, self._idle = self._idle, []
        for conn in idle:
            await conn.close()


async def set_request_role(conn: Conn, claims: Claims) -> None:
    """Inside a transaction: act as the claims' API role with these claims (PostgREST style)."""
    role = claims.get("role")
    if role not in API_ROLES:
        raise ValueError(f"not an API role: {role!r}")
    await conn.execute(
        "select set_config('role', %s, true), set_config('request.jwt.claims', %s, true)",
        (role, json.dumps(claims)),
    )
