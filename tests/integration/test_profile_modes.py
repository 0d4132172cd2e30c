"""A profile directory made before (0755, with a 0644 store and log from an older version)
under umask 022: after `configure` and a run of the tray app, the directory and its log
directory are 0700 and every file the app keeps there is 0600 (settings, store with its -wal
and -shm, logs, the instance lock) while the app runs and after."""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_notifier.profile import logs
from desktop_notifier.profile.directory import resolve
from desktop_notifier.profile.store import Store
from tests.installer.gui_process import GuiApp
from tests.support.cli import configure
from tests.support.standin import Standin

pytestmark = pytest.mark.desktop


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def modes(directory: Path) -> dict[str, str]:
    found = {".": oct(stat.S_IMODE(directory.stat().st_mode))}
    for path in sorted(directory.rglob("*")):
        found[str(path.relative_to(directory))] = oct(stat.S_IMODE(path.lstat().st_mode))
    return found


def assert_private(directory: Path) -> dict[str, str]:
    found = modes(directory)
    wrong = {
        name: mode
        for name, mode in found.items()
        if mode != ("0o700" if (directory / name).is_dir() else "0o600")
    }
    assert wrong == {}, f"not private: {wrong}"
    return found


def old_profile(directory: Path) -> None:
    """What an older version left: everything readable by others."""
    (directory / "logs").mkdir(parents=True)
    os.chmod(directory, 0o755)
    sqlite3.connect(directory / "store.sqlite3").close()
    (directory / "logs" / "desktop-notifier.log").write_text("2026-01-01 INFO old: Acme\n")
    (directory / "logs" / "desktop-notifier.log.1").write_text("2026-01-01 INFO old: Acme\n")
    assert modes(directory)["store.sqlite3"] == "0o644"
    assert modes(directory)["."] == "0o755"


def test_a_pre_existing_profile_is_made_private(
    tmp_path: Path, standin: Standin, umask_022: None
) -> None:
    directory = tmp_path / "profile"
    old_profile(directory)
    done = configure(directory, standin)
    assert done.returncode == 0, done.stderr
    assert_private(directory)
    app = GuiApp.start(directory)
    try:
        app.wait_log(r"connection .*live", timeout=60)
        running = assert_private(directory)
        for name in ("store.sqlite3-wal", "store.sqlite3-shm", "instance.lock", "settings.json"):
            assert name in running, f"{name} missing: {sorted(running)}"
        assert "logs/desktop-notifier.log" in running
    finally:
        assert app.stop() == 0
    assert_private(directory)


def test_store_and_logs_are_private_without_the_command_line(
    tmp_path: Path, umask_022: None
) -> None:
    """The app's objects alone (as the tray-app tests and the demo build them), with no help
    from the command line's umask, create and tighten private files."""
    directory = tmp_path / "profile"
    old_profile(directory)
    profile = resolve(str(directory)).ensure()
    store = Store(profile.store_path)
    try:
        store.bind_account("https://x.supabase.co#user")  # a write: -wal and -shm
        logs.setup(profile.log_dir, quiet=True)
        logging.getLogger("test").warning("a line")
        (profile.log_dir / "desktop-notifier.log").unlink()  # the next file, as after a rotation
        logs.setup(profile.log_dir, quiet=True)
        logging.getLogger("test").warning("another line")
        found = assert_private(directory)
        assert {"store.sqlite3-wal", "store.sqlite3-shm", "logs/desktop-notifier.log"} <= set(found)
    finally:
        logs.setup(None)
        store.close()
