"""Many rows missed at once, read back through PostgREST's limits: 30,000 calls written while
the app is closed come back through db-max-rows = 1000, exactly (xid) and in the timestamp
fallback (there with the cap lowered to 700, under the app's page of 1000, so that every page
comes back short and none may be taken for the end); and with a statement timeout that cancels
big pages, the page is halved until it passes and every row is still read.

The default live source only: the rows are written while the app is closed, so no live source
carries any of them; they come back by the catch-up through PostgREST, the same code and the
same reads whatever the source (it starts once the source streams, which every source's own
scenarios cover), and a run takes minutes."""

from __future__ import annotations

import asyncio
import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from desktop_notifier.alerts.summary import AWAY
from desktop_notifier.app.tray_app import App
from desktop_notifier.devstack.cluster import PostgresCluster
from tests.faults.conftest import Run, configured, started, until
from tests.support.apps import MakeApp, Recorder
from tests.support.gaps import (
    assert_exactly_once,
    bulk_new_calls,
    capture_passed,
    fallback_server,
    private_server,
    serving,
    wal_now,
)
from tests.support.outage import Ledger, Server

# The 300 s scenario (a 240 s catch-up under load) inside a longer pytest-timeout, which
# would otherwise cut it (tests/support/qt.py `run`).
pytestmark = [pytest.mark.desktop, pytest.mark.timeout(420)]
MISSED = 30_000


@pytest.fixture(params=["xid", "timestamp"])
def capped_server(
    request: pytest.FixtureRequest, tmp_path: Path, pg_cluster: PostgresCluster
) -> Iterator[Server]:
    if request.param == "xid":
        srv = private_server(tmp_path, pg_cluster, db_max_rows=1000)
    else:
        srv = fallback_server(tmp_path, pg_cluster, db_max_rows=700)
    yield from serving(srv)


def missed_while_closed(
    tmp_path: Path,
    server: Server,
    make_app: MakeApp,
    run: Run,
    count: int,
    limits: dict[str, Any] | None = None,
) -> tuple[App, Recorder, Ledger, float]:
    """Live once, closed while `count` calls are written, started again: the second app,
    its recorder, the ledger of what it must alert, and how long its catch-up took."""
    profile = configured(tmp_path / "profile", server)
    first, first_seen = make_app(profile)
    app, seen = make_app(profile)
    took: list[float] = []

    async def scenario(ledger: Ledger) -> None:
        await started(first, first_seen)
        await until(first_seen.live, "a live connection", 30)
        await first.shutdown()
        await asyncio.to_thread(bulk_new_calls, ledger, count)
        # while closed: the capture reads past them before the app comes back (its poller may
        # still hand the new subscriber a few; they arrive live, exactly once)
        written = wal_now(ledger.db)
        await until(lambda: capture_passed(ledger.db, written), "the capture past them", 60)
        if limits is not None:  # PostgREST's limits from now on (/_devstack/limits)
            await asyncio.to_thread(server.standin.admin, "POST", "limits", json.dumps(limits))
        began = time.monotonic()
        await started(app, seen)
        await until(lambda: seen.counts() == ledger.expected, "every alert", 240)
        took.append(time.monotonic() - began)
        await asyncio.sleep(1.0)  # nothing more may arrive

    with psycopg.connect(server.info["dsn"], autocommit=True) as db:
        ledger = Ledger(db, server.info["user_id"])
        run(scenario(ledger), 300)
    return app, seen, ledger, took[0]


def test_thirty_thousand_missed_rows_through_db_max_rows(
    tmp_path: Path, capped_server: Server, make_app: MakeApp, run: Run
) -> None:
    app, seen, ledger, took = missed_while_closed(tmp_path, capped_server, make_app, run, MISSED)
    assert_exactly_once([seen], ledger.expected, toasts=False)
    # Realtime's poller may still hand a new subscriber changes committed before it joined
    # (the stand-in's capture does the same): those few arrive live, exactly once all the same.
    assert seen.caught_up.count(True) > MISSED // 2, "the catch-up read the missed rows"
    away = [t for t in seen.toasts if t.title.startswith(AWAY["pt_BR"])]
    assert len(away) == 1, "one 'while you were away' toast for the catch-up"
    supervisor = app.bridge.supervisor
    assert supervisor is not None
    last = supervisor.catchup.last
    assert last is not None, "a catch-up ran"
    assert last.rows >= MISSED and last.pages >= MISSED // 1000
    print(f"{MISSED} missed rows caught up in {took:.1f} s ({last.mode}, {last.pages} pages)")


def test_a_statement_timeout_halves_the_page(
    tmp_path: Path, pg_cluster: PostgresCluster, make_app: MakeApp, run: Run
) -> None:
    # 4 ms of database time per row under a 1.5 s timeout: 1000 and 500 rows time out, 250 pass
    limits = {"statement_timeout": {"authenticated": "1500ms"}, "row_cost_ms": 4}
    server = private_server(tmp_path, pg_cluster)
    server.start()
    try:
        app, seen, ledger, _ = missed_while_closed(tmp_path, server, make_app, run, 3000, limits)
    finally:
        server.stop()
        shutil.rmtree(server.data, ignore_errors=True)  # type: ignore[attr-defined]
    assert_exactly_once([seen], ledger.expected, toasts=False)
    supervisor = app.bridge.supervisor
    assert supervisor is not None
    last = supervisor.catchup.last
    assert last is not None, "a catch-up ran"
    assert last.page_size == 250 and last.rows >= 3000
