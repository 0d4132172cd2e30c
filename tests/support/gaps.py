"""Helpers for the gap scenarios (tests/faults/test_gap_*.py): a stand-in on its own cluster
with an older schema (the timestamp fallback), bulk writes and a transaction held open, and
the exactly-once check on the store, the app and the toasts sent to the notification server."""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import psycopg

from desktop_notifier.alerts import AlertKind
from desktop_notifier.devstack.cluster import PostgresCluster
from tests.support.calls import Conn, insert_call
from tests.support.outage import Key, Ledger, Server, in_store, lost_and_duplicated
from tests.support.qt import Dunst

ALERT_KINDS = {kind.value for kind in AlertKind}
HISTORY = 10


def private_server(tmp_path: Path, cluster: PostgresCluster, **flags: Any) -> Server:
    """A stand-in on a PostgreSQL of its own (gone with it: tens of thousands of rows must not
    slow every later test's first sync on the session's cluster). Its data directory, kept
    across restarts, is under /tmp where the `postgres` user can reach it; the caller removes
    it (`shutil.rmtree(server.data)`)."""
    data = Path(tempfile.mkdtemp(prefix="calls-notifier-pg-"))
    data.chmod(0o755)
    server = Server(tmp_path, cluster, postgres=None, data=data / "pg", **flags)
    server.data = data  # type: ignore[attr-defined]
    return server


def serving(server: Server) -> Iterator[Server]:
    """The body of a server fixture: `server` started, yielded, stopped, and the data
    directory of a private one (`private_server`, `fallback_server`) removed."""
    server.start()
    yield server
    server.stop()
    if hasattr(server, "data"):
        shutil.rmtree(server.data, ignore_errors=True)


def fallback_server(tmp_path: Path, cluster: PostgresCluster, **flags: Any) -> Server:
    """A private stand-in with only 001_calls.sql: no calls_changes."""
    return private_server(tmp_path, cluster, migrations_upto="001", **flags)


def bulk_new_calls(ledger: Ledger, count: int) -> list[str]:
    """`count` new calls in one statement (each must raise one new-call alert)."""
    rows = ledger.db.execute(
        "insert into public.calls (company_name, status, owner_id) "
        "select 'Lote ' || n, 'new', %s from generate_series(1, %s) n returning id",
        (ledger.owner, count),
    ).fetchall()
    ids = [str(r[0]) for r in rows]
    ledger.expected.update(("new_call", call) for call in ids)
    return ids


def wal_now(db: Conn) -> str:
    """Where the write-ahead log ends now (after what `db` committed)."""
    found = db.execute("select pg_current_wal_lsn()::text").fetchone()
    assert found is not None
    return str(found[0])


def capture_passed(db: Conn, lsn: str) -> bool:
    """The stand-in's change capture has read the WAL up to `lsn` (a "written while closed"
    scenario waits for it; like Realtime's poller, the stand-in may still hand a subscriber
    that joins next a few of those changes live)."""
    found = db.execute(
        "select coalesce(bool_and(confirmed_flush_lsn >= %s::pg_lsn), true) "
        "from pg_replication_slots where slot_type = 'logical'",
        (lsn,),
    ).fetchone()
    return bool(found and found[0])


class HeldTransaction:
    """A new call inserted in a transaction that stays open until `commit()`."""

    def __init__(self, dsn: str, ledger: Ledger) -> None:
        self.conn: Conn = psycopg.connect(dsn)
        self.call = insert_call(self.conn, ledger.owner, "Transação longa")
        found = self.conn.execute(
            "select updated_at, pg_current_xact_id()::text from public.calls where id = %s",
            (self.call,),
        ).fetchone()
        assert found is not None
        self.updated_at, self.xid = found[0], int(found[1])
        ledger.expected[("new_call", self.call)] += 1

    def commit(self) -> None:
        self.conn.commit()
        self.conn.close()


def assert_exactly_once(
    seen: Sequence[Any],
    expected: Counter[tuple[str, str]],
    dunst: Dunst | None = None,
    *,
    toasts: bool = True,
) -> None:
    """0 lost, 0 duplicated over the apps that ran on one profile (their `Recorder`s): in the
    apps, in the store, and in the toasts (one per alert, each on the notification server)."""
    got: Counter[Key] = sum((s.counts() for s in seen), Counter())
    lost, duplicated = lost_and_duplicated(expected, got)
    assert (len(lost), len(duplicated)) == (0, 0), f"lost {lost[:5]}, duplicated {duplicated[:5]}"
    assert got == expected
    assert in_store(seen[0].app.profile.store_path) == expected, "the store differs"
    if not toasts:  # a burst: its toasts are coalesced into a summary
        return
    sent = [t for s in seen for t in s.toasts if t.kind in ALERT_KINDS]
    merged = Counter((kind, t.target) for t in sent for kind in (t.kind, *t.covers))
    assert merged == expected, "every alert in one toast (those of one call and moment share it)"
    if dunst is not None:  # the last toasts the running apps showed are on the server
        on_server = {n["summary"] for n in dunst.history().values()}
        last: dict[str | None, str] = {}  # per call, in the order last shown
        for s in seen:
            if s.app.notifier is not None and not s.app._shutting_down:
                on_server |= {t.title for t in s.app.notifier.open_toasts.values()}
                gate = getattr(s.app.notifier, "gate", None)
                held = list(gate.held_back) if gate is not None else []
                for t in (t for t in s.toasts if t.kind in ALERT_KINDS and t not in held):
                    last.pop(t.replace_key, None)
                    last[t.replace_key] = t.title
        recent = list(last.values())[-HISTORY:]  # dunst keeps only its last 20 in history
        missing = set(recent) - on_server
        assert not missing, f"not on the notification server: {sorted(missing)[:5]}"
