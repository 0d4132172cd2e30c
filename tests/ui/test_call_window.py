"""CallWindow: every field is rendered as plain text, placeholders while data is pending,
a live transcription is appended in place, and loading/error states replace the details."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPlainTextEdit

from desktop_notifier.ui.badges import Pill, ScoreBadge
from desktop_notifier.ui.call_window import CallWindow
from desktop_notifier.ui.scorecard_view import ScorecardView
from tests.ui.conftest import make_call, switch_language

UPDATED = datetime(2026, 11, 24, 17, 2, 31, tzinfo=UTC)


@pytest.fixture
def window(qapp: QApplication) -> Iterator[CallWindow]:
    widget = CallWindow()
    yield widget
    widget.close()
    widget.deleteLater()


def label(window: CallWindow, name: str) -> QLabel:
    found = window.findChild(QLabel, name)
    assert found is not None, name
    return found


def reader(window: CallWindow, name: str) -> QPlainTextEdit:
    found = window.findChild(QPlainTextEdit, name)
    assert found is not None, name
    return found


def test_renders_a_complete_call(window: CallWindow) -> None:
    window.set_call(make_call(), UPDATED)
    assert label(window, "company").text() == "Padaria Pão & Cia"
    assert window.windowTitle() == "Padaria Pão & Cia — Calls Notifier"
    assert window.findChild(Pill, "status").text() == "concluída"  # type: ignore[union-attr]
    assert window.findChild(Pill, "aiStatus").text() == "IA: concluída"  # type: ignore[union-attr]
    assert window.findChild(ScoreBadge).value_text == "92"  # type: ignore[union-attr]
    stamp = UPDATED.astimezone().strftime("%H:%M:%S")
    assert label(window, "updated").text() == f"Última atualização: {stamp}"
    scorecard = window.findChild(ScorecardView)
    assert scorecard is not None
    assert scorecard.rows() == [("Abertura", "9"), ("Rapport", "8 / 10")]
    insights = reader(window, "insights").toPlainText()
    assert insights.splitlines() == ["Resumo: Cliente quer plano anual.", "", "Proximos passos:",
                                     "  • Enviar proposta"]  # fmt: skip
    assert reader(window, "transcription").toPlainText().startswith("Vendedor: Bom dia!")
    assert window.minimumWidth() >= 520 and window.minimumHeight() >= 600


def test_every_label_is_plain_text(window: CallWindow) -> None:
    hostile = "<b>x</b> <img src=http://evil/x.png> &amp;"
    window.set_call(
        make_call(company_name=hostile, status="<i>s</i>", scorecard={"<b>k</b>": "<u>v</u>"}),
        UPDATED,
    )
    company = label(window, "company")
    assert company.textFormat() is Qt.TextFormat.PlainText
    assert company.text().replace("\u200b", "") == hostile
    for widget in window.findChildren(QLabel):
        assert widget.textFormat() is Qt.TextFormat.PlainText, widget.objectName()
    scorecard = window.findChild(ScorecardView)
    assert scorecard is not None
    assert scorecard.rows() == [("<b>k</b>", "<u>v</u>")]
    assert "<b>x</b>" in window.windowTitle()


def test_pending_values_show_placeholders(window: CallWindow) -> None:
    window.set_call(
        make_call(
            company_name=None,
            status=None,
            ai_status=None,
            score=None,
            scorecard=None,
            insights=None,
            transcription=None,
        ),
        UPDATED,
    )
    assert label(window, "company").text() == "Empresa desconhecida"
    assert window.findChild(ScoreBadge).value_text == "Analisando..."  # type: ignore[union-attr]
    transcription = reader(window, "transcription")
    assert transcription.toPlainText() == ""
    assert transcription.placeholderText() == "Aguardando transcrição..."
    assert transcription.isReadOnly()
    assert label(window, "emptyScorecard").text() == "Ainda não há scorecard."
    assert reader(window, "insights").placeholderText() == "Ainda não há insights."


@pytest.mark.parametrize(
    ("score", "color"), [(20, "#a42626"), (45, "#8a5300"), (75, "#1d4fa8"), (95, "#136c3a")]
)
def test_score_is_coloured_by_band(window: CallWindow, score: int, color: str) -> None:
    window.set_call(make_call(score=score), UPDATED)
    badge = window.findChild(ScoreBadge)
    assert badge is not None
    assert color in badge.styleSheet()


def test_score_bands_follow_the_users_thresholds(window: CallWindow) -> None:
    window.set_call(make_call(score=85), UPDATED)
    window.set_score_bands(40, 80)
    assert "#136c3a" in window.findChild(ScoreBadge).styleSheet()  # type: ignore[union-attr]


@pytest.mark.parametrize("lines", [9500, 1], ids=["many-lines", "one-long-line"])
def test_a_one_megabyte_transcription_sets_quickly(window: CallWindow, lines: int) -> None:
    text = ("Cliente: " + "palavra " * (13 * 9700 // lines) + "\n") * lines
    assert len(text) > 1_000_000
    window.show()
    start = time.perf_counter()
    window.set_call(make_call(transcription=text), UPDATED)
    QApplication.processEvents()
    elapsed = time.perf_counter() - start
    assert reader(window, "transcription").document().characterCount() >= len(text)
    assert elapsed < 3.0, f"setting 1 MB took {elapsed:.2f}s"


def test_growing_transcription_is_appended_and_keeps_the_scroll(window: CallWindow) -> None:
    window.show()
    base = "".join(f"linha {i}\n" for i in range(400))
    call = make_call(transcription=base)
    window.set_call(call, UPDATED)
    view = reader(window, "transcription")
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    middle = bar.value()
    document = view.document()
    window.set_call(make_call(id=call.id, transcription=base + "linha nova\n"), UPDATED)
    assert view.document() is document
    assert view.toPlainText().endswith("linha nova\n")
    assert bar.value() == middle


def test_loading_and_error_states(window: CallWindow) -> None:
    assert label(window, "messageText").text() == "Carregando call…"
    window.set_error("Esta call não existe mais.")
    assert label(window, "messageText").text() == "Esta call não existe mais."
    assert label(window, "messageText").isVisibleTo(window)
    assert window.windowTitle() == "Calls Notifier"
    window.set_call(make_call(), UPDATED)
    assert not label(window, "messageText").isVisibleTo(window)
    assert label(window, "company").isVisibleTo(window)


def test_language_switch_retranslates(qapp: QApplication, window: CallWindow) -> None:
    window.set_call(make_call(score=None, ai_status="processing"), UPDATED)
    switch_language(qapp, "en")
    assert window.findChild(ScoreBadge).value_text == "Analyzing..."  # type: ignore[union-attr]
    assert window.findChild(Pill, "status").text() == "completed"  # type: ignore[union-attr]
    assert label(window, "updated").text().startswith("Last update: ")


@pytest.mark.parametrize(
    ("status", "ai_status", "shown"),
    [
        ("in_progress", None, "Analisando..."),
        ("completed", "processing", "Analisando..."),
        ("missed", None, "Sem score"),
        ("completed", "failed", "Sem score"),
        ("completed", "completed", "Sem score"),
    ],
)
def test_a_call_without_a_score_says_whether_one_is_coming(
    window: CallWindow, status: str, ai_status: str | None, shown: str
) -> None:
    window.set_call(make_call(score=None, status=status, ai_status=ai_status), UPDATED)
    assert window.findChild(ScoreBadge).value_text == shown  # type: ignore[union-attr]
