"""A crash in the middle of a burst (SIGKILL) loses no alert already shown and shows none twice
after the restart; and nothing secret is ever written to the profile, its logs or the output."""

from __future__ import annotations

import collections
import re
import signal
from pathlib import Path

import keyring
import pytest

from desktop_notifier.profile.credentials import SERVICE
from desktop_notifier.profile.directory import resolve
from desktop_notifier.profile.store import Store
from tests.support.calls import Conn, insert_call
from tests.support.cli import Watch, configure
from tests.support.standin import Standin

pytestmark = pytest.mark.desktop
JWT_SHAPE = re.compile(rb"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}")
BURST = 400


def test_sigkill_during_a_burst_then_restart(tmp_path: Path, standin: Standin, db: Conn) -> None:
    profile = tmp_path / "profile"
    assert configure(profile, standin).returncode == 0
    first = Watch.start(profile)
    first.wait_state("live")
    owner = standin.info["user_id"]
    with db.transaction():
        rows = db.execute(
            "insert into public.calls (company_name, status, owner_id) "
            "select 'Burst ' || n, 'new', %s from generate_series(1, %s) n returning id",
            (owner, BURST),
        ).fetchall()
    expected = {str(r[0]) for r in rows}
    shown_before = first.collect(20, timeout=30)  # the burst is underway
    first.proc.send_signal(signal.SIGKILL)
    first.proc.wait(10)
    shown_before += first.quiet(0.5)  # lines already in the pipe were shown
    first.stop()  # reaped, its pipes closed
    assert len(shown_before) < BURST, "the kill must land in the middle of the burst"

    second = Watch.start(profile)
    try:
        second.wait_state("live")
        shown_after = []
        store_count = 0
        for _ in range(60):
            shown_after += second.quiet(0.5)
            store = Store(resolve(str(profile)).store_path)
            store_count = sum(1 for a in store.recent_alerts(limit=10_000) if a.call_id in expected)
            store.close()
            if store_count == BURST and len(shown_before) + len(shown_after) >= BURST - 5:
                break
        shown_after += second.quiet(1.0)
    finally:
        second.stop()
    shown = [a["call_id"] for a in shown_before + shown_after if a["call_id"] in expected]
    duplicates = [cid for cid, n in collections.Counter(shown).items() if n > 1]
    assert duplicates == [], "an alert was shown twice across the crash"
    assert store_count == BURST, "every call of the burst is in the history"
    # An alert is recorded before it is printed: at most the few in flight at the kill were
    # recorded but never printed; none was printed without being recorded.
    assert len(set(shown)) >= BURST - 5


def test_no_secret_or_token_on_disk_or_in_output(
    tmp_path: Path, standin: Standin, db: Conn
) -> None:
    profile = tmp_path / "profile"
    done = configure(profile, standin)
    assert done.returncode == 0
    watch = Watch.start(profile, "--debug")
    watch.wait_state("live")
    insert_call(db, standin.info["user_id"], "Secret Scan")
    watch.collect(1)
    watch.proc.send_signal(signal.SIGKILL)
    watch.proc.wait(10)
    watch.quiet(0.5)
    watch.wait_state("live")  # drains everything it wrote to stderr (already contains [live])
    watch.stop()  # reaped, its pipes closed
    namespace = resolve(str(profile)).keyring_namespace
    refresh = keyring.get_password(SERVICE, f"{namespace}/refresh_token") or ""
    secrets = [standin.info["anon_key"], standin.info["password"], refresh]
    output = (done.stdout + done.stderr + "\n".join(watch.states)).encode()
    blobs = [output] + [p.read_bytes() for p in profile.rglob("*") if p.is_file()]
    for blob in blobs:
        for secret in secrets:
            assert secret.encode() not in blob
        assert not JWT_SHAPE.search(blob), "a JWT-shaped string reached the disk or the output"
