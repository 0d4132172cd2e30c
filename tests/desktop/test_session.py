"""The one `Session` both front ends build (the tray app and `watch`): it follows the settings
file while it runs (before, `watch` re-read the file on every batch and the tray never did),
and the tray counts a call as over once it reaches one of the team's own "missed" statuses
(before, only the built-in "missed" ended a call and the tray kept counting it as active)."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import psycopg
import pytest

from desktop_notifier.alerts import AlertKind, AlertPrefs
from desktop_notifier.app.tray_app import App
from desktop_notifier.connection.session import Session
from desktop_notifier.connection.supervisor import ConnectionState
from desktop_notifier.profile import settings as settings_file
from desktop_notifier.profile.credentials import KeyringSecrets
from desktop_notifier.profile.directory import resolve
from tests.desktop.conftest import live
from tests.integration.test_malformed import Recorder
from tests.support.apps import MakeApp
from tests.support.calls import insert_call, update_call
from tests.support.cli import configure
from tests.support.standin import Standin
from tests.support.waiting import until

pytestmark = pytest.mark.desktop  # the keyring is the session's real Secret Service


def kinds(recorder: Recorder, call_id: str) -> list[AlertKind]:
    return [a.kind for a in recorder.alerts if a.call_id == call_id]


def test_a_running_session_follows_the_settings_file(
    run: Any, own_standin: Standin, tmp_path: Path
) -> None:
    assert configure(tmp_path / "profile", own_standin).returncode == 0
    profile = resolve(str(tmp_path / "profile")).ensure()
    printed = Recorder()  # what watch's printer would be told
    session = Session(profile, KeyringSecrets(profile.keyring_namespace), printed)  # as watch
    session.start()
    session.start_supervisor()
    try:
        run(until(lambda: ConnectionState.LIVE in printed.states, "a live connection"))
        # Edited while it runs (by the tray's dialog, `configure` or by hand): saved atomically.
        chosen = replace(
            session.settings,
            alerts=AlertPrefs(enabled=frozenset({AlertKind.MISSED_CALL})),
            missed_statuses=("sem_resposta",),
        )
        settings_file.save(profile.directory, chosen)
        run(until(lambda: session.settings == chosen, "the session to read the new settings"))
        with psycopg.connect(own_standin.info["dsn"], autocommit=True) as db:
            call = insert_call(db, own_standin.info["user_id"], "Sem Resposta Ltda")
            update_call(db, call, status="sem_resposta")
        run(until(lambda: kinds(printed, call), "the missed-call alert"))
        assert kinds(printed, call) == [AlertKind.MISSED_CALL], "no new-call alert: turned off"
    finally:
        run(session.close())


def active_calls(app: App) -> int:
    """The tray's "N calls ativas" ("nenhuma call ativa": none)."""
    found = re.search(r"(\d+) calls? ativas?", app.tray.tooltip())
    return int(found.group(1)) if found else 0


def test_a_call_in_one_of_the_teams_missed_statuses_is_no_longer_active(
    make_app: MakeApp, run: Any, own_standin: Standin, tmp_path: Path
) -> None:
    directory = tmp_path / "profile"
    assert configure(directory, own_standin).returncode == 0
    path = directory / settings_file.FILE_NAME
    path.write_text(json.dumps({**json.loads(path.read_text()), "missed_statuses": ["no_answer"]}))
    app, _ = make_app()
    run(app.start())
    run(until(lambda: live(app), "a live connection"))
    with psycopg.connect(own_standin.info["dsn"], autocommit=True) as db:
        call = insert_call(db, own_standin.info["user_id"], "Ninguém Atende Ltda")
        run(until(lambda: in_menu(app, "Nova call de Ninguém Atende Ltda"), "the new call"))
        going = active_calls(app)
        assert going >= 1
        update_call(db, call, status="no_answer")
    run(until(lambda: in_menu(app, "Call perdida: Ninguém Atende Ltda"), "the missed call"))
    run(until(lambda: active_calls(app) == going - 1, "the call counted as over", 5))


def in_menu(app: App, text: str) -> bool:
    """`text` in the tray menu's recent alerts (refreshed a moment after the toast)."""
    return any(text in action.text() for action in app.tray.menu.actions())
