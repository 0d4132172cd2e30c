"""Process life of the stand-in: faults, restarts, signals, its private PostgreSQL."""

from __future__ import annotations

import os
import shutil
import signal
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from desktop_notifier.devstack.cluster import PostgresCluster
from tests.devstack.conftest import Recorder, Standin, client, run, start_standin, subscribe
from tests.support.waiting import until_blocking

DB = psycopg.Connection[tuple[Any, ...]]

# The client libraries warn about their own deprecated internals.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def new_call(dsn: str) -> str:
    with psycopg.connect(dsn, autocommit=True) as conn:
        row = conn.execute("insert into public.calls (status) values ('new') returning id::text")
        return str(row.fetchone()[0])  # type: ignore[index]


async def delivered(rec: Recorder, dsn: str) -> None:
    row_id = new_call(dsn)
    await rec.wait(lambda: bool(rec.of("INSERT", row_id)), what="delivery")


def test_admin_close_and_inject(standin: Standin) -> None:
    async def body() -> None:
        sb = await client(standin, key=standin.info["service_role_key"])
        rec = await subscribe(sb, "faults")
        assert standin.admin("POST", "close?code=1012") == {"closed": 1, "code": 1012}
        await rec.wait(lambda: rec.states.count("SUBSCRIBED") == 2, what="rejoin")
        assert rec.states == ["SUBSCRIBED", "CHANNEL_ERROR", "SUBSCRIBED"]
        await rec.wait(lambda: len(rec.system) == 2)
        for junk in ('{"not json', '{"topic":"realtime:faults","event":"postgres_changes"}'):
            assert standin.admin("POST", "inject", junk) == {"sent": 1}
        await delivered(rec, standin.info["dsn"])  # the client shrugged the junk off
        stats = standin.admin("GET", "stats")
        assert stats["connections"] == 1 and stats["channels"] == 1
        assert stats["frames_sent"] > 5
        await sb.remove_all_channels()

    run(body())


def test_capture_survives_a_dropped_database_connection(standin: Standin, db: DB) -> None:
    async def body() -> None:
        sb = await client(standin, key=standin.info["service_role_key"])
        rec = await subscribe(sb, "survivor")
        before = standin.admin("GET", "stats")
        db.execute("select pg_terminate_backend(%s)", (before["capture_backend_pid"],))
        deadline = time.monotonic() + 10
        while True:  # changes committed while the slot is being recreated are lost
            try:
                row_id = new_call(standin.info["dsn"])
                await rec.wait(lambda r=row_id: bool(rec.of("INSERT", r)), timeout=0.5)  # type: ignore[misc]
                break
            except AssertionError:
                assert time.monotonic() < deadline, standin.log_text()[-2000:]
        assert standin.admin("GET", "stats")["capture_restarts"] == before["capture_restarts"] + 1
        await sb.remove_all_channels()

    run(body())


def test_restart_on_the_same_port_resubscribes(pg_cluster: PostgresCluster, tmp_path: Path) -> None:
    first = start_standin(tmp_path, postgres=pg_cluster.dsn)

    async def body() -> None:
        sb = await client(first, key=first.info["service_role_key"])
        rec = await subscribe(sb, "restart")
        assert first.stop() == 0
        await rec.wait(lambda: "CHANNEL_ERROR" in rec.states)
        second = start_standin(tmp_path, postgres=pg_cluster.dsn, port=first.port)
        try:
            assert second.info["anon_key"] == first.info["anon_key"]  # same secret, same keys
            await rec.wait(lambda: rec.states[-1] == "SUBSCRIBED", timeout=15)
            await rec.wait(lambda: len(rec.system) == 2)
            await delivered(rec, pg_cluster.dsn)
            await sb.remove_all_channels()
        finally:
            assert second.stop() == 0

    run(body(), timeout=40)


def test_simulation_streams_call_life_cycles(pg_cluster: PostgresCluster, tmp_path: Path) -> None:
    sim = start_standin(tmp_path, postgres=pg_cluster.dsn, simulate=True, simulate_rate=300)

    async def body() -> None:
        sb = await client(sim, key=sim.info["service_role_key"])
        rec = await subscribe(sb, "sim")
        # A call inserted just before the subscription shows up as UPDATEs only: wait for both.
        await rec.wait(lambda: {"INSERT", "UPDATE"} <= {c["type"] for c in rec.changes}, timeout=15)
        first = next(c for c in rec.changes if c["type"] == "INSERT")["record"]
        assert first["status"] == "new" and first["owner_id"] == sim.info["user_id"]
        assert first["company_name"]
        await sb.remove_all_channels()

    try:
        run(body())
    finally:
        assert sim.stop() == 0


def _postgres_pids(data: Path) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if b"postgres" in cmdline and str(data).encode() in cmdline:
                found.append(int(entry.name))
    return found


def _wait_gone(data: Path, timeout: float = 15.0) -> None:
    until_blocking(lambda: not _postgres_pids(data), f"postgres to stop ({data})", timeout)


@pytest.fixture
def data_dir() -> Iterator[Path]:
    path = Path("/tmp") / f"devstack-test-{uuid.uuid4().hex[:8]}"  # reachable by 'postgres'
    yield path / "data"
    shutil.rmtree(path, ignore_errors=True)


def test_private_cluster_crash_recovery_and_clean_stop(tmp_path: Path, data_dir: Path) -> None:
    # 1. Crash of everything: stand-in and postmaster SIGKILLed, postmaster.pid left behind.
    one = start_standin(tmp_path, data=data_dir)
    postmaster = int((data_dir / "postmaster.pid").read_text().split()[0])
    os.kill(postmaster, signal.SIGKILL)
    one.stop(signal.SIGKILL)
    _wait_gone(data_dir)
    assert (data_dir / "postmaster.pid").exists()
    # 2. Restart on the same data recovers; SIGKILL of the stand-in alone stops its postgres.
    two = start_standin(tmp_path, data=data_dir)
    assert two.info["user_id"] == one.info["user_id"]  # same cluster, same demo user
    assert two.stop(signal.SIGKILL) == -signal.SIGKILL
    _wait_gone(data_dir)
    # 3. SIGTERM: exit code 0 and no PostgreSQL process left.
    three = start_standin(tmp_path, data=data_dir)
    assert _postgres_pids(data_dir)
    assert three.stop() == 0
    assert _postgres_pids(data_dir) == []
    assert "shutting down" in three.log_text()
