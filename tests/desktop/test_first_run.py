"""The first run as a new user meets it on the real desktop: the dialog welcomes, the demo
starts from it, and the account page signs in with an e-mailed code or through the browser
(the test reads the stand-in's mailbox and plays the browser), the session kept in the keyring
so a restart needs nothing."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

from desktop_notifier.app.tray_app import App
from desktop_notifier.ui.tray_state import TrayState
from tests.desktop.conftest import live
from tests.support.apps import MakeApp
from tests.support.browser import sign_in_at_provider
from tests.support.standin import Standin
from tests.support.waiting import until

pytestmark = [pytest.mark.desktop, pytest.mark.filterwarnings("ignore::DeprecationWarning")]
Run = Callable[..., Any]


def _first_run(make_app: MakeApp, run: Run) -> App:
    app, _ = make_app()
    run(app.start())
    assert app.dialog is not None and app.dialog.isVisible(), "first run opens the settings"
    assert app.dialog.welcome.isVisible(), "and welcomes"
    assert app.dialog.welcome.try_demo.text() == "Experimentar com dados de demonstração"
    return app


def _project(app: App, standin: Standin) -> None:
    assert app.dialog is not None
    form = app.dialog.account
    form.url.setText(standin.info["url"])
    form.anon_key.setText(standin.info["anon_key"])


def test_the_demo_starts_from_the_first_run_dialog(make_app: MakeApp, run: Run) -> None:
    app = _first_run(make_app, run)
    assert app.dialog is not None
    app.dialog.welcome.try_demo.click()
    run(until(lambda: live(app), "a live connection to the demo", timeout=120))
    assert app.tray.effective_state() is TrayState.LIVE
    assert app.dialog.account.signed_in_text.text() == "Conectado como demo@example.com"
    assert not app.dialog.welcome.isVisible()
    run(until(lambda: app.inbox.unread() > 0, "an alert from the simulated calls", timeout=60))
    run(app.shutdown())
    stack = app.settings_flow.ways.demo_stack if app.settings_flow.ways else None
    assert stack is not None
    run(stack.stop())
    assert stack.process.returncode is not None, "the demo's stand-in ends with the app"


def test_sign_in_with_an_emailed_code_in_the_dialog(
    make_app: MakeApp, run: Run, own_standin: Standin
) -> None:
    app = _first_run(make_app, run)
    assert app.dialog is not None
    _project(app, own_standin)
    form = app.dialog.account
    choices = form.choices
    choices.method.setCurrentIndex(choices.method.findData("code"))
    form.email.setText(own_standin.info["email"])
    assert form.sign_in.text() == "Enviar código"
    form.sign_in.click()
    run(until(lambda: choices.code_sent(), "the code to be sent"))
    assert choices.note.text().startswith("Código enviado para demo@example.com.")
    choices.code.setText("000000")
    mail = own_standin.admin("GET", "mailbox?to=demo@example.com")[-1]
    if mail["code"] == "000000":
        choices.code.setText("111111")
    assert form.sign_in.text() == "Entrar"
    form.sign_in.click()
    run(until(lambda: form.error.text(), "the wrong-code sentence"))
    assert form.error.text() == (
        "Código incorreto ou expirado. Peça um novo código e digite os 6 números do e-mail "
        "mais recente."
    )
    assert choices.code.text() == "" and choices.code.isVisible()
    choices.code.setText(mail["code"])
    form.sign_in.click()
    run(until(lambda: live(app), "a live connection"))
    assert form.signed_in_text.text() == "Conectado como demo@example.com"
    run(app.shutdown())
    again, _ = make_app(app.profile.directory)
    run(again.start())
    run(until(lambda: live(again), "a live connection after the restart"))
    assert again.dialog is None, "the session was kept in the keyring"


def test_sign_in_through_the_browser_in_the_dialog(
    make_app: MakeApp, run: Run, own_standin: Standin
) -> None:
    app = _first_run(make_app, run)
    assert app.dialog is not None
    ways = app.settings_flow.ways
    assert ways is not None
    browsed: list[asyncio.Task[Any]] = []
    ways.open_browser = lambda url: browsed.append(
        asyncio.ensure_future(sign_in_at_provider(url, "carla@vendas.example.com"))
    )
    _project(app, own_standin)
    choices = app.dialog.account.choices
    run(until(lambda: choices.method.findData("oauth:google") >= 0, "the project's providers"))
    names = [choices.method.itemText(i) for i in range(choices.method.count())]
    assert names == [
        "Senha",
        "Código por e-mail",
        "Microsoft (no navegador)",
        "Google (no navegador)",
    ]
    choices.method.setCurrentIndex(choices.method.findData("oauth:google"))
    form = app.dialog.account
    assert form.sign_in.text() == "Entrar com Google"
    assert not form.email.isVisible() and not form.password.isVisible()
    form.sign_in.click()
    run(until(lambda: live(app), "a live connection"))
    assert form.signed_in_text.text() == "Conectado como carla@vendas.example.com"
    page = run(browsed[0])
    assert "pode fechar esta aba" in page.text
