"""The local Supabase stand-in for tests: a real PostgreSQL and the stand-in as a subprocess.

``start_standin(tmp_path, **flags) -> Standin`` starts ``python -m desktop_notifier.devstack``
and waits for its JSON line; ``Standin.stop()`` sends SIGTERM and waits. The session-wide
``pg_cluster`` (a private PostgresCluster) and ``standin`` (a stand-in on that cluster via
``--postgres``, with users A = demo and B) keep the suite fast. ``Recorder`` collects what a
real realtime channel reports, and ``run`` drives an async test body from a sync test.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import selectors
import signal
import subprocess
import sys
import time
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import httpx
import psycopg
import pytest

from desktop_notifier.devstack.cluster import PostgresCluster
from tests.support.waiting import within

T = TypeVar("T")

REPO = Path(__file__).resolve().parents[2]
JWT_SECRET = "devstack-test-secret-0123456789abcdef"
USER_B = ("b@example.com", "password-b")
TOKEN_HEADER = "X-Devstack-Token"  # devstack/admin.py (not imported: it pulls in aiohttp)
_counter = itertools.count()
_started: list[subprocess.Popen[str]] = []


def admin_headers(info: dict[str, Any]) -> dict[str, str]:
    """The header the stand-in's ``/_devstack/`` endpoints require (its ready line's token)."""
    return {TOKEN_HEADER: str(info["admin_token"])}


@dataclass
class Standin:
    proc: subprocess.Popen[str]
    info: dict[str, Any]
    log_path: Path

    @property
    def url(self) -> str:
        return str(self.info["url"])

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    def admin(self, method: str, path: str, content: str | None = None) -> Any:
        resp = httpx.request(
            method,
            f"{self.url}/_devstack/{path}",
            content=content,
            headers=admin_headers(self.info),
            timeout=10,
        )
        resp.raise_for_status()
        return resp.json()

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 20.0) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError(f"stand-in ignored signal {sig}; log: {self.log_path}") from None
        finally:
            for pipe in (self.proc.stdin, self.proc.stdout):  # its ready line was read
                if pipe is not None:
                    pipe.close()

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")


def start_standin(
    tmp_path: Path, *, timeout: float = 60.0, pipe_stdin: bool = False, **flags: Any
) -> Standin:
    """Start the stand-in with ``--flag value`` for each keyword (True → bare flag,
    list → repeated flag) and return once it printed its JSON line. `pipe_stdin`: its stdin
    is a pipe from us (``proc.stdin``), as ``--exit-with-parent`` wants."""
    args = [sys.executable, "-m", "desktop_notifier.devstack"]
    flags.setdefault("jwt_secret", JWT_SECRET)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    if flags.get("postgres"):  # its password stays out of argv, which every local user can read
        env["DEVSTACK_POSTGRES"] = str(flags.pop("postgres"))
    for key, value in flags.items():
        name = "--" + key.replace("_", "-")
        values = value if isinstance(value, list | tuple) else [value]
        for v in values:
            if v is True:
                args.append(name)
            elif v is not None and v is not False:
                args += [name, str(v)]
    log_path = tmp_path / f"standin-{next(_counter)}.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            args,
            stdin=subprocess.PIPE if pipe_stdin else None,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            env=env,
            cwd=REPO,
        )
    _started.append(proc)
    assert proc.stdout is not None
    with selectors.DefaultSelector() as sel:
        sel.register(proc.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if sel.select(timeout=0.2):
                line = proc.stdout.readline()
                if line:
                    return Standin(proc, json.loads(line), log_path)
            if proc.poll() is not None:
                break
    proc.kill()
    proc.wait()
    proc.stdout.close()
    raise AssertionError(f"stand-in did not become ready:\n{log_path.read_text()[-3000:]}")


@pytest.fixture(scope="session", autouse=True)
def _reap_standins() -> Iterator[None]:
    """Kill stand-ins a failed test left running (their PostgreSQL follows them)."""
    yield
    for proc in _started:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PostgresCluster]:
    with PostgresCluster() as cluster:
        yield cluster


def serve(directory: Path, pg_cluster: PostgresCluster, **flags: Any) -> Iterator[Standin]:
    """The body of a stand-in fixture on `pg_cluster`: start it, yield it, stop it cleanly."""
    stand = start_standin(directory, postgres=pg_cluster.dsn, **flags)
    yield stand
    assert stand.stop() == 0


@pytest.fixture(scope="session")
def standin(
    pg_cluster: PostgresCluster, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Standin]:
    yield from serve(
        tmp_path_factory.mktemp("standin"),
        pg_cluster,
        user=[":".join(USER_B)],
        poll_interval=0.02,
        upgrade_error_delay=0.1,  # the real server's 2 s and 5 s, shortened
        join_error_delay=0.1,
    )


def modes_standin(delay: float) -> Any:
    """A module-scoped `stand` fixture (assign it as `stand = modes_standin(...)`): a stand-in
    of the module's own whose upgrade and join errors wait `delay` seconds, for tests that
    change its connection modes through `modes`."""

    @pytest.fixture(scope="module", name="stand")
    def stand(
        pg_cluster: PostgresCluster, tmp_path_factory: pytest.TempPathFactory
    ) -> Iterator[Standin]:
        yield from serve(
            tmp_path_factory.mktemp("modes"),
            pg_cluster,
            upgrade_error_delay=delay,
            join_error_delay=delay,
        )

    return stand


# The connection-level modes a stand-in starts with (POST /_devstack/connection).
START_MODES = {
    "reject_keys": False,
    "private_only": False,
    "idle_timeout": 60,
    "fail_upgrades": {"count": 0},
}


@pytest.fixture
def modes(stand: Standin) -> Iterator[Standin]:
    """The test module's own `stand` fixture, its connection modes back to the start-up ones
    after the test (so one module-scoped stand-in serves tests that each change them)."""
    yield stand
    stand.admin("POST", "connection", json.dumps(START_MODES))


@pytest.fixture
def db(standin: Standin) -> Iterator[psycopg.Connection[tuple[Any, ...]]]:
    with psycopg.connect(standin.info["dsn"], autocommit=True) as conn:
        yield conn


def run(coro: Coroutine[Any, Any, T], timeout: float = 30.0) -> T:
    """Run an async test body within a bound that only stops a hang (`within`: a wait longer
    than the bound fails at once, and a bound that runs out names the wait in progress)."""
    return asyncio.run(within(coro, timeout))
