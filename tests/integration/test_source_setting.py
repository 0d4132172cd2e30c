"""The live source is a setting: `desktop-notifier configure --source broadcast` alone changes
only that on a signed-in profile, `diagnose` says which source is in use, and `watch` then
gets its alerts through Broadcast from the database (the stand-in's counters show which road
the change took)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from tests.support.calls import insert_call
from tests.support.cli import COMMAND, Watch, cli_env, configure
from tests.support.standin import Standin, admin_headers

pytestmark = pytest.mark.desktop  # the keyring is the session's real Secret Service


def _cli(profile: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*COMMAND, "--profile", str(profile), *argv],
        capture_output=True,
        text=True,
        timeout=60,
        env=cli_env(),
    )


def _stats(standin: Standin) -> dict[str, Any]:
    response = httpx.get(f"{standin.url}/_devstack/stats", headers=admin_headers(standin.info))
    return dict(response.json())


def test_configure_source_then_watch_receives_through_broadcast(
    tmp_path: Path, standin: Standin
) -> None:
    profile = tmp_path / "profile"
    assert configure(profile, standin).returncode == 0
    done = _cli(profile, "configure", "--source", "broadcast")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Fonte ao vivo: broadcast."
    settings = json.loads((profile / "settings.json").read_text())
    assert settings["source"] == "broadcast" and settings["url"] == standin.url
    report = _cli(profile, "diagnose")
    assert report.returncode == 0, report.stderr
    assert "live source" in report.stdout
    assert "broadcast (Realtime Broadcast from the database" in report.stdout

    watch = Watch.start(profile)
    try:
        watch.wait_state("live")
        before = _stats(standin)
        with psycopg.connect(standin.info["dsn"], autocommit=True) as db:
            insert_call(db, standin.info["user_id"], "Via Broadcast")
        _, alert = watch.next_alert()
        assert alert["kind"] == "new_call" and "Via Broadcast" in str(alert["title"])
        after = _stats(standin)
        assert after["broadcasts_delivered"] == before["broadcasts_delivered"] + 1
        assert after["changes_delivered"] == before["changes_delivered"], "no postgres_changes"
        assert watch.quiet() == []
    finally:
        watch.stop()


def test_an_unknown_source_is_refused(tmp_path: Path) -> None:
    done = _cli(tmp_path / "p", "configure", "--source", "carrier-pigeon")
    assert done.returncode == 2 and "--source" in done.stderr
