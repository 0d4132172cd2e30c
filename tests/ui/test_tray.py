"""TrayController: menu actions emit the right signals, the inbox is listed newest first,
database text is shown safely, and the tooltip and icon follow state, counts and pauses."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from PySide6 import QtGui
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon
from pytestqt.qtbot import QtBot

from desktop_notifier.alerts import AlertKind
from desktop_notifier.ui.tray import MAX_MENU_ALERTS, TrayController, TrayState, inbox_entry_text
from tests.ui.conftest import make_alert, switch_language


@pytest.fixture
def tray(qapp: QApplication) -> Iterator[TrayController]:
    controller = TrayController(left_click_opens_menu=False)
    yield controller
    controller.dispose()


def texts(tray: TrayController) -> list[str]:
    return [a.text() for a in tray.menu.actions() if a.isVisible() and not a.isSeparator()]


def action(tray: TrayController, text: str) -> QAction:
    for menu in (tray.menu, *tray.menu.findChildren(QMenu)):
        for candidate in menu.actions():
            if candidate.text() == text:
                return candidate
    raise AssertionError(f"no action {text!r} in {texts(tray)}")


def test_menu_layout_in_portuguese(tray: TrayController) -> None:
    tray.set_state(TrayState.LIVE)
    assert texts(tray) == [
        "Calls Notifier — Conectado",
        "Alertas recentes",
        "Nenhum alerta recente",
        "Histórico…",
        "Pausar notificações",
        "Reconectar agora",
        "Configurações…",
        "Sair",
    ]
    assert not action(tray, "Nenhum alerta recente").isEnabled()


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        ("Histórico…", "history_requested"),
        ("Reconectar agora", "reconnect_requested"),
        ("Configurações…", "settings_requested"),
        ("Sair", "quit_requested"),
    ],
)
def test_actions_emit_their_signals(
    qtbot: QtBot, tray: TrayController, text: str, signal: str
) -> None:
    with qtbot.waitSignal(getattr(tray, signal), timeout=1000):
        action(tray, text).trigger()


def test_pause_submenu(qtbot: QtBot, tray: TrayController) -> None:
    assert not action(tray, "Retomar notificações").isEnabled()
    for text, value in (("Por 1 hora", "hour"), ("Até amanhã", "tomorrow")):
        with qtbot.waitSignal(tray.pause_requested, timeout=1000) as blocker:
            action(tray, text).trigger()
        assert blocker.args == [value]
    until = datetime.now(UTC) + timedelta(hours=1)
    tray.set_paused_until(until)
    resume = action(tray, "Retomar notificações")
    assert resume.isEnabled()
    with qtbot.waitSignal(tray.pause_requested, timeout=1000) as blocker:
        resume.trigger()
    assert blocker.args == ["resume"]
    hhmm = until.astimezone().strftime("%H:%M")  # after midnight the date comes first
    assert any(t.startswith("Pausado até ") and t.endswith(hhmm) for t in texts(tray))


def test_inbox_entries_newest_first_and_open_their_call(qtbot: QtBot, tray: TrayController) -> None:
    newest = make_alert(AlertKind.MISSED_CALL, title="Call perdida: Beta", company="Beta")
    older = make_alert(
        AlertKind.HIGH_SCORE, title="🎉 Score excelente: 95!", body="Acme", seconds_ago=10
    )
    tray.set_inbox([newest, older])
    entries = texts(tray)
    start = entries.index("Alertas recentes") + 1
    assert entries[start : start + 3] == [
        "Call perdida: Beta",
        "    ↳ Vou retornar",  # a missed call nobody claimed offers the claim
        "Score excelente: 95! — Acme",
    ]
    assert "Nenhum alerta recente" not in entries
    with qtbot.waitSignal(tray.claim_requested, timeout=1000) as claimed:
        action(tray, "    ↳ Vou retornar").trigger()
    assert claimed.args == [newest.call_id]
    tray.set_inbox([replace(newest, claimed_by="Ana"), older])
    entries = texts(tray)
    assert "Call perdida: Beta — Ana vai retornar" in entries
    assert "    ↳ Vou retornar" not in entries, "a claimed call offers no claim"
    with qtbot.waitSignal(tray.open_call_requested, timeout=1000) as blocker:
        action(tray, "Score excelente: 95! — Acme").trigger()
    assert blocker.args == [older.call_id]
    tray.set_inbox([])
    assert "Nenhum alerta recente" in texts(tray)
    assert "Call perdida: Beta" not in texts(tray)


def test_a_comment_entry_of_the_inbox_opens_the_comments_tab(
    tray: TrayController, qtbot: QtBot
) -> None:
    comment = make_alert(AlertKind.CALL_COMMENT, title="Novo comentário em Acme", body="oi")
    tray.set_inbox([comment, make_alert(title="Nova call de Beta", company="Beta")])
    with qtbot.waitSignal(tray.open_comments_requested, timeout=1000) as blocker:
        action(tray, "Novo comentário em Acme").trigger()
    assert blocker.args == [comment.call_id]
    with qtbot.waitSignal(tray.open_call_requested, timeout=1000):
        action(tray, "Nova call de Beta").trigger()


def test_hostile_company_names_are_plain_single_line_and_escaped(tray: TrayController) -> None:
    alert = make_alert(title="Nova call de Pão & Cia\n<b>x</b>", company="Pão & Cia\n<b>x</b>")
    assert inbox_entry_text(alert) == "Nova call de Pão && Cia <b>x</b>"
    long = make_alert(title="Nova call de " + "M" * 300, company="M" * 300)
    tray.set_inbox([alert, long])
    entry = next(t for t in texts(tray) if t.startswith("Nova call de MMM"))
    assert len(entry) <= 72 and entry.endswith("…")


def test_long_inbox_is_capped_with_a_history_entry(qtbot: QtBot, tray: TrayController) -> None:
    tray.set_inbox([make_alert(title=f"Nova call de E{i}", company=None) for i in range(12)])
    entries = texts(tray)
    assert sum(t.startswith("Nova call de E") for t in entries) == MAX_MENU_ALERTS
    more = f"Mais {12 - MAX_MENU_ALERTS} alertas — abrir histórico…"
    assert more in entries
    with qtbot.waitSignal(tray.history_requested, timeout=1000):
        action(tray, more).trigger()


def test_mark_read_entry_follows_unread_count(qtbot: QtBot, tray: TrayController) -> None:
    assert not any("marcar como lido" in t for t in texts(tray))
    tray.set_counts(active_calls=3, unread=1)
    assert "1 novo alerta — marcar como lido" in texts(tray)
    tray.set_counts(active_calls=3, unread=2)
    with qtbot.waitSignal(tray.mark_read_requested, timeout=1000):
        action(tray, "2 novos alertas — marcar como lidos").trigger()
    tray.set_counts(active_calls=3, unread=0)
    assert not any("marcar como lido" in t for t in texts(tray))


def test_tooltip_and_icon_follow_state_and_counts(tray: TrayController) -> None:
    tray.set_state(TrayState.LIVE)
    tray.set_counts(active_calls=3, unread=2)
    assert tray.tooltip() == "Conectado · 3 calls ativas · 2 novas"
    tray.set_counts(active_calls=1, unread=0)
    assert tray.tooltip() == "Conectado · 1 call ativa"
    tray.set_counts(active_calls=0, unread=0)
    assert tray.tooltip() == "Conectado · nenhuma call ativa"
    tray.set_state(TrayState.OFFLINE, "Desconectado desde 14:02 — sem rede")
    assert tray.tooltip() == "Sem conexão\nDesconectado desde 14:02 — sem rede"
    assert "Desconectado desde 14:02 — sem rede" in texts(tray)
    assert texts(tray)[0] == "Calls Notifier — Sem conexão"
    before = tray.tray.icon().pixmap(22, 22).toImage()
    tray.set_counts(active_calls=0, unread=4)
    assert tray.tray.icon().pixmap(22, 22).toImage() != before


@pytest.mark.parametrize("language", ["pt_BR", "en"])
def test_tooltip_shows_server_text_literally(
    qapp: QApplication, tray: TrayController, language: str
) -> None:
    """An error detail from the server is shown as the characters it is: Qt renders a
    tooltip as rich text when it looks like markup (`QtGui.Qt.mightBeRichText`), and an `<h1>`
    did, in every state and language."""
    switch_language(qapp, language)
    detail = "<h1>502 Bad Gateway</h1> &amp; <b>nginx</b>"
    for state in (TrayState.OFFLINE, TrayState.SIGNED_OUT, TrayState.CONNECTING):
        tray.set_state(state, detail)
        for unread, paused in ((0, None), (3, datetime.now(UTC) + timedelta(hours=1))):
            tray.set_counts(active_calls=0, unread=unread)
            tray.set_paused_until(paused)
            tooltip = tray.tooltip()
            assert not QtGui.Qt.mightBeRichText(tooltip), tooltip
            assert tooltip.splitlines()[1:] == [detail]
    tray.set_state(TrayState.LIVE, detail)
    assert detail not in tray.tooltip() and not QtGui.Qt.mightBeRichText(tray.tooltip())


def test_paused_live_connection_shows_the_paused_icon(tray: TrayController) -> None:
    tray.set_state(TrayState.LIVE)
    tray.set_paused_until(datetime.now(UTC) + timedelta(minutes=30))
    assert tray.effective_state() is TrayState.PAUSED
    assert "Pausado até" in tray.tooltip()
    tray.set_state(TrayState.OFFLINE, "sem rede")
    assert tray.effective_state() is TrayState.OFFLINE
    tray.set_paused_until(None)
    tray.set_state(TrayState.LIVE)
    assert tray.effective_state() is TrayState.LIVE
    assert "Pausado" not in tray.tooltip()


def test_left_click_emits_activated(qtbot: QtBot, tray: TrayController) -> None:
    with qtbot.waitSignal(tray.activated, timeout=1000):
        tray.tray.activated.emit(QSystemTrayIcon.ActivationReason.Trigger)
    with qtbot.assertNotEmitted(tray.activated):
        tray.tray.activated.emit(QSystemTrayIcon.ActivationReason.Context)


def test_switching_language_retranslates_the_menu(qapp: QApplication, tray: TrayController) -> None:
    tray.set_state(TrayState.LIVE)
    tray.set_counts(active_calls=2, unread=1)
    switch_language(qapp, "en")
    assert "Reconnect now" in texts(tray)
    assert "1 new alert — mark as read" in texts(tray)
    assert tray.tooltip() == "Connected · 2 active calls · 1 new"
    switch_language(qapp, "pt_BR")
    assert "Reconectar agora" in texts(tray)


def test_an_open_menu_does_not_change_under_the_pointer(qtbot: QtBot, tray: TrayController) -> None:
    """An alert arriving while the menu is open waits for the next opening: the open menu
    neither grows past the screen edge nor shifts the entry the pointer is on."""
    tray.set_state(TrayState.LIVE)
    screen = QApplication.primaryScreen().availableGeometry()
    menu = tray.menu  # built for the current (empty) inbox
    menu.popup(screen.topRight())
    qtbot.waitUntil(menu.isVisible)
    before = (menu.geometry(), [a.text() for a in menu.actions()])
    long_company = "Laticínios Serra da Canastra Indústria e Comércio de Queijos Finos Ltda"
    tray.set_inbox([make_alert(company=long_company)])
    qtbot.wait(50)
    assert (menu.geometry(), [a.text() for a in menu.actions()]) == before
    assert screen.contains(menu.geometry())
    menu.hide()
    assert any(long_company[:20] in text for text in texts(tray))  # there at the next opening
