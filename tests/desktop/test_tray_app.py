"""The tray app as a user meets it, on a real (virtual) desktop: dunst shows the toasts, a
tray host embeds the icon, gnome-keyring keeps the secrets, and the stand-in serves a real
PostgreSQL through the unmodified Supabase clients."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import keyring
import psycopg
import pytest

from desktop_notifier.app.tray_app import App
from desktop_notifier.devstack.cluster import PostgresCluster
from desktop_notifier.notify.freedesktop import FreedesktopNotifier
from desktop_notifier.profile.credentials import SERVICE
from desktop_notifier.ui.tray_state import TrayState
from tests.desktop.conftest import live
from tests.support.apps import MakeApp
from tests.support.calls import insert_call, update_call
from tests.support.cli import configure
from tests.support.qt import Dunst, screenshot
from tests.support.standin import JWT_SECRET, Standin, start_standin
from tests.support.waiting import until

pytestmark = pytest.mark.desktop
ARTIFACTS = Path("/tmp/dn-artifacts")
Run = Callable[..., Any]


def test_first_run_signs_in_in_the_dialog_and_a_restart_needs_no_password(
    make_app: MakeApp, run: Run, own_standin: Standin, tmp_path: Path
) -> None:
    app, _ = make_app()
    run(app.start())
    assert app.dialog is not None and app.dialog.isVisible(), "first run opens the settings"
    assert app.tray.effective_state() is TrayState.NOT_CONFIGURED
    form = app.dialog.account
    info = own_standin.info
    form.url.setText(info["url"])
    form.anon_key.setText(info["anon_key"])
    form.email.setText(info["email"])
    form.password.setText("not-the-password")
    form.sign_in.click()
    run(until(lambda: form.error.text(), "the error sentence"))
    assert form.error.text() == "E-mail ou senha incorretos. Confira os dados e tente de novo."
    form.password.setText(info["password"])
    form.sign_in.click()
    run(until(lambda: live(app), "a live connection"))
    assert form.password.text() == "", "the password does not linger in the dialog"
    assert app.tray.effective_state() is TrayState.LIVE
    namespace = app.profile.keyring_namespace
    refresh = keyring.get_password(SERVICE, f"{namespace}/refresh_token")
    assert keyring.get_password(SERVICE, f"{namespace}/anon_key") == info["anon_key"]
    assert refresh
    for path in app.profile.directory.rglob("*"):
        if path.is_file():
            for secret in (info["anon_key"], info["password"], refresh):
                assert secret.encode() not in path.read_bytes(), path
    run(app.shutdown())

    again, _ = make_app(app.profile.directory)
    run(again.start())
    run(until(lambda: live(again), "a live connection after the restart"))
    assert again.dialog is None, "a restarted app signs in without asking"


def test_a_toast_is_shown_replaced_and_its_click_opens_the_call(
    live_app: App, run: Run, own_standin: Standin, dunst: Dunst
) -> None:
    app = live_app
    notifier = app.notifier
    assert isinstance(notifier, FreedesktopNotifier), "dunst is on the bus: native toasts"
    with psycopg.connect(own_standin.info["dsn"], autocommit=True) as db:
        call = insert_call(db, own_standin.info["user_id"], 'Padaria <b>Pão</b> & "Cia"')
        run(until(lambda: notifier.open_toasts, "the first toast"))
        [(first_id, first)] = notifier.open_toasts.items()
        assert first.title == 'Nova call de Padaria <b>Pão</b> & "Cia"'
        assert first.target == call
        assert dunst.displayed() == 1
        update_call(db, call, status="missed")
        run(until(lambda: notifier.open_toasts.get(first_id, first) is not first, "a newer toast"))
        [(second_id, second)] = notifier.open_toasts.items()
        assert second_id == first_id, "the newer alert for the same call replaced its toast"
        assert second.title == 'Call perdida: Padaria <b>Pão</b> & "Cia"'
        assert dunst.displayed() == 1
        dunst.click_newest()
        windows = app.call_windows.windows
        run(until(lambda: call in windows and windows[call].isVisible(), "the window"))
        window = windows[call]
        assert window.call is not None and window.call.company_name == 'Padaria <b>Pão</b> & "Cia"'
        assert window.call.status == "missed"
        update_call(db, call, ai_status="completed", score=96, transcription="Bom dia!")
        run(until(lambda: window.call is not None and window.call.score == 96, "a live update"))
        window.repaint()  # painted now, not when the event loop gets to it
        screenshot("app-call-window-after-toast-click.png")


def test_the_tray_follows_the_server_down_and_up(
    make_app: MakeApp, run: Run, pg_cluster: PostgresCluster, tmp_path: Path
) -> None:
    stand = start_standin(tmp_path, postgres=pg_cluster.dsn, poll_interval=0.02)
    try:
        assert configure(tmp_path / "profile", stand).returncode == 0
        app, _ = make_app()
        run(app.start())
        run(until(lambda: live(app), "a live connection"))
        assert app.tray.effective_state() is TrayState.LIVE
        port = stand.port
        stand.stop()
        run(until(lambda: app.tray.effective_state() is TrayState.OFFLINE, "the offline icon"))
        assert "Desconectado desde" in app.tray.tooltip()
        stand = start_standin(
            tmp_path, postgres=pg_cluster.dsn, port=port, poll_interval=0.02, jwt_secret=JWT_SECRET
        )
        app.tray.reconnect_requested.emit()  # "Reconectar agora" skips the backoff wait
        run(until(lambda: app.tray.effective_state() is TrayState.LIVE, "live again", 30))
    finally:
        stand.stop()


def test_the_inbox_keeps_an_alert_thirty_seconds(
    make_app: MakeApp, run: Run, own_standin: Standin, tmp_path: Path
) -> None:
    clock = [datetime.now(UTC)]
    assert configure(tmp_path / "profile", own_standin).returncode == 0
    app, _ = make_app(clock=lambda: clock[0])
    run(app.start())
    run(until(lambda: live(app), "a live connection"))
    with psycopg.connect(own_standin.info["dsn"], autocommit=True) as db:
        call = insert_call(db, own_standin.info["user_id"], "Inbox Ltda")
    run(until(lambda: app.inbox.current(clock[0]), "the alert in the inbox"))

    def in_menu() -> bool:  # the tray refreshes a moment after the toast went out
        return any("Nova call de Inbox Ltda" in a.text() for a in app.tray.menu.actions())

    run(until(in_menu, "the alert in the tray menu"))
    clock[0] += timedelta(seconds=29)
    app.feed.refresh()
    assert [a.call_id for a in app.inbox.current(clock[0])] == [call]
    clock[0] += timedelta(seconds=2)
    app.feed.refresh()
    assert app.inbox.current(clock[0]) == []
    assert "Nenhum alerta recente" in [a.text() for a in app.tray.menu.actions()]
    assert app.inbox.unread() == 1, "unread survives the inbox window until marked read"
    app.tray.mark_read_requested.emit()
    assert app.inbox.unread() == 0
    assert json.dumps(app.settings.to_json())  # settings stay serialisable


def test_signing_out_removes_the_secrets(live_app: App, run: Run) -> None:
    app = live_app
    namespace = app.profile.keyring_namespace
    assert keyring.get_password(SERVICE, f"{namespace}/refresh_token")
    app.open_settings()
    assert app.dialog is not None
    app.dialog.sign_out_requested.emit()
    run(until(lambda: app.tray.effective_state() is TrayState.NOT_CONFIGURED, "signed out"))
    assert keyring.get_password(SERVICE, f"{namespace}/refresh_token") is None
    assert keyring.get_password(SERVICE, f"{namespace}/anon_key") is None
    assert app.status is None and app.account is None


def test_start_at_login_in_the_settings_writes_the_autostart_entry(
    make_app: MakeApp, run: Run, own_standin: Standin, tmp_path: Path
) -> None:

    assert configure(tmp_path / "profile", own_standin).returncode == 0
    app, _ = make_app()
    run(app.start())
    app.open_settings()
    dialog = app.dialog
    assert dialog is not None and dialog.start_at_login.isEnabled()
    entry = Path(os.environ["XDG_CONFIG_HOME"]) / "autostart" / "calls-notifier.desktop"
    dialog.start_at_login.setChecked(True)
    dialog.accept()
    assert entry.is_file() and "Exec=" in entry.read_text()
    app.open_settings()
    dialog.start_at_login.setChecked(False)
    dialog.accept()
    assert not entry.exists()
