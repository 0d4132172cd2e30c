"""What reaches the log file and the terminal from the client libraries and from unhandled
exceptions: a frame the realtime client cannot parse is logged as "dropped, N bytes", never its
content (rows: company names, tokens); a library's repeated error shows once on the terminal;
an exception escaping a Qt slot is logged through the redactor instead of printed raw."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import psycopg
import pytest

from desktop_notifier.devstack.cluster import PostgresCluster
from tests.support.calls import insert_call
from tests.support.cli import Watch, cli_env, configure
from tests.support.standin import REPO, Standin, start_standin
from tests.support.waiting import until

pytestmark = pytest.mark.desktop

COMPANY = "Padaria Sigilosa Ltda"
SECRET = "sb_secret_n0tF0rTh3L0gs0123456789"
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoic2VydmljZV9yb2xlIn0.c2lnbmF0dXJlLXZhbHVlLWhlcmU"
LEAKS = (COMPANY, "Sigilosa", SECRET, "n0tF0rTh3", JWT, "eyJhbGci")


def log_text(profile: Path) -> str:
    path = profile / "logs" / "desktop-notifier.log"
    return path.read_text(errors="replace") if path.exists() else ""


def test_unparseable_frames_leave_no_row_data_in_logs(tmp_path: Path, standin: Standin) -> None:
    profile = tmp_path / "profile"
    assert configure(profile, standin).returncode == 0
    row = {"company_name": COMPANY, "api_key": SECRET, "token": JWT}
    frame = {"topic": "realtime:calls-feed", "event": "postgres_changes", "ref": None}
    frames = [
        json.dumps({**frame, "payload": {"data": {"record": row}}})[:-7],  # cut: not JSON
        json.dumps({"unexpected": row}),  # JSON, but not a realtime message
    ]
    watch = Watch.start(profile)
    try:
        watch.wait_state("live")
        for text in frames * 2:
            standin.admin("POST", "inject", text)
        drops = lambda: log_text(profile).count("dropped a realtime frame") == 4  # noqa: E731
        asyncio.run(until(drops, "four dropped frames in the log"))
        insert_call_and_see_it(standin, watch)
    finally:
        watch.stop()
    text = log_text(profile)
    for size in (len(f.encode()) for f in frames):
        assert f"dropped a realtime frame that is not a valid message ({size} bytes" in text
    stderr = "\n".join(watch.states)
    assert stderr.count("dropped a realtime frame") == 1, "a repeated library line is shown once"
    for leak in LEAKS:
        assert leak not in text, f"{leak!r} reached the log file"
        assert leak not in stderr, f"{leak!r} reached stderr"


def insert_call_and_see_it(standin: Standin, watch: Watch) -> None:
    """Delivery goes on after the dropped frames."""
    with psycopg.connect(standin.info["dsn"], autocommit=True) as db:
        call = insert_call(db, standin.info["user_id"], "Depois Ltda")
    _, alert = watch.next_alert()
    assert alert["call_id"] == call


def test_a_library_error_repeated_on_every_retry_shows_once_on_the_terminal(
    tmp_path: Path, pg_cluster: PostgresCluster
) -> None:
    stand = start_standin(tmp_path, postgres=pg_cluster.dsn, poll_interval=0.02)
    profile = tmp_path / "profile"
    try:
        assert configure(profile, stand).returncode == 0
        watch = Watch.start(profile)
        try:
            watch.wait_state("live")
            after = len(watch.states)
            stand.stop()
            retried = lambda: log_text(profile).count("Connection attempt failed") >= 3  # noqa: E731
            asyncio.run(until(retried, "three failed reconnections", timeout=60))
        finally:
            watch.stop()
    finally:
        stand.stop()
    stderr = watch.states[after:]
    failed = [line for line in stderr if "Connection attempt failed" in line]
    assert len(failed) == 1, stderr
    assert sum("[offline]" in line for line in stderr) >= 3, "the state lines are all there"


SLOT_SCRIPT = textwrap.dedent(
    f"""
    import asyncio
    import sys

    from PySide6.QtCore import QObject, QTimer, Signal

    import desktop_notifier.cli as cli


    class Source(QObject):
        fired = Signal()


    def slot():
        raise RuntimeError("refresh failed for {COMPANY}: token={SECRET} bearer {JWT}")


    async def watch_with_a_failing_slot(args, profile, secrets):
        # `watch` as the command line starts it (its logging, its Qt loop), with one slot
        # that raises, as any slot of the app could
        source = Source()
        source.fired.connect(slot)
        QTimer.singleShot(0, source.fired.emit)
        await asyncio.sleep(0.5)
        print("still running")
        return 0


    cli._watch = watch_with_a_failing_slot
    sys.exit(cli.main(["--profile", sys.argv[1], "watch"]))
    """
)


def test_an_exception_in_a_qt_slot_is_logged_redacted(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SLOT_SCRIPT, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        env=cli_env(),
        cwd=REPO,
    )
    assert done.returncode == 0 and "still running" in done.stdout, done.stderr
    text = (tmp_path / "logs" / "desktop-notifier.log").read_text()
    for output in (done.stderr, text):
        assert "ERROR desktop_notifier.unhandled: unhandled RuntimeError" in output
        assert "token=[redacted] bearer [redacted]" in output
        assert "in slot\nRuntimeError: refresh failed" in output  # the traceback is kept
        for leak in (SECRET, JWT, "n0tF0rTh3"):
            assert leak not in output
