"""SettingsDialog: values round-trip, thresholds are validated, sign-in is a signal with what
was typed, and the account section follows busy / error / signed-in states."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QToolTip, QWidget
from pytestqt.qtbot import QtBot

from desktop_notifier.alerts import AlertKind, AlertPrefs
from desktop_notifier.alerts.team import TeamPrefs
from desktop_notifier.profile.settings import Settings
from desktop_notifier.ui.settings_dialog import SettingsDialog
from tests.support.qt import screenshot
from tests.ui.conftest import switch_language

ARTIFACTS = Path("/tmp/dn-artifacts")
CUSTOM = Settings(
    url="https://abc.supabase.co",
    email="ana@empresa.com.br",
    alerts=AlertPrefs(
        enabled=frozenset({AlertKind.NEW_CALL, AlertKind.LOW_SCORE}),
        high_score=85,
        low_score=25,
        language="en",
    ),
    inbox_seconds=45,
    missed_statuses=("missed", "no_answer"),
    start_at_login=True,
    lost_connection_grace_seconds=60,
)


@pytest.fixture
def dialog(qapp: QApplication, qtbot: QtBot) -> Iterator[SettingsDialog]:
    widget = SettingsDialog()
    qtbot.addWidget(widget)
    yield widget


def ok_button(dialog: SettingsDialog) -> object:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def fill_account(
    qtbot: QtBot, dialog: SettingsDialog, url: str = "https://abc.supabase.co"
) -> None:
    form = dialog.account
    form.url.clear()
    qtbot.keyClicks(form.url, url)
    qtbot.keyClicks(form.anon_key, "anon-key-123")
    form.email.clear()
    qtbot.keyClicks(form.email, "ana@empresa.com.br")
    qtbot.keyClicks(form.password, "s3nh@")


def test_defaults_round_trip(dialog: SettingsDialog) -> None:
    assert dialog.settings() == Settings()


def test_the_comment_alert_is_an_unticked_checkbox_by_default(dialog: SettingsDialog) -> None:
    box = dialog.alerts.kinds[AlertKind.CALL_COMMENT]
    assert not box.isChecked() and not box.icon().isNull()
    box.setChecked(True)
    assert AlertKind.CALL_COMMENT in dialog.settings().alerts.enabled


def tooltip_shot(qtbot: QtBot, widget: QWidget, name: str) -> None:
    QToolTip.showText(widget.mapToGlobal(widget.rect().center()), widget.toolTip(), widget)
    qtbot.waitUntil(QToolTip.isVisible)
    qtbot.wait(300)  # painted
    screenshot(name)
    QToolTip.hideText()
    qtbot.waitUntil(lambda: not QToolTip.isVisible())


def test_the_comment_checkbox_says_when_comments_arrive_in_both_languages(
    dialog: SettingsDialog, qapp: QApplication, qtbot: QtBot
) -> None:
    """What the checkbox promises: at once with the default source, at the next reconciliation
    with Broadcast or Ably (they carry no comments). Screenshots of the page, both languages."""
    box = dialog.alerts.kinds[AlertKind.CALL_COMMENT]
    dialog.tabs.setCurrentWidget(dialog.alerts)
    dialog.show()
    qtbot.waitExposed(dialog)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    assert box.text() == "Novo comentário numa call minha"
    assert "na hora" in box.toolTip() and "próxima conferência" in box.toolTip()
    dialog.grab().save(str(ARTIFACTS / "settings-comment-alert-pt_BR.png"))
    tooltip_shot(qtbot, box, "settings-comment-tooltip-pt_BR.png")
    switch_language(qapp, "en")
    try:
        assert box.text() == "New comment on my call"
        assert "arrives at once" in box.toolTip() and "next reconciliation" in box.toolTip()
        dialog.grab().save(str(ARTIFACTS / "settings-comment-alert-en.png"))
        tooltip_shot(qtbot, box, "settings-comment-tooltip-en.png")
    finally:
        switch_language(qapp, "pt_BR")


def test_custom_settings_round_trip_and_keep_hidden_fields(dialog: SettingsDialog) -> None:
    dialog.set_settings(CUSTOM)
    assert dialog.settings() == CUSTOM
    assert dialog.language.currentText() == "English"
    assert dialog.alerts.inbox_seconds.value() == 45


def test_edits_come_out_of_settings(qtbot: QtBot, dialog: SettingsDialog) -> None:
    dialog.set_settings(CUSTOM)
    dialog.account.url.setText("  https://novo.supabase.co ")
    dialog.alerts.kinds[AlertKind.MISSED_CALL].setChecked(True)
    dialog.alerts.high_score.setValue(95)
    dialog.alerts.inbox_seconds.setValue(60)
    dialog.language.setCurrentIndex(dialog.language.findData("pt_BR"))
    dialog.start_at_login.setChecked(False)
    result = dialog.settings()
    assert result.url == "https://novo.supabase.co"
    assert result.alerts.enabled == {AlertKind.NEW_CALL, AlertKind.LOW_SCORE, AlertKind.MISSED_CALL}
    assert (result.alerts.high_score, result.inbox_seconds) == (95, 60)
    assert result.language == "pt_BR" and not result.start_at_login
    assert result.missed_statuses == ("missed", "no_answer")


def test_thresholds_are_validated(dialog: SettingsDialog) -> None:
    dialog.alerts.low_score.setValue(90)  # equal to the high threshold
    message = "O limite de score baixo precisa ser menor que o de score excelente."
    assert dialog.alerts.validation.text() == message
    assert not dialog.alerts.validation.isHidden()
    assert not ok_button(dialog).isEnabled()  # type: ignore[attr-defined]
    with pytest.raises(ValueError):
        dialog.settings()
    dialog.alerts.low_score.setValue(30)
    assert dialog.alerts.validation.isHidden()
    assert ok_button(dialog).isEnabled()  # type: ignore[attr-defined]


def test_sign_in_emits_what_was_typed(qtbot: QtBot, dialog: SettingsDialog) -> None:
    dialog.show()
    assert not dialog.account.sign_in.isEnabled()
    fill_account(qtbot, dialog)
    assert dialog.account.sign_in.isEnabled()
    with qtbot.waitSignal(dialog.sign_in_requested, timeout=1000) as blocker:
        qtbot.mouseClick(dialog.account.sign_in, Qt.MouseButton.LeftButton)
    assert blocker.args == [
        "https://abc.supabase.co",
        "anon-key-123",
        "ana@empresa.com.br",
        "s3nh@",
    ]


def test_enter_in_the_password_field_signs_in_instead_of_closing(
    qtbot: QtBot, dialog: SettingsDialog
) -> None:
    dialog.show()
    fill_account(qtbot, dialog)
    dialog.account.password.setFocus()
    with qtbot.waitSignal(dialog.sign_in_requested, timeout=1000):
        qtbot.keyClick(dialog.account.password, Qt.Key.Key_Return)
    assert dialog.isVisible()


def test_a_url_without_scheme_is_explained(qtbot: QtBot, dialog: SettingsDialog) -> None:
    fill_account(qtbot, dialog, url="abc.supabase.co")
    with qtbot.assertNotEmitted(dialog.sign_in_requested):
        dialog.account.sign_in.click()
    assert "https://xyz.supabase.co" in dialog.account.error.text()
    assert not dialog.account.error.isHidden()


def test_busy_signed_in_and_error_states(qtbot: QtBot, dialog: SettingsDialog) -> None:
    fill_account(qtbot, dialog)
    dialog.set_busy(True, "Entrando…")
    account = dialog.account
    assert not account.sign_in.isEnabled()
    assert not account.progress.isHidden() and account.busy_text.text() == "Entrando…"
    assert account.password.isReadOnly()
    dialog.set_busy(False)
    assert account.progress.isHidden()
    dialog.tabs.setCurrentIndex(2)
    dialog.set_error("E-mail ou senha incorretos. Confira e tente de novo.")
    assert dialog.tabs.currentWidget() is account
    assert account.error.text() == "E-mail ou senha incorretos. Confira e tente de novo."
    dialog.set_error(None)
    assert account.error.isHidden()
    dialog.clear_password()
    dialog.set_signed_in("ana@empresa.com.br")
    assert account.password.text() == ""
    assert account.signed_in_text.text() == "Conectado como ana@empresa.com.br"
    assert not account.sign_out.isHidden() and account.sign_in.isHidden()
    assert account.url.isReadOnly()
    with qtbot.waitSignal(dialog.sign_out_requested, timeout=1000):
        account.sign_out.click()
    dialog.set_signed_in(None)
    assert account.signed_in_text.isHidden() and not account.sign_in.isHidden()


def test_anon_key_is_hidden_until_shown(dialog: SettingsDialog) -> None:
    key = dialog.account.anon_key
    assert key.echoMode() is QLineEdit.EchoMode.Password
    assert dialog.account.show_key.text() == "Mostrar"
    dialog.account.show_key.click()
    assert key.echoMode() is QLineEdit.EchoMode.Normal
    assert dialog.account.show_key.text() == "Ocultar"
    dialog.set_anon_key("abc")
    assert key.text() == "abc"


def test_keyring_problem_and_autostart_availability(dialog: SettingsDialog) -> None:
    banner = dialog.account.keyring_problem
    assert banner.isHidden()
    dialog.set_keyring_problem(
        "O chaveiro do sistema está bloqueado. Desbloqueie-o e tente de novo."
    )
    assert not banner.isHidden()
    dialog.set_autostart_available(False)
    assert not dialog.start_at_login.isEnabled()
    assert "não está disponível" in dialog.start_at_login.toolTip()
    dialog.set_autostart_available(True)
    assert dialog.start_at_login.isEnabled() and dialog.start_at_login.toolTip() == ""


def test_test_notification_button(qtbot: QtBot, dialog: SettingsDialog) -> None:
    assert dialog.alerts.test_button.text() == "Enviar notificação de teste"
    with qtbot.waitSignal(dialog.test_notification_requested, timeout=1000):
        dialog.alerts.test_button.click()


def test_portuguese_texts_and_language_switch(qapp: QApplication, dialog: SettingsDialog) -> None:
    tabs = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert tabs == ["Conta", "Alertas", "Geral", "Equipe"]
    assert dialog.account.sign_in.text() == "Entrar"
    assert dialog.alerts.kinds[AlertKind.MISSED_CALL].text() == "Call perdida"
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert cancel is not None and cancel.text().replace("&", "") == "Cancelar"
    switch_language(qapp, "en")
    tabs = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert tabs == ["Account", "Alerts", "General", "Team"]
    assert dialog.account.sign_in.text() == "Sign in"
    assert dialog.windowTitle() == "Settings — Calls Notifier"


def test_the_account_page_says_how_missed_changes_are_read(
    qapp: QApplication, dialog: SettingsDialog
) -> None:
    line = dialog.account.catchup_mode
    dialog.set_signed_in("ana@empresa.com.br")
    dialog.set_catchup_mode(None)
    assert line.isHidden(), "not known before the first catch-up"
    dialog.set_catchup_mode("xid")
    assert not line.isHidden() and line.text() == "Recuperação: exata (xid)"
    dialog.set_catchup_mode("timestamp")
    assert line.text() == (
        "Recuperação: por horário (alternativa); aplique resources/sql/002_change_xid.sql"
    )
    switch_language(qapp, "en")
    assert line.text() == "Catch-up: timestamp fallback; apply resources/sql/002_change_xid.sql"


def test_the_proxy_choice_round_trips_and_shows_the_manual_fields_only_for_manual(
    dialog: SettingsDialog, qtbot: QtBot
) -> None:
    dialog.tabs.setCurrentWidget(dialog.general)
    dialog.show()
    proxy = dialog.proxy
    assert proxy.chosen_mode() == "system" and not proxy.url.isVisible()
    chosen = Settings(proxy_mode="manual", proxy_url="http://proxy.corp:3128", proxy_user="ana")
    dialog.set_settings(chosen)
    assert proxy.url.isVisible() and proxy.user.isVisible()
    qtbot.keyClicks(proxy.findChild(QLineEdit, "proxyPassword"), "segredo")
    assert proxy.password() == "segredo"
    out = dialog.settings()
    assert (out.proxy_mode, out.proxy_url, out.proxy_user) == ("manual", chosen.proxy_url, "ana")
    assert "segredo" not in str(out.to_json())  # the password goes to the keyring only
    proxy.mode.setCurrentIndex(proxy.mode.findData("none"))
    assert not proxy.url.isVisible() and dialog.settings().proxy_mode == "none"
    with qtbot.waitSignal(dialog.proxy_test_requested, timeout=1000):
        qtbot.mouseClick(proxy.test, Qt.MouseButton.LeftButton)
    proxy.set_testing(True, "Testando o proxy…")
    assert not proxy.test.isEnabled() and proxy.result.text() == "Testando o proxy…"
    proxy.set_test_result("O proxy funciona.")
    assert proxy.test.isEnabled() and proxy.result.text() == "O proxy funciona."
    dialog.set_settings(chosen)
    assert proxy.password() == "" and proxy.result.text() == ""


def test_the_first_run_on_windows_explains_focus_assist(qtbot: QtBot) -> None:
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    dialog.set_first_run(True)
    dialog.welcome.show_focus_assist(True)  # what the app says on Windows
    dialog.show()
    text = dialog.welcome.focus_assist.text()
    assert dialog.welcome.focus_assist.isVisible()
    assert text.startswith("O Windows esconde os alertas com o Assistente de foco ativo")
    assert text.endswith("Adicionar um aplicativo → Calls Notifier.")
    dialog.welcome.grab().save("/tmp/dn-artifacts/team-welcome-focus-assist.png")


def test_the_team_page_round_trips_repeat_escalation_privacy_and_sounds(qtbot: QtBot) -> None:
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    team = TeamPrefs(
        repeat_minutes=0.05, escalate_minutes=30, privacy=False, sounds=frozenset({MISSED})
    )
    dialog.set_settings(replace(Settings(), team=team))
    assert dialog.settings().team == team, "values the page rounds stay when left alone"
    page = dialog.team
    assert page.repeat.text() == "nunca" and page.escalate.text() == "30 min"
    page.repeat.setValue(15)
    page.privacy.setChecked(True)
    page.sounds[AlertKind.NEW_CALL].setChecked(True)
    edited = dialog.settings().team
    assert (edited.repeat_minutes, edited.escalate_minutes, edited.privacy) == (15, 30, True)
    assert edited.sounds == {MISSED, AlertKind.NEW_CALL}
    dialog.tabs.setCurrentWidget(page)
    dialog.show()
    assert dialog.tabs.tabText(3) == "Equipe"
    assert page.privacy.text() == "Ocultar empresa e score enquanto estou em uma call"
    dialog.grab().save("/tmp/dn-artifacts/team-settings-page.png")


MISSED = AlertKind.MISSED_CALL
