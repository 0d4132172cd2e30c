"""`https://user:secret@host` as the project URL, in `configure` and in the settings dialog:
refused with one sentence; nothing is stored, printed or logged with the secret in it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import keyring
import pytest

from desktop_notifier.common.errors import UserError, describe
from desktop_notifier.profile.credentials import SERVICE
from tests.support.apps import MakeApp
from tests.support.cli import configure
from tests.support.standin import Standin
from tests.support.waiting import until

pytestmark = pytest.mark.desktop

SECRET = "segredo-na-url"


def with_credentials(url: str) -> str:
    scheme, rest = url.split("://", 1)
    return f"{scheme}://admin:{SECRET}@{rest}"


def profile_text(directory: Path) -> str:
    return "".join(p.read_text(errors="replace") for p in directory.rglob("*") if p.is_file())


def test_configure_refuses_credentials_in_the_url(tmp_path: Path, standin: Standin) -> None:
    directory = tmp_path / "profile"
    done = configure(directory, standin, url=with_credentials(standin.url))
    assert done.returncode == 1
    assert done.stderr.strip() == describe(UserError("url_credentials"), "pt_BR")
    assert SECRET not in done.stdout + done.stderr
    assert not (directory / "settings.json").exists()
    assert SECRET not in profile_text(directory)


def test_the_settings_dialog_refuses_credentials_in_the_url(
    make_app: MakeApp, run: Callable[..., Any], own_standin: Standin
) -> None:
    info = own_standin.info
    app, _ = make_app()
    run(app.start())
    dialog = app.dialog
    assert dialog is not None and dialog.isVisible()
    form = dialog.account
    form.url.setText(with_credentials(own_standin.url))
    form.anon_key.setText(info["anon_key"])
    form.email.setText(info["email"])
    form.password.setText(info["password"])
    form.sign_in.click()
    run(until(lambda: form.error.text(), "the refusal"))
    assert form.error.text() == describe(UserError("url_credentials"), "pt_BR")
    assert app.account is None
    assert keyring.get_password(SERVICE, f"{app.profile.keyring_namespace}/anon_key") is None
    assert not (app.profile.directory / "settings.json").exists()
    assert SECRET not in profile_text(app.profile.directory)
