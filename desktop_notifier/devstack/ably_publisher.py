"""The Ably outbox publisher: `public.ably_outbox` (resources/sql/007_ably_outbox.sql) → Ably.

The shape of the server-side handler a real deployment runs (an Edge Function called by a
Database Webhook on the outbox, or this script as a service): take the oldest rows (locked,
`skip locked`, so two publishers never send one row twice at once), publish each to its
channel with Ably's REST API (`POST /channels/<channel>/messages`, `Authorization: Basic` with
the root key, message `{name: operation, data: {record, old_record, operation}}`), delete
what Ably accepted, in the same transaction. A failed publish keeps the row (at-least-once;
the app's dedupe drops a repeat) and is tried again on the next pass.

The stand-in runs one inside its process against its own Ably endpoint, limited to the
channels someone is attached to there (`wanted`): several stand-ins share one test database,
and each must leave the others' rows alone. A row nobody was attached for is dropped after
`ORPHAN_SECONDS` (Ably itself drops a message without subscribers; the app catches up over
PostgREST). The real handler publishes every row. Standalone:
`python -m desktop_notifier.devstack.ably_publisher` with `DATABASE_URL`, `ABLY_KEY` and
`ABLY_REST` (default `https://main.realtime.ably.net`) in the environment.
"""

from __future__ import annotations

import asyncio
import logging
import os
import urllib.parse
from collections.abc import Callable
from typing import Any

import httpx
import psycopg
from psycopg.rows import dict_row

log = logging.getLogger(__name__)

BATCH = 100
ORPHAN_SECONDS = 60
TAKE = """
select id, channel, operation, data from public.ably_outbox
where %(all)s or channel = any(%(wanted)s) or created_at < now() - %(orphan)s * interval '1 s'
order by id limit %(batch)s for update skip locked
"""


class OutboxPublisher:
    def __init__(
        self,
        dsn: str,
        rest_url: str,
        root_key: str,
        interval: float = 0.05,
        wanted: Callable[[], set[str]] | None = None,
    ) -> None:
        self._dsn = dsn
        self._wanted = wanted
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
        """Publish and delete up to BATCH rows in one transaction; how many went out."""
        async with conn.transaction():
            wanted = self._wanted() if self._wanted is not None else None
            params = {
                "all": wanted is None,
                "wanted": sorted(wanted or ()),
                "orphan": ORPHAN_SECONDS,
                "batch": BATCH,
            }
            rows = await (await conn.execute(TAKE, params)).fetchall()
            done: list[int] = []
            for row in rows:
                if wanted is not None and row["channel"] not in wanted:
                    done.append(row["id"])  # an orphan: nobody listens for it anywhere
                    continue
                channel = urllib.parse.quote(row["channel"], safe="")
                resp = await http.post(
                    f"{self._rest}/channels/{channel}/messages",
                    json={"name": row["operation"], "data": row["data"]},
                )
                if resp.status_code >= 300:
                    self.failures += 1
                    log.warning("ably refused a publish: %s %s", resp.status_code, resp.text[:200])
                    break  # keep this row and the later ones: order per channel holds
                done.append(row["id"])
            if done:
                await conn.execute("delete from public.ably_outbox where id = any(%s)", (done,))
        self.published += len(done)
        return len(done)


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
