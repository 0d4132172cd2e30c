"""The account form's opt-in to a plain http:// server: hidden for https and localhost, shown
with its warning while a remote http:// address is typed or the opt-in is ticked, read-only
while signed in (the warning stays), saved with the settings, and translated."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_notifier.profile.settings import Settings
from desktop_notifier.ui.settings_dialog import SettingsDialog
from tests.ui.conftest import switch_language


@pytest.fixture
def dialog(qapp: QApplication, qtbot: QtBot) -> Iterator[SettingsDialog]:
    widget = SettingsDialog()
    qtbot.addWidget(widget)
    widget.show()
    yield widget


def shown(dialog: SettingsDialog) -> tuple[bool, bool]:
    """(checkbox visible, warning visible) as the user would see them."""
    option = dialog.account.insecure
    return option.checkbox.isVisibleTo(dialog), option.warning.isVisibleTo(dialog)


@pytest.mark.parametrize(
    "url", ["", "https://xyz.supabase.co", "http://localhost:54321", "http://127.0.0.1:8000"]
)
def test_hidden_for_safe_addresses(dialog: SettingsDialog, url: str) -> None:
    dialog.account.url.setText(url)
    assert shown(dialog) == (False, False)


def test_a_remote_http_address_brings_the_option_and_the_warning(dialog: SettingsDialog) -> None:
    option = dialog.account.insecure
    dialog.account.url.setText("http://calls.intranet:8000")
    assert shown(dialog) == (True, True)
    assert not option.checkbox.isChecked()
    assert option.checkbox.text() == "Permitir servidor sem criptografia (http://)"
    assert (
        "senha" in option.warning_text.text() and "sem criptografia" in option.warning_text.text()
    )
    option.checkbox.setChecked(True)
    dialog.account.url.setText("https://xyz.supabase.co")
    assert shown(dialog) == (True, True), "a ticked opt-in keeps its warning in view"
    option.checkbox.setChecked(False)
    assert shown(dialog) == (False, False)


def test_the_opt_in_round_trips_and_is_locked_while_signed_in(dialog: SettingsDialog) -> None:
    settings = Settings(url="http://calls.intranet:8000", email="a@b.c", allow_insecure_http=True)
    dialog.set_settings(settings)
    assert dialog.allow_insecure_http() and dialog.settings() == settings
    dialog.set_signed_in("a@b.c")
    assert shown(dialog) == (True, True), "the warning stays while the server is in use"
    assert not dialog.account.insecure.checkbox.isEnabled()
    dialog.set_signed_in(None)
    assert dialog.account.insecure.checkbox.isEnabled()
    dialog.set_settings(Settings())
    assert not dialog.allow_insecure_http() and shown(dialog) == (False, False)


def test_english(qapp: QApplication, dialog: SettingsDialog) -> None:
    switch_language(qapp, "en")
    option = dialog.account.insecure
    assert option.checkbox.text() == "Allow a server without encryption (http://)"
    assert "password" in option.warning_text.text() and "unencrypted" in option.warning_text.text()
