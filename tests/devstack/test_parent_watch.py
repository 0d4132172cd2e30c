"""`--exit-with-parent` on its own: the stand-in shuts down cleanly (exit 0, the shutdown path
that stops its PostgreSQL) as soon as the pipe from its parent closes — the guard that works on
every OS, and covers a parent that died before Linux's parent-death signal was armed."""

from __future__ import annotations

from pathlib import Path

from desktop_notifier.devstack.cluster import PostgresCluster
from tests.support.standin import start_standin


def test_the_stand_in_leaves_when_the_parents_pipe_closes(
    pg_cluster: PostgresCluster, tmp_path: Path
) -> None:
    stand = start_standin(tmp_path, postgres=pg_cluster.dsn, exit_with_parent=True, pipe_stdin=True)
    assert stand.proc.stdin is not None
    assert stand.proc.poll() is None
    stand.proc.stdin.close()  # what the OS does when the parent dies, however it dies
    assert stand.proc.wait(15) == 0
    log = stand.log_text()
    assert "the parent process is gone" in log and "shutting down" in log
