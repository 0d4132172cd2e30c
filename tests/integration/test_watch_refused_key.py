"""`desktop-notifier watch` started while the project refuses its key (as after a key rotation):
one line says what happened and what to do, nothing reads like an outage or a sign-out, and
`watch` keeps running (retrying slowly, every minute) instead of exiting. That a retry refused
again is not re-announced is shown on the supervisor's status stream, which `watch` prints
(tests/faults/test_refused_key.py, tests/core/test_connection_verdict.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_notifier.devstack.cluster import PostgresCluster
from tests.support.cli import Watch, configure
from tests.support.standin import Standin, start_standin

pytestmark = pytest.mark.desktop  # the keyring is the session's real Secret Service
SENTENCE = "A chave do projeto foi recusada — confira a chave anon nas configurações."


@pytest.fixture
def stand(pg_cluster: PostgresCluster, tmp_path: Path) -> Iterator[Standin]:
    s = start_standin(tmp_path, postgres=pg_cluster.dsn, upgrade_error_delay=0.2)
    yield s
    assert s.stop() == 0


def test_watch_says_the_key_was_refused_once(tmp_path: Path, stand: Standin) -> None:
    profile = tmp_path / "profile"
    done = configure(profile, stand)
    assert done.returncode == 0, done.stderr
    stand.admin("POST", "connection", json.dumps({"reject_keys": True}))
    watch = Watch.start(profile)
    try:
        watch.wait_state("attention", 30)
        assert stand.admin("GET", "connection")["keys_refused"] >= 1
        assert watch.proc.poll() is None, "watch goes on (retrying slowly), it does not exit"
    finally:
        code = watch.stop()
    status_lines = [line for line in watch.states if line.startswith("[")]
    assert status_lines.count(f"[attention]: {SENTENCE}") == 1, status_lines
    assert not any(line.startswith(("[offline]", "[signed_out]")) for line in status_lines)
    assert code == 0  # stopped by us, not signed out (2)
