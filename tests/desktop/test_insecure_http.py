"""Signing in from the settings dialog to a self-hosted server at a plain http:// address of
another machine (the stand-in behind a relay on 127.0.0.2): the opt-in and its warning appear,
sign-in is refused until it is ticked, then succeeds, logs a warning, and the warning stays in
the dialog while that server is in use; a restart signs in again without asking."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import keyring
import pytest

from desktop_notifier.common.errors import UserError, describe
from desktop_notifier.profile.credentials import SERVICE
from tests.desktop.conftest import live
from tests.desktop.test_tray_app import ARTIFACTS
from tests.support.apps import MakeApp
from tests.support.plain_http import remote_http_url
from tests.support.standin import Standin
from tests.support.waiting import until

pytestmark = pytest.mark.desktop
Run = Callable[..., Any]


def test_sign_in_to_a_remote_http_server_only_with_the_opt_in(
    make_app: MakeApp,
    run: Run,
    own_standin: Standin,
    caplog: pytest.LogCaptureFixture,
) -> None:
    info = own_standin.info
    with remote_http_url(own_standin) as url:
        app, _ = make_app()
        run(app.start())
        dialog = app.dialog
        assert dialog is not None and dialog.isVisible()
        form = dialog.account
        option = form.insecure
        assert not option.checkbox.isVisible(), "no opt-in in sight for the usual https address"
        form.url.setText(url)
        assert option.checkbox.isVisible() and option.warning.isVisible()
        assert not option.checkbox.isChecked()
        form.anon_key.setText(info["anon_key"])
        form.email.setText(info["email"])
        form.password.setText(info["password"])
        form.sign_in.click()
        run(until(lambda: form.error.text(), "the refusal"))
        assert form.error.text() == describe(UserError("insecure_url"), "pt_BR")
        assert "Permitir servidor sem criptografia (http://)" in form.error.text()
        assert app.account is None
        assert keyring.get_password(SERVICE, f"{app.profile.keyring_namespace}/anon_key") is None

        option.checkbox.setChecked(True)
        with caplog.at_level(logging.WARNING):
            form.sign_in.click()
            run(until(lambda: live(app), "a live connection over http://"))
        assert app.account is not None and app.account.url == url
        assert any("plain http://" in r.getMessage() for r in caplog.records)
        assert form.error.isHidden()
        assert option.warning.isVisible(), "the warning stays while the server is in use"
        assert option.checkbox.isChecked() and not option.checkbox.isEnabled()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        assert dialog.grab().save(str(ARTIFACTS / "app-settings-insecure-http.png"))
        stored = json.loads((app.profile.directory / "settings.json").read_text())
        assert stored["url"] == url and stored["allow_insecure_http"] is True

        dialog.accept()  # OK keeps the opt-in the session uses
        run(app.shutdown())
        again, _ = make_app(app.profile.directory)
        run(again.start())
        run(until(lambda: live(again), "a live connection after the restart"))
        assert again.dialog is None
        again.open_settings()
        assert again.dialog is not None and again.dialog.account.insecure.warning.isVisible()
        run(again.shutdown())  # before the relay goes away
