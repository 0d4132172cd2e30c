"""The Ably outbox publisher: `public.ably_outbox` (resources/sql/007_ably_outbox.sql) → Ably.

The shape of the server-side handler a real deployment runs (an Edge Function called by a
Database Webhook on the outbox, or this script as a service): take the oldest rows (locked,
`skip locked`, so two publishers never send one row twice at once), publish them to their
channels with Ably's REST API (`POST /channels/<channel>/messages`, `Authorization: Basic` with
the root key, message `{name: operation, data: {record, old_record, operation}}`; consecutive
rows of one channel go together as an array, one request, as Ably's REST publish takes them),
delete what Ably accepted, in the same transaction. A failed publish keeps the row (at-least-once;
the app's dedupe drops a repeat) and is tried again on the next pass.

The stand-in runs one inside its process against its own Ably endpoint, as a reader
(`shared=True`): several stand-ins share one test database, so each follows the outbox from
the row it started at and deletes nothing but rows older than `KEEP_SECONDS` (housekeeping).
Every row is published at once, as the real handler does, so a message for a channel nobody
is attached to is gone (Ably keeps no history without persistence; the app catches up over
PostgREST). Standalone:
`python -m desktop_notifier.devstack.ably_publisher` with `DATABASE_URL`, `ABLY_KEY` and
`ABLY_REST` (default `https://main.realtime.ably.net`) in the environment.
"""

from __future__ import annotations

import asyncio
import logging
import os
import urllib.parse
from typing import Any

import httpx
import psycopg
from psycopg.rows import dict_row

log = logging.getLogger(__name__)

BATCH = 100
KEEP_SECONDS = 600
TAKE = """
select id, channel, operation, data from public.ably_outbox
order by id limit %s for update skip locked
"""
FOLLOW = """
select id, channel, operation, data from public.ably_outbox where id > %s order by id limit %s
"""
LAST = "select coalesce(max(id), 0) as id from public.ably_outbox"
HOUSEKEEPING = "delete from public.ably_outbox where created_at < now() - %s * interval '1 s'"


class OutboxPublisher:
    def __init__(
        self,
        dsn: str,
        rest_url: str,
        root_key: str,
        interval: float = 0.05,
        *,
        shared: bool = False,
    ) -> None:
        self._dsn = dsn
        self._shared = shared
        self._after: int | None = None  # shared: the last row published
        self._rest = rest_url.rstrip("/")
        self._auth = httpx.BasicAuth(*root_key.split(":", 1))
        self._interval = interval
        self.published = 0
        self.failures = 0

    async def run(self) -> None:
        async with (
            await psycopg.AsyncConnection.connect(self._dsn, row_factory=dict_row) as conn,
            httpx.AsyncClient(auth=self._auth, timeout=10) as http,
        ):
            while True:
                try:
                    sent = await self.pass_once(conn, http)
                except (psycopg.Error, httpx.HTTPError) as exc:
                    self.failures += 1
                    log.warning("ably outbox: %s; trying again", exc)
                    sent = 0
                if sent < BATCH:
                    await asyncio.sleep(self._interval)

    async def pass_once(self, conn: psycopg.AsyncConnection[Any], http: httpx.AsyncClient) -> int:
        """Publish up to BATCH rows (and delete them, unless shared); how many went out."""
        async with conn.transaction():
            if not self._shared:
                rows = await (await conn.execute(TAKE, (BATCH,))).fetchall()
            else:
                if self._after is None:
                    self._after = (await (await conn.execute(LAST)).fetchone() or {"id": 0})["id"]
                    await conn.execute(HOUSEKEEPING, (KEEP_SECONDS,))
                rows = await (await conn.execute(FOLLOW, (self._after, BATCH))).fetchall()
            done: list[int] = []
            for group in _runs_by_channel(rows):
                channel = urllib.parse.quote(group[0]["channel"], safe="")
                resp = await http.post(
                    f"{self._rest}/channels/{channel}/messages",
                    json=[{"name": row["operation"], "data": row["data"]} for row in group],
                )
                if resp.status_code >= 300:
                    self.failures += 1
                    log.warning("ably refused a publish: %s %s", resp.status_code, resp.text[:200])
                    break  # keep these rows and the later ones: order per channel holds
                done += [row["id"] for row in group]
            if done and self._shared:
                self._after = done[-1]
            elif done:
                await conn.execute("delete from public.ably_outbox where id = any(%s)", (done,))
        self.published += len(done)
        return len(done)


def _runs_by_channel(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The rows in order, cut where the channel changes."""
    runs: list[list[dict[str, Any]]] = []
    for row in rows:
        if runs and runs[-1][0]["channel"] == row["channel"]:
            runs[-1].append(row)
        else:
            runs.append([row])
    return runs


def main() -> None:  # pragma: no cover - a deployment's entry point
    logging.basicConfig(level=logging.INFO)
    publisher = OutboxPublisher(
        os.environ["DATABASE_URL"],
        os.environ.get("ABLY_REST", "https://main.realtime.ably.net"),
        os.environ["ABLY_KEY"],
        interval=0.5,
    )
    asyncio.run(publisher.run())


if __name__ == "__main__":  # pragma: no cover
    main()
