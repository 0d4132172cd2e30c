"""HistoryWindow: lists alerts newest first as plain text, filters as you type (ignoring case
and accents), and opening a row asks for its call."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_notifier.alerts import AlertKind
from desktop_notifier.ui.history_window import HistoryWindow
from tests.ui.conftest import make_alert, switch_language

ALERTS = [
    make_alert(AlertKind.ANALYSIS_DONE, title="Análise completada para Beta", body="Score: 71",
               company="Beta", call_id="00000000-0000-0000-0000-00000000000b"),
    make_alert(AlertKind.MISSED_CALL, title="Call perdida: Acme", body="Ninguém atendeu esta call.",
               company="Acme", call_id="00000000-0000-0000-0000-00000000000a", seconds_ago=60),
    make_alert(AlertKind.HIGH_SCORE, title="🎉 Score excelente: 95!", body="Pão & <b>Cia</b>",
               company="Pão & <b>Cia</b>", call_id="00000000-0000-0000-0000-00000000000c",
               seconds_ago=120),
]  # fmt: skip


@pytest.fixture
def window(qapp: QApplication, qtbot: QtBot) -> Iterator[HistoryWindow]:
    widget = HistoryWindow()
    qtbot.addWidget(widget)
    widget.set_alerts(ALERTS)
    yield widget


def cell(window: HistoryWindow, row: int, column: int) -> str:
    return str(window.proxy.index(row, column).data())


def test_rows_in_order_with_kind_labels(window: HistoryWindow) -> None:
    assert window.visible_call_ids() == [a.call_id for a in ALERTS]
    assert [cell(window, r, 1) for r in range(3)] == ["Análise concluída", "Call perdida",
                                                      "Score excelente"]  # fmt: skip
    assert cell(window, 2, 2) == "Score excelente: 95!"
    assert cell(window, 2, 3) == "Pão & <b>Cia</b>"  # plain text, shown literally
    assert cell(window, 0, 0) == ALERTS[0].at.astimezone().strftime("%d/%m %H:%M:%S")
    assert window.count.text() == "3 alertas"
    headers = [str(window.model.headerData(i, Qt.Orientation.Horizontal)) for i in range(4)]
    assert headers == ["Hora", "Tipo", "Alerta", "Detalhes"]


def test_search_filters_as_you_type(qtbot: QtBot, window: HistoryWindow) -> None:
    qtbot.keyClicks(window.search, "analise")
    assert window.visible_call_ids() == [ALERTS[0].call_id]
    assert window.count.text() == "1 de 3 alertas"
    window.search.clear()
    qtbot.keyClicks(window.search, "PÃO cia")
    assert window.visible_call_ids() == [ALERTS[2].call_id]
    window.search.setText("perdida")
    assert window.visible_call_ids() == [ALERTS[1].call_id]
    window.search.setText("nada disso")
    assert window.visible_call_ids() == []
    assert window.empty.text() == "Nenhum alerta corresponde à busca."
    assert window.empty.isVisibleTo(window)
    window.search.clear()
    assert len(window.visible_call_ids()) == 3


def test_double_click_and_enter_open_the_call(qtbot: QtBot, window: HistoryWindow) -> None:
    window.show()
    qtbot.waitExposed(window)
    index = window.proxy.index(1, 2)
    window.view.setCurrentIndex(index)
    rect = window.view.visualRect(index)
    viewport = window.view.viewport()
    with qtbot.waitSignal(window.open_call_requested, timeout=1000) as blocker:
        # an item view only accepts a double click on the index it saw pressed first
        qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [ALERTS[1].call_id]
    window.view.setCurrentIndex(window.proxy.index(2, 0))
    with qtbot.waitSignal(window.open_call_requested, timeout=1000) as blocker:
        qtbot.keyClick(window.view, Qt.Key.Key_Return)
    assert blocker.args == [ALERTS[2].call_id]
    assert window.open_button.isEnabled()
    with qtbot.waitSignal(window.open_call_requested, timeout=1000):
        window.open_button.click()


def test_a_comment_alert_opens_its_call_on_the_comments_tab(
    qtbot: QtBot, window: HistoryWindow
) -> None:
    comment = make_alert(AlertKind.CALL_COMMENT, title="Novo comentário em Acme", body="oi",
                         call_id="00000000-0000-0000-0000-0000000000cc")  # fmt: skip
    window.set_alerts([comment, *ALERTS])
    window.view.setCurrentIndex(window.proxy.index(0, 0))
    with qtbot.waitSignal(window.open_comments_requested, timeout=1000) as blocker:
        qtbot.keyClick(window.view, Qt.Key.Key_Return)
    assert blocker.args == [comment.call_id]
    window.view.setCurrentIndex(window.proxy.index(1, 0))
    with qtbot.waitSignal(window.open_call_requested, timeout=1000) as blocker:
        qtbot.keyClick(window.view, Qt.Key.Key_Return)
    assert blocker.args == [ALERTS[0].call_id]


def test_empty_history(window: HistoryWindow) -> None:
    window.set_alerts([])
    assert window.empty.text() == "Nenhum alerta ainda. Os novos alertas aparecerão aqui."
    assert not window.open_button.isEnabled()


def test_language_switch(qapp: QApplication, window: HistoryWindow) -> None:
    switch_language(qapp, "en")
    assert window.windowTitle() == "Alert history — Calls Notifier"
    assert cell(window, 1, 1) == "Missed call"
    assert window.count.text() == "3 alerts"
