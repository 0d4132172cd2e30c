"""`--demo` leaves nothing behind: when the tray app dies abruptly (SIGKILL: no clean-up of its
own runs), its stand-in and that stand-in's PostgreSQL are gone within seconds."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

from tests.installer.gui_process import GuiApp
from tests.support.waiting import until_blocking

pytestmark = [
    pytest.mark.desktop,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc"),
]


def children(pid: int) -> list[int]:
    """Pids of the live (not zombie) processes whose parent is `pid`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return state[state.rindex(")") + 2] != "Z"


def test_a_killed_demo_app_takes_its_stand_in_and_postgres_along(tmp_path: Path) -> None:
    app = GuiApp.start(tmp_path / "unused-profile", "--demo")
    family: list[int] = []
    try:
        app.wait_output("demo stand-in ready at", timeout=90)

        def stand_in() -> list[int]:
            return [p for p in children(app.proc.pid) if "desktop_notifier.devstack" in cmdline(p)]

        until_blocking(stand_in, "the stand-in child", 10)
        (standin,) = stand_in()
        postgres = [p for p in children(standin) if "postgres" in cmdline(p)]
        assert postgres, f"no PostgreSQL under the stand-in {cmdline(standin)}"
        family += [standin, *postgres, *[c for p in postgres for c in children(p)]]
        argv = cmdline(postgres[0]).split()
        data = Path(argv[argv.index("-D") + 1])
        assert data.is_dir()
        os.kill(app.proc.pid, signal.SIGKILL)
        app.proc.wait(10)
        took = until_blocking(
            lambda: not any(alive(p) for p in family), "the demo's processes to end", 10
        )
        print(f"the demo's stand-in and PostgreSQL were gone {took:.2f} s after the SIGKILL")
        assert not data.exists(), "the stand-in's temporary cluster was left on disk"
    finally:
        if app.proc.poll() is None:
            app.proc.kill()
            app.proc.wait()
        for pid in family[:1]:  # what a failure left behind: its PostgreSQL follows it
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
