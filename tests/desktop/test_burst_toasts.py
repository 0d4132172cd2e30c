"""A thousand calls committed in one transaction, as a bulk import does: the user sees at most
five toasts on the real notification server (dunst), the last a summary that counts them all
and updates itself in place, and every one of the thousand alerts is in the history.

The stand-in here has Realtime's events-per-second quota off, as the benchmarks do: this counts
what the throttle shows for a burst that arrives. Changes over the quota are dropped (as the
real server drops them) and read by the reconciliation up to 120 s later, which then starts an
episode of its own (tests/faults cover that nothing is lost)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import pytest

from desktop_notifier.app.tray_app import App
from desktop_notifier.devstack.cluster import PostgresCluster
from tests.notify.buses import NotifyMonitor
from tests.support.standin import Standin, start_standin
from tests.support.waiting import until

pytestmark = pytest.mark.desktop
Run = Callable[..., Any]
CALLS = 1000
INSERT = (
    "insert into public.calls (company_name, status, owner_id) "
    "select 'Lote ' || n, 'new', %s::uuid from generate_series(1, %s) n"
)


@pytest.fixture(scope="module")
def own_standin(
    pg_cluster: PostgresCluster, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Standin]:
    """tests/desktop/conftest.py's, without the events-per-second quota."""
    stand = start_standin(
        tmp_path_factory.mktemp("burst-standin"),
        postgres=pg_cluster.dsn,
        poll_interval=0.02,
        events_per_second=0,
    )
    yield stand
    stand.stop()


def test_a_thousand_calls_in_one_transaction_are_at_most_five_toasts(
    live_app: App, run: Run, own_standin: Standin
) -> None:
    app = live_app
    before = app.store.count_alerts()
    monitor = run(NotifyMonitor.start())
    try:
        with psycopg.connect(own_standin.info["dsn"], autocommit=True) as db:
            db.execute(INSERT, (own_standin.info["user_id"], CALLS))
        run(until(lambda: app.store.count_alerts() - before >= CALLS, "every alert", 120), 150)
        run(asyncio.sleep(3))  # the summary's last update goes out
    finally:
        run(monitor.close())
    new_toasts = [call for call in monitor.calls if call.replaces_id == 0]
    assert 1 <= len(new_toasts) <= 5, [call.summary for call in new_toasts]
    counts = [re.search(r"(\d+) novas calls", call.summary) for call in monitor.calls]
    largest = max((int(found.group(1)) for found in counts if found), default=0)
    assert largest >= CALLS - 4, "the summary counts them all"
    assert app.store.count_alerts() - before == CALLS
