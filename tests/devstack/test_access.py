"""Who may use the stand-in: its PostgreSQL takes only the password of its data directory (no
local user is trusted), and its fault-injection endpoints only the run's admin token."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from desktop_notifier.devstack.cluster import PostgresCluster
from tests.support.standin import Standin, start_standin

TOKEN_HEADER = "X-Devstack-Token"


@pytest.fixture
def data_dir() -> Iterator[Path]:
    path = Path("/tmp") / f"devstack-access-{uuid.uuid4().hex[:8]}"  # reachable by 'postgres'
    yield path / "data"
    shutil.rmtree(path, ignore_errors=True)


def psql_as(user: str, conninfo: str) -> subprocess.CompletedProcess[str]:
    """`psql` run by `user`, never prompting; what it may do as the superuser shows the risk."""
    return subprocess.run(
        ["runuser", "-u", user, "--", "psql", "-w", "-X", "-At", conninfo, "-c",
         "copy (select 1) to program 'id'; select current_user"],
        capture_output=True, text=True, timeout=30, cwd="/",
        env={"PATH": os.environ["PATH"], "PGCONNECT_TIMEOUT": "5"},
    )  # fmt: skip


def test_another_local_user_cannot_use_the_database(
    stranger: str, data_dir: Path, tmp_path: Path
) -> None:
    stand = start_standin(tmp_path, data=data_dir)  # a private cluster, as under --demo
    try:
        dsn = stand.info["dsn"]
        port = re.search(r"port=(\d+)", dsn)
        assert port is not None
        over_tcp = psql_as(stranger, f"host=127.0.0.1 port={port[1]} user=postgres dbname=postgres")
        assert over_tcp.returncode != 0, over_tcp.stdout
        assert "password" in over_tcp.stderr, over_tcp.stderr
        socket = psql_as(stranger, f"host={data_dir} port={port[1]} user=postgres dbname=postgres")
        assert socket.returncode != 0, socket.stdout
        # The same psql of the same user gets in with the secret the stand-in handed its starter:
        # only the password keeps the stranger out.
        assert psql_as(stranger, dsn).stdout.splitlines()[-1] == "postgres"
        secret = data_dir / "devstack-password"
        assert secret.stat().st_mode & 0o777 == 0o600
        assert data_dir.stat().st_mode & 0o777 == 0o700
    finally:
        assert stand.stop() == 0
    again = start_standin(tmp_path, data=data_dir)  # a restart on the same data gets in
    assert password(again.info["dsn"]) == password(dsn)
    assert again.stop() == 0


def password(dsn: str) -> str:
    found = re.search(r"password=(\S+)", dsn)
    assert found is not None, "the DSN carries the password"
    return found[1]


def test_the_password_is_not_on_any_command_line(
    pg_cluster: PostgresCluster, standin: Standin
) -> None:
    assert pg_cluster.password and pg_cluster.password in standin.info["dsn"]
    cmdline = Path(f"/proc/{standin.proc.pid}/cmdline").read_bytes()
    assert pg_cluster.password.encode() not in cmdline


def test_admin_endpoints_need_the_token(standin: Standin) -> None:
    url = f"{standin.url}/_devstack/stats"
    assert httpx.get(url, timeout=10).status_code == 401
    assert httpx.get(url, headers={TOKEN_HEADER: "guess"}, timeout=10).status_code == 401
    closed = httpx.post(f"{standin.url}/_devstack/close?code=1012", timeout=10)
    assert closed.status_code == 401
    token = standin.info["admin_token"]
    assert len(token) >= 24
    assert httpx.get(url, headers={TOKEN_HEADER: token}, timeout=10).status_code == 200
