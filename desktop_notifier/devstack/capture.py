"""Change capture: wal2json (format-version 2) polled from a temporary logical slot.

Owns the capture connection and its slot, exactly the way Supabase Realtime's
``postgres_cdc_rls`` works: the slot is created before the stand-in says it is ready, then
``standin.poll_changes`` is called every ``poll_interval`` seconds and each shaped change is
handed to the sink in commit order. A transient database error does not end the poller: it
reconnects with a new slot (changes made in between are lost, as with the real server).
A capture rebuild (``drop_slot`` … ``new_slot``) does the same on purpose: what commits in
between is never delivered, like Realtime's rebuild after poll failures, a rebalance or a
publication change (``lib/extensions/postgres_cdc_rls/subscription_manager.ex``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, cast

import psycopg

from desktop_notifier.devstack import db
from desktop_notifier.events.json_depth import decode_rows

log = logging.getLogger(__name__)

MAX_RECORD_BYTES = 1024 * 1024  # realtime's default max_record_bytes
MAX_CHANGES = 100  # realtime's default poll_max_changes


@dataclass(frozen=True)
class Change:
    """One committed row change, shaped like Realtime's ``payload.data``."""

    data: dict[str, Any]
    data_json: str
    rls: bool
    pk: dict[str, str | None] | None

    @property
    def type(self) -> str:
        return str(self.data.get("type"))

    @property
    def table(self) -> str:
        return f"{self.data.get('schema')}.{self.data.get('table')}"


Sink = Callable[[Change], Awaitable[None]]


def _slot_name() -> str:
    return f"devstack_{os.getpid()}_{secrets.token_hex(4)}"


class ChangeCapture:
    """Owns one temporary wal2json slot and the loop that drains it."""

    def __init__(
        self,
        dsn: str,
        sink: Sink,
        poll_interval: float = 0.05,
        max_record_bytes: int = MAX_RECORD_BYTES,
    ) -> None:
        self._dsn = dsn
        self._sink = sink
        self._interval = poll_interval
        self._max_bytes = max_record_bytes
        self.slot = _slot_name()
        self._conn: db.Conn | None = None
        self._task: asyncio.Task[None] | None = None
        self._gate = asyncio.Lock()  # held by each poll, and from drop_slot to new_slot
        self.changes_seen = 0
        self.restarts = 0
        self.rebuilds = 0
        self.rebuilding = self._dropped = False

    @property
    def backend_pid(self) -> int | None:
        return self._conn.info.backend_pid if self._conn and not self._conn.closed else None

    async def open(self) -> None:
        """Connect and create the slot; nothing committed after this returns is missed."""
        conn = await db.connect(self._dsn, "devstack-capture")
        try:
            await conn.execute(
                "select pg_create_logical_replication_slot(%s, 'wal2json', true)", (self.slot,)
            )
        except BaseException:
            await conn.close()
            raise
        self._conn = conn
        log.info("capture slot %s created", self.slot)

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="devstack-capture")

    async def _poll_once(self) -> int:
        """Drain what is there now; return how many changes were handed on."""
        assert self._conn is not None
        cur = await self._conn.execute(
            "select data::text, rls, pk from standin.poll_changes(%s, %s, %s)",
            (self.slot, self._max_bytes, MAX_CHANGES),
        )
        rows = await cur.fetchall()
        for data_json, rls, pk in rows:
            pk_values = cast(dict[str, str | None] | None, pk)
            text = str(data_json)
            # The real server (Elixir) decodes any depth; Python's json would raise
            # RecursionError on a deeply nested jsonb column and end this poller. Only the
            # column filters read `data`: a value too deep to read is null there; the frame
            # sent to clients carries the text as it is.
            data = cast(dict[str, Any], decode_rows(text))
            change = Change(data, text, bool(rls), pk_values)
            self.changes_seen += 1
            try:
                await self._sink(change)
            except Exception:
                log.exception("delivering a %s on %s failed", change.type, change.table)
        return len(rows)

    async def _run(self) -> None:
        backoff = 0.1
        while True:
            try:
                async with self._gate:
                    if self._conn is None or self._conn.closed:
                        await self.open()
                        self.restarts += 1
                        backoff = 0.1
                    found = await self._poll_once()
            except (psycopg.Error, OSError) as e:
                log.warning("capture error, reconnecting in %.1f s: %s", backoff, e)
                await self._discard()
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 2.0)
                continue
            # Like the real poller: poll again at once after a non-empty batch.
            await asyncio.sleep(0 if found else self._interval)

    async def drop_slot(self) -> str:
        """Start a rebuild: stop polling, drop the slot; return its name."""
        if self.rebuilding:
            raise RuntimeError("a capture rebuild is already under way")
        self.rebuilding = True
        await self._gate.acquire()
        conn = self._conn
        if conn is not None and not conn.closed:
            with contextlib.suppress(psycopg.Error):
                await conn.execute("select pg_drop_replication_slot(%s)", (self.slot,))
        await self._discard()
        self._dropped = True
        log.info("capture slot %s dropped for a rebuild", self.slot)
        return self.slot

    async def new_slot(self) -> str:
        """Finish a rebuild: a new slot from now on, polling again; return its name."""
        if not self._dropped:
            raise RuntimeError("no capture rebuild is under way")
        try:
            self.slot = _slot_name()
            await self.open()
            self.rebuilds += 1
        finally:
            self.rebuilding = self._dropped = False
            self._gate.release()
        return self.slot

    async def _discard(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(Exception):
                await conn.close()

    async def stop(self) -> None:
        """Stop polling, drop the slot and close the connection."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._conn is not None and not self._conn.closed:
            with contextlib.suppress(psycopg.Error):
                await self._conn.execute("select pg_drop_replication_slot(%s)", (self.slot,))
                log.info("capture slot %s dropped", self.slot)
        await self._discard()
