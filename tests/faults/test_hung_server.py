"""A hung server: the stand-in process is stopped (SIGSTOP) with the socket open. `watch` must
notice within 30 s (its own pings, not the library's ~50 s keepalive), try again against the
hung server, and once the server continues catch up on every call written meanwhile, once."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from tests.faults.conftest import configured
from tests.support.cli import Watch
from tests.support.outage import Ledger, Server, in_store, of_json, watch_until

pytestmark = [pytest.mark.desktop, pytest.mark.slow]
RETRYING_FOR = 2.0  # seconds the attempts go on against the hung server
NOTICE_WITHIN = 30.0


@pytest.mark.sources
def test_a_stopped_server_is_noticed_in_30_s_and_nothing_is_lost(
    tmp_path: Path, server: Server, ledger: Ledger
) -> None:
    profile = configured(tmp_path / "profile", server)
    watch = Watch.start(profile)
    proc = server.standin.proc
    try:
        watch.wait_state("live")
        ledger.some(1)
        watch_until(watch, ledger.expected, 10)
        mark = len(watch.states)
        proc.send_signal(signal.SIGSTOP)
        stopped = time.monotonic()
        ledger.some(5)  # PostgreSQL takes them; the stand-in cannot pass them on
        watch.wait_state("offline", timeout=NOTICE_WITHIN + 5, after=mark)
        noticed = time.monotonic() - stopped
        assert noticed < NOTICE_WITHIN, f"a hung server was noticed only after {noticed:.0f} s"
        watch.wait_state("connecting", timeout=15, after=mark)  # it tries again
        time.sleep(RETRYING_FOR)
        resumed_at = len(watch.states)
        proc.send_signal(signal.SIGCONT)
        watch.wait_state("live", timeout=30, after=resumed_at)
        watch_until(watch, ledger.expected, 30)
    finally:
        proc.send_signal(signal.SIGCONT)
        watch.stop()
    assert of_json(watch.alerts) == ledger.expected, "lost or duplicated alerts"
    assert in_store(profile / "store.sqlite3") == ledger.expected
    assert any("no answer from the server" in line for line in watch.states), watch.states
