"""A new profile on a team with history, against the real stand-in (PostgreSQL, PostgREST,
003_brief_reads.sql): the first sync reads the watermark, the open calls and the newest ones —
a bounded number of rows, and never a transcription — and afterwards the alerts stay exact: a
new call is told as new, an old call the store left out is not (and alerts only where its old
row proves a crossing), an old call still open alerts its analysis."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import psycopg

from desktop_notifier.connection.catchup.first_sync import NEWEST
from desktop_notifier.connection.catchup.runner import CatchUp
from desktop_notifier.connection.pipeline import Pipeline
from desktop_notifier.events import parse_change
from desktop_notifier.profile.settings import Settings
from desktop_notifier.profile.store import Store
from desktop_notifier.sync.account import Account
from tests.core.factories import payload
from tests.core.test_pipeline import Recorder
from tests.support.standin import Standin, run

DB = psycopg.Connection[tuple[Any, ...]]
MARK = "transcrição-marcador "
HISTORY = 1500


def test_the_first_sync_reads_what_is_current_and_alerts_stay_exact(
    tmp_path: Path, standin: Standin, db: DB
) -> None:
    info = standin.info
    owner = info["user_id"]
    db.execute(
        "insert into public.calls (company_name, status, ai_status, score, owner_id, "
        "transcription, created_at) select 'FS old ' || n, 'completed', 'completed', 50, %s, "
        "repeat(%s, 200), now() - interval '30 days' from generate_series(1, %s) n",
        (owner, MARK, HISTORY),
    )
    (still_open,) = db.execute(
        "insert into public.calls (company_name, status, ai_status, owner_id, created_at) "
        "values ('FS open', 'completed', 'processing', %s, now() - interval '40 days') "
        "returning id::text",
        (owner,),
    ).fetchone() or ("",)
    # calls other tests left open for this user are read too (that is the point): count them
    (open_now,) = db.execute(
        "select count(*) from public.calls where owner_id = %s and (status is null or status "
        "not in ('completed', 'missed', 'failed', 'cancelled') or ai_status not in "
        "('completed', 'failed'))",
        (owner,),
    ).fetchone() or (0,)
    (everything,) = db.execute(
        "select count(*) from public.calls where owner_id = %s", (owner,)
    ).fetchone() or (0,)
    bodies: list[bytes] = []

    async def record(response: httpx.Response) -> None:
        bodies.append(await response.aread())

    async def body() -> None:
        account = await Account.sign_in(
            standin.url, info["anon_key"], info["email"], info["password"],
            allow_insecure_http=True,
        )  # fmt: skip
        http = account._http
        http.event_hooks["response"].append(record)
        store = Store(tmp_path / "store.sqlite3")
        observer = Recorder()
        pipeline = Pipeline(store, Settings, observer, lambda: datetime.now(UTC))
        catchup = CatchUp(store, pipeline)
        try:
            first = await catchup.run(account)
            assert first.silent and first.mode == "xid"
            assert first.rows <= NEWEST + int(open_now), "the newest and the open calls…"
            assert first.rows < int(everything), "…not the table"
            assert not any(MARK.encode() in b for b in bodies), "no transcription was read"
            assert store.get_call(still_open) is not None, "an open call is read whatever its age"
            assert store.known_since() is not None

            old = db.execute(
                "select id::text from public.calls where company_name like 'FS old %%' "
                "and owner_id = %s order by id limit 2",
                (owner,),
            ).fetchall()
            quiet, crossing = (str(r[0]) for r in old)
            db.execute("update public.calls set score = 95 where id = %s", (quiet,))
            (fresh,) = db.execute(
                "insert into public.calls (company_name, status, owner_id) "
                "values ('FS new', 'new', %s) returning id::text",
                (owner,),
            ).fetchone() or ("",)
            db.execute(
                "update public.calls set ai_status = 'completed' where id = %s", (still_open,)
            )
            bodies.clear()
            later = await catchup.run(account)
            kinds = {(a.call_id, a.kind.value) for a in later.alerts}
            assert (fresh, "new_call") in kinds
            assert (still_open, "analysis_done") in kinds
            assert all(call_id != quiet for call_id, _ in kinds), "no old row: no guess"
            assert not any(MARK.encode() in b for b in bodies)

            # live, with REPLICA IDENTITY FULL's old row: the crossing is exact
            old_row: dict[str, Any] = {
                "id": crossing,
                "score": 50,
                "status": "completed",
                "ai_status": "completed",
                "created_at": "2026-01-01T00:00:00+00:00",
            }
            change = parse_change(payload("UPDATE", {**old_row, "score": 95}, old_row))
            live = pipeline.handle([change])
            assert [(a.call_id, a.kind.value) for a in live] == [(crossing, "high_score")]
            assert store.get_call(fresh) is not None and store.get_call(quiet) is not None
            assert store.get_call(fresh).transcription is None  # type: ignore[union-attr]
        finally:
            store.close()
            await account.close()
            db.execute("delete from public.calls where company_name like 'FS %%'")

    run(body(), timeout=120)
