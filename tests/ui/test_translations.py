"""Translations: both catalogs are complete and compiled, language switches at run time, and no
visible widget text is left in English under pt_BR (nor in Portuguese under en)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QWidget,
)

from desktop_notifier.alerts import AlertKind
from desktop_notifier.i18n import build
from desktop_notifier.ui.call_window import CallWindow
from desktop_notifier.ui.history_window import HistoryWindow
from desktop_notifier.ui.settings_dialog import LANGUAGES, SettingsDialog
from desktop_notifier.ui.translation import catalog_bytes, current_language, install_language
from desktop_notifier.ui.tray import TrayController, TrayState
from tests.ui.conftest import make_alert, make_call, switch_language

I18N = Path(build.__file__).parent


def messages(language: str) -> list[ET.Element]:
    return list(ET.parse(I18N / f"calls_notifier_{language}.ts").getroot().iter("message"))


def pairs(language: str) -> dict[str, str]:
    """source → translation, for the non-plural messages."""
    result = {}
    for message in messages(language):
        if message.get("numerus") != "yes":
            result[message.findtext("source") or ""] = message.findtext("translation") or ""
    return result


@pytest.mark.parametrize("language", ["pt_BR", "en"])
def test_every_message_is_translated(language: str) -> None:
    root = ET.parse(I18N / f"calls_notifier_{language}.ts").getroot()
    assert root.get("language") == language
    assert len(messages(language)) > 60
    assert build.missing(root) == []
    for message in messages(language):
        translation = message.find("translation")
        assert translation is not None and translation.get("type") is None


def test_catalogs_are_compiled_and_up_to_date() -> None:
    for language in ("pt_BR", "en"):
        assert len(catalog_bytes(language)) > 1000
    assert build.main(["--check"]) == 0  # fresh lupdate finds nothing new; .qm match .ts


def test_portuguese_catalog_really_is_portuguese() -> None:
    pt = pairs("pt_BR")
    assert pt["Quit"] == "Sair"
    assert pt["Reconnect now"] == "Reconectar agora"
    assert pt["Waiting for transcription..."] == "Aguardando transcrição..."
    differing = sum(1 for source, text in pt.items() if source != text)
    assert differing / len(pt) > 0.85


def test_install_language_switches_and_falls_back(qapp: QApplication) -> None:
    translate = QCoreApplication.translate
    assert current_language(qapp) == "pt_BR"
    assert translate("TrayController", "Quit") == "Sair"
    install_language(qapp, "en")
    assert current_language(qapp) == "en"
    assert translate("TrayController", "Quit") == "Quit"
    assert translate("TrayController", "%n active call(s)", None, 1) == "1 active call"
    install_language(qapp, "klingon")
    assert translate("TrayController", "Quit") == "Sair"


def visible_texts(widget: QWidget) -> set[str]:
    """Widget-owned texts a user can read (database text is not translated, so callers feed
    the widgets neutral data)."""
    texts = {widget.windowTitle()}
    for label in widget.findChildren(QLabel):
        texts.add(label.text())
    for button in widget.findChildren(QAbstractButton):
        texts.add(button.text().replace("&", ""))
        texts.add(button.toolTip())
    for box in widget.findChildren(QGroupBox):
        texts.add(box.title())
    for tabs in widget.findChildren(QTabWidget):
        texts.update(tabs.tabText(i) for i in range(tabs.count()))
    for edit in widget.findChildren(QLineEdit):
        texts.add(edit.placeholderText())
    for reader in widget.findChildren(QPlainTextEdit):
        texts.add(reader.placeholderText())
    for combo in widget.findChildren(QComboBox):
        texts.update(combo.itemText(i) for i in range(combo.count()))
    for view in widget.findChildren(QAbstractItemView):
        model = view.model()
        for column in range(model.columnCount()):
            texts.add(str(model.headerData(column, Qt.Orientation.Horizontal) or ""))
            for row in range(model.rowCount()):
                texts.add(str(model.index(row, column).data() or ""))
    return {t for t in texts if t}


@pytest.fixture
def widgets(qapp: QApplication) -> Iterator[dict[str, object]]:
    call_window = CallWindow()
    call_window.set_call(
        make_call(
            company_name="ACME",
            score=None,
            ai_status="processing",
            scorecard=None,
            insights=None,
            transcription="",
        ),
        datetime(2026, 11, 24, 17, 0, tzinfo=UTC),
    )
    history = HistoryWindow()
    history.set_alerts([make_alert(AlertKind.MISSED_CALL, title="X", body="Y", company="X")])
    dialog = SettingsDialog()
    dialog.set_signed_in("ana@empresa.com.br")
    dialog.set_autostart_available(False)
    tray = TrayController(left_click_opens_menu=False)
    tray.set_state(TrayState.LIVE)
    tray.set_counts(active_calls=2, unread=3)
    yield {"call": call_window, "history": history, "dialog": dialog, "tray": tray}
    for widget in (call_window, history, dialog):
        widget.deleteLater()
    tray.deleteLater()


def all_texts(widgets: dict[str, object]) -> set[str]:
    texts: set[str] = set()
    for name in ("call", "history", "dialog"):
        widget = widgets[name]
        assert isinstance(widget, QWidget)
        texts |= visible_texts(widget)
    tray = widgets["tray"]
    assert isinstance(tray, TrayController)
    for menu in (tray.menu, *tray.menu.findChildren(type(tray.menu))):
        texts.update(a.text().replace("&&", "&") for a in menu.actions() if a.text())
    texts.add(tray.tooltip())
    return texts - {name for _, name in LANGUAGES}


def test_no_english_left_under_portuguese(widgets: dict[str, object]) -> None:
    english_only = {s for s, t in pairs("pt_BR").items() if s != t}
    texts = all_texts(widgets)
    assert texts & english_only == set()
    for expected in ("Sair", "Histórico…", "Analisando...", "Conta", "Hora", "Sair da conta"):
        assert expected in texts, expected
    assert "Conectado · 2 calls ativas · 3 novas" in texts


def test_no_portuguese_left_under_english(qapp: QApplication, widgets: dict[str, object]) -> None:
    switch_language(qapp, "en")
    portuguese_only = {t for s, t in pairs("pt_BR").items() if s != t}
    texts = all_texts(widgets)
    assert texts & portuguese_only == set()
    for expected in ("Quit", "History…", "Analyzing...", "Account", "Time", "Sign out"):
        assert expected in texts, expected
    dialog = widgets["dialog"]
    assert isinstance(dialog, SettingsDialog)
    assert dialog.start_at_login.toolTip() == "Starting at login is not available on this system."
