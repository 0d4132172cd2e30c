"""Tools for outage scenarios: a stand-in the test stops and starts again on the same port, a
ledger of the alerts the test's writes must produce, and counts of what the app recorded.

The stand-in runs on the session's PostgreSQL (`--postgres`), so the database keeps taking
writes while the stand-in is down, stopped or cut off.
"""

from __future__ import annotations

import collections
import json
import signal
import sqlite3
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from desktop_notifier.devstack.cluster import PostgresCluster
from tests.support.calls import Conn, insert_call, update_call
from tests.support.cli import configure
from tests.support.standin import JWT_SECRET, Standin, start_standin

Key = tuple[str, str]  # (alert kind, call id)


class Server:
    """One stand-in at a time on a fixed port: `start()`, `stop()`, `restart()`."""

    def __init__(self, tmp_path: Path, cluster: PostgresCluster, **flags: Any) -> None:
        self._tmp = tmp_path
        self._flags = {"postgres": cluster.dsn, "poll_interval": 0.02, **flags}
        self.port: int | None = None
        self.current: Standin | None = None
        self.info: dict[str, Any] = {}

    def start(self) -> Standin:
        assert self.current is None, "already running"
        flags = {"jwt_secret": JWT_SECRET, **self._flags}  # jwt_secret=None: the database's
        if self.port is not None:
            flags["port"] = self.port
        stand = start_standin(self._tmp, **flags)
        self.port = stand.port
        self.current = stand
        self.info = stand.info
        return stand

    def stop(self, sig: int = signal.SIGTERM) -> None:
        stand, self.current = self.current, None
        if stand is not None:
            stand.stop(sig)

    def restart(self) -> Standin:
        self.stop()
        return self.start()

    @property
    def standin(self) -> Standin:
        assert self.current is not None, "not running"
        return self.current


# The live source `configured` profiles use; the fault suite's `live_source` fixture sets it.
LIVE_SOURCE = {"source": "postgres-changes"}


def configured(directory: Path, server: Server, **settings: Any) -> Path:
    """A profile signed in to `server` with the CLI, with `settings` written on top (and the
    live source of the scenario)."""
    done = configure(directory, server.standin)
    assert done.returncode == 0, done.stderr
    path = directory / "settings.json"
    path.write_text(json.dumps({**json.loads(path.read_text()), **LIVE_SOURCE, **settings}))
    return directory


class Ledger:
    """Writes calls as the team's backend would, and remembers which alerts each must raise."""

    def __init__(self, db: Conn, owner: str) -> None:
        self.db = db
        self.owner = owner
        self.expected: collections.Counter[Key] = collections.Counter()
        self._n = 0

    def new_call(self, company: str | None = None) -> str:
        self._n += 1
        call = insert_call(self.db, self.owner, company or f"Cliente {self._n}")
        self.expected[("new_call", call)] += 1
        return call

    def missed(self, call: str) -> None:
        update_call(self.db, call, status="missed")
        self.expected[("missed_call", call)] += 1

    def analysed(self, call: str, score: int = 95) -> None:
        update_call(self.db, call, ai_status="completed", score=score)
        self.expected[("analysis_done", call)] += 1
        self.expected[("high_score", call)] += 1

    def quiet_update(self, call: str) -> None:
        """A change that must raise no alert (a transcription edit)."""
        update_call(self.db, call, transcription=f"trecho {self._n}")

    def some(self, count: int) -> list[str]:
        """`count` calls written in a mix of kinds; returns the new calls' ids."""
        made = []
        for _ in range(count):
            call = self.new_call()
            made.append(call)
            if len(made) % 3 == 2:
                self.missed(call)
            elif len(made) % 3 == 0:
                self.analysed(call)
            else:
                self.quiet_update(call)
        return made


def count(keys: Iterable[Key]) -> collections.Counter[Key]:
    return collections.Counter(keys)


def of_json(alerts: Iterable[Mapping[str, Any]]) -> collections.Counter[Key]:
    """Counts of `watch --json` lines by (kind, call id)."""
    return count((str(a["kind"]), str(a["call_id"])) for a in alerts)


def in_store(store_path: Path) -> collections.Counter[Key]:
    """Counts of the alerts recorded in a profile's store, read without touching it."""
    with sqlite3.connect(f"file:{store_path}?mode=ro", uri=True) as db:
        rows = db.execute("select kind, call_id from alerts").fetchall()
    return count((str(kind), str(call)) for kind, call in rows)


def lost_and_duplicated(
    expected: Mapping[Key, int], got: Mapping[Key, int]
) -> tuple[list[Key], list[Key]]:
    """The expected alerts that never came, and those that came more than once."""
    lost = [key for key, n in expected.items() if got.get(key, 0) < n]
    duplicated = [key for key, n in got.items() if n > max(expected.get(key, 0), 1)]
    return lost, duplicated


def watch_until(watch: Any, expected: Mapping[Key, int], timeout: float = 30.0) -> None:
    """Read `watch --json` alerts until they add up to `expected` (or `timeout`), then one more
    second: anything that comes after is a duplicate the caller will see in `watch.alerts`."""
    deadline = time.monotonic() + timeout
    while of_json(watch.alerts) != expected and time.monotonic() < deadline:
        watch.alerts.extend(watch.quiet(0.2))
    watch.alerts.extend(watch.quiet(1.0))
