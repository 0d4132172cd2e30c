"""The live source chosen in the settings dialog takes effect at once: the app reconnects
through Broadcast from the database, the tray's menu says so while live, and a new call is
alerted once, carried by a broadcast (the stand-in's counters show which road it took)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest

from desktop_notifier.sync.broadcast_link import BroadcastLink
from desktop_notifier.sync.realtime_link import RealtimeLink
from tests.desktop.conftest import live
from tests.support.apps import MakeApp
from tests.support.calls import insert_call
from tests.support.cli import configure
from tests.support.standin import Standin
from tests.support.waiting import until

pytestmark = pytest.mark.desktop
Run = Callable[..., Any]
SOURCE_LINE = "Fonte ao vivo: Realtime — broadcast do banco de dados"


def test_choosing_broadcast_in_the_settings_reconnects_through_it(
    make_app: MakeApp, run: Run, own_standin: Standin, tmp_path: Path
) -> None:
    assert configure(tmp_path / "profile", own_standin).returncode == 0
    app, seen = make_app()
    run(app.start())
    run(until(lambda: live(app), "a live connection"))
    supervisor = app.session.supervisor
    assert supervisor is not None and type(supervisor.link) is RealtimeLink
    menu = [action.text() for action in app.tray.menu.actions()]
    assert "Fonte ao vivo: Realtime — mudanças do banco (postgres_changes)" in menu

    app.open_settings()
    dialog = app.dialog
    assert dialog is not None
    dialog.tabs.setCurrentWidget(dialog.general)
    assert dialog.source.currentData() == "postgres-changes"
    dialog.source.setCurrentIndex(dialog.source.findData("broadcast"))
    dialog.accept()
    assert app.settings.source == "broadcast"
    run(
        until(
            lambda: live(app) and isinstance(supervisor.link, BroadcastLink),
            "live again through broadcast",
        )
    )
    assert SOURCE_LINE in [action.text() for action in app.tray.menu.actions()]

    before = own_standin.admin("GET", "stats")
    with psycopg.connect(own_standin.info["dsn"], autocommit=True) as db:
        call = insert_call(db, own_standin.info["user_id"], "Escolhida no diálogo")
    run(until(lambda: seen.counts()[("new_call", call)] == 1, "the alert"))
    after = own_standin.admin("GET", "stats")
    assert after["broadcasts_delivered"] == before["broadcasts_delivered"] + 1
    assert after["changes_delivered"] == before["changes_delivered"], "no postgres_changes"
