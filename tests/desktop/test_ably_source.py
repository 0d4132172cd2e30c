"""The Ably source, end to end on a real desktop: `configure --source ably` is accepted and
`diagnose` names it; the settings dialog's choice reconnects the tray app through Ably, the
tray's menu says so while live, and a committed row becomes one toast on the desktop's
notification server, carried by an Ably message (the stand-in's counters show which road it
took: Ably frames up, no postgres_changes, no broadcast)."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from desktop_notifier.notify.freedesktop import FreedesktopNotifier
from desktop_notifier.sync.ably_link import AblyLink
from desktop_notifier.sync.realtime_link import RealtimeLink
from tests.desktop.conftest import live
from tests.support.apps import MakeApp
from tests.support.calls import insert_call
from tests.support.cli import COMMAND, cli_env, configure
from tests.support.qt import Dunst
from tests.support.standin import Standin, admin_headers
from tests.support.waiting import until

pytestmark = pytest.mark.desktop
Run = Callable[..., Any]
SOURCE_LINE = "Fonte ao vivo: Ably — canal por dono (outbox)"


def _cli(profile: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*COMMAND, "--profile", str(profile), *argv],
        capture_output=True,
        text=True,
        timeout=60,
        env=cli_env(),
    )


def _ably_frames(standin: Standin) -> int:
    response = httpx.get(f"{standin.url}/_devstack/ably", headers=admin_headers(standin.info))
    return int(response.json()["ably_frames_sent"])


def test_configure_source_ably_is_accepted_and_diagnose_names_it(
    tmp_path: Path, own_standin: Standin
) -> None:
    profile = tmp_path / "profile"
    assert configure(profile, own_standin).returncode == 0
    done = _cli(profile, "configure", "--source", "ably")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Fonte ao vivo: ably."
    assert json.loads((profile / "settings.json").read_text())["source"] == "ably"
    report = _cli(profile, "diagnose")
    assert report.returncode == 0, report.stderr
    assert "ably (Ably channel calls:owner:<user id>" in report.stdout


def test_choosing_ably_in_the_settings_toasts_a_new_call_through_ably(
    make_app: MakeApp, run: Run, own_standin: Standin, tmp_path: Path, dunst: Dunst
) -> None:
    assert configure(tmp_path / "profile", own_standin).returncode == 0
    app, seen = make_app()
    run(app.start())
    run(until(lambda: live(app), "a live connection"))
    supervisor = app.session.supervisor
    assert supervisor is not None and type(supervisor.link) is RealtimeLink

    app.open_settings()
    dialog = app.dialog
    assert dialog is not None
    dialog.tabs.setCurrentWidget(dialog.general)
    index = dialog.source.findData("ably")
    assert dialog.source.itemText(index) == "Ably — canal por dono (outbox)"
    dialog.source.setCurrentIndex(index)
    dialog.accept()
    assert app.settings.source == "ably"
    run(until(lambda: live(app) and isinstance(supervisor.link, AblyLink), "live through Ably"))
    assert SOURCE_LINE in [action.text() for action in app.tray.menu.actions()]

    dunst.close_all()
    before = own_standin.admin("GET", "stats")
    frames = _ably_frames(own_standin)
    with psycopg.connect(own_standin.info["dsn"], autocommit=True) as db:
        call = insert_call(db, own_standin.info["user_id"], "Via Ably Ltda")
    run(until(lambda: seen.counts()[("new_call", call)] == 1, "the alert"))
    notifier = app.notifier
    assert isinstance(notifier, FreedesktopNotifier), "dunst is on the bus: native toasts"
    run(until(lambda: notifier.open_toasts, "the toast"))
    [toast] = notifier.open_toasts.values()
    assert toast.title == "Nova call de Via Ably Ltda" and toast.target == call
    assert dunst.displayed() == 1
    after = own_standin.admin("GET", "stats")
    assert _ably_frames(own_standin) == frames + 1, "one Ably message carried it"
    assert after["changes_delivered"] == before["changes_delivered"], "no postgres_changes"
    assert after["broadcasts_delivered"] == before["broadcasts_delivered"], "no broadcast"
    assert seen.counts()[("new_call", call)] == 1
