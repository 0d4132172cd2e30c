"""The network goes away under `watch` and comes back: the app runs in its own network
namespace, the stand-in in the peer namespace, and the test deletes and restores the default
route between them. `watch` must go offline at once ("no network"), reconnect as soon as the
route is back (no backoff wait), and catch up on the calls written meanwhile, once each."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from desktop_notifier.devstack.cluster import PostgresCluster
from tests.power.conftest import namespace  # noqa: F401 - the fixture
from tests.support.netns import CutPath, Namespace, open_path
from tests.support.outage import Ledger, in_store, of_json, watch_until

pytestmark = [pytest.mark.desktop, pytest.mark.sources]
CUT_FOR = 4.0


@pytest.fixture
def path(
    namespace: Namespace,  # noqa: F811
    tmp_path: Path,
    pg_cluster: PostgresCluster,
) -> Iterator[CutPath]:
    opened = open_path(namespace, tmp_path, pg_cluster)
    yield opened
    opened.close()


def test_route_cut_and_restored(path: CutPath, tmp_path: Path, pg_cluster: PostgresCluster) -> None:
    profile = tmp_path / "profile"
    done = path.configure(profile)
    assert done.returncode == 0, done.stderr
    watch = path.watch(profile)
    with psycopg.connect(pg_cluster.dsn, autocommit=True) as db:
        ledger = Ledger(db, path.standin.info["user_id"])
        try:
            watch.wait_state("live", timeout=30)
            ledger.some(1)
            watch_until(watch, ledger.expected, 10)
            for _ in range(2):
                mark = len(watch.states)
                path.cut()
                watch.wait_state("offline", timeout=5, after=mark)
                assert watch.states[mark].startswith("[offline]: no network"), watch.states
                ledger.some(3)
                time.sleep(CUT_FOR)
                mark = len(watch.states)
                restored = time.monotonic()
                path.restore()
                watch.wait_state("live", timeout=10, after=mark)
                back_in = time.monotonic() - restored
                assert back_in < 5, f"live again only {back_in:.1f} s after the route came back"
                watch_until(watch, ledger.expected, 10)
        finally:
            watch.stop()
    assert of_json(watch.alerts) == ledger.expected, "lost or duplicated alerts"
    assert in_store(profile / "store.sqlite3") == ledger.expected
