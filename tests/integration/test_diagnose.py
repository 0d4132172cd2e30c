"""The diagnostics report: what support needs, with no secret in it."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from desktop_notifier.profile import logs
from desktop_notifier.profile.directory import resolve
from desktop_notifier.sync.diagnose import collect
from tests.support.cli import configure
from tests.support.standin import Standin

pytestmark = pytest.mark.desktop


def test_report_names_the_pieces_and_redacts_secrets(tmp_path: Path, standin: Standin) -> None:
    directory = tmp_path / "profile"
    assert configure(directory, standin).returncode == 0
    profile = resolve(str(directory))
    logs.setup(profile.log_dir, quiet=True)
    try:
        logging.getLogger("x").warning("join failed with token %s", standin.info["anon_key"])
    finally:
        logs.setup(None)
    report = asyncio.run(collect(profile, lambda: "live"))
    assert "notification server  dunst" in report
    assert "body-markup" in report
    assert "keyring.backends.SecretService.Keyring" in report
    assert f"{standin.url} answers (HTTP" in report
    assert "demo@example.com" in report
    assert "connection" in report and "live" in report
    assert "join failed with token [redacted]" in report
    assert standin.info["anon_key"] not in report


def test_the_diagnose_command_prints_the_report(tmp_path: Path, standin: Standin) -> None:
    import subprocess

    from tests.support.cli import COMMAND, cli_env

    directory = tmp_path / "profile"
    assert configure(directory, standin).returncode == 0
    done = subprocess.run(
        [*COMMAND, "--profile", str(directory), "diagnose"],
        capture_output=True,
        text=True,
        timeout=60,
        env=cli_env(),
    )
    assert done.returncode == 0, done.stderr
    assert "Calls Notifier — diagnostics" in done.stdout
    assert f"{standin.url} answers" in done.stdout
    assert standin.info["anon_key"] not in done.stdout
    assert "catch-up" in done.stdout and "not known yet" in done.stdout


@pytest.mark.parametrize(
    ("mode", "said"),
    [
        ("xid", "exact (xid)"),
        ("timestamp", "timestamp fallback: apply resources/sql/002_change_xid.sql"),
    ],
)
def test_the_report_says_how_missed_changes_are_read(
    tmp_path: Path, standin: Standin, mode: str, said: str
) -> None:
    from desktop_notifier.profile.store import Store

    directory = tmp_path / "profile"
    assert configure(directory, standin).returncode == 0
    profile = resolve(str(directory))
    store = Store(profile.store_path)
    store.set_catchup_mode(mode)  # what the last catch-up found out
    store.close()
    report = asyncio.run(collect(profile))
    assert any(
        line.startswith("catch-up") and line.endswith(f"  {said}") for line in report.splitlines()
    )


def test_the_report_names_the_interpreter(tmp_path: Path) -> None:
    """Which Python (patch release, build, OpenSSL) the app runs on — inside a bundle, the one
    it was built with — in `diagnose` and in the tray's copy."""
    import platform
    import re
    import ssl
    import subprocess

    from tests.support.cli import COMMAND, cli_env

    done = subprocess.run(
        [*COMMAND, "--profile", str(tmp_path / "profile"), "diagnose"],
        capture_output=True,
        text=True,
        timeout=60,
        env=cli_env(),
    )
    assert done.returncode == 0, done.stderr
    line = re.escape(platform.python_version()) + r" \(CPython, (bundled|/\S+), built .+\)"
    assert re.search(rf"^python +{line}$", done.stdout, re.M), done.stdout
    assert re.search(rf"^openssl +{re.escape(ssl.OPENSSL_VERSION)}$", done.stdout, re.M)
    tray_copy = asyncio.run(collect(resolve(str(tmp_path / "profile")), running={}))
    assert re.search(rf"^python +{line}$", tray_copy, re.M)
