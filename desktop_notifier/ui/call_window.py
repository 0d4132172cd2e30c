"""`CallWindow`: the live, read-only view of ONE call.

The app creates one per open call and calls `set_call` whenever the row changes. Everything
from the database (company, status, scorecard, transcription, insights) is plain text: labels use
`Qt.PlainText`, long text lives in read-only `QPlainTextEdit`s, and nothing is ever interpreted as
markup. A growing transcription is appended, not re-set, so the reader keeps their place.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont, QTextCursor
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_notifier import APP_NAME
from desktop_notifier.events import Call
from desktop_notifier.ui.accessible import closes_on_escape, describe
from desktop_notifier.ui.badges import Pill, ScoreBadge
from desktop_notifier.ui.colors import (
    CARD_BORDER,
    ERROR_TEXT,
    MUTED_TEXT,
    ai_status_colors,
    score_colors,
    status_colors,
)
from desktop_notifier.ui.icons import app_icon
from desktop_notifier.ui.json_text import readable, scorecard_rows
from desktop_notifier.ui.labels import ai_status_label, no_score_label, status_label, yes_no_null
from desktop_notifier.ui.plain import breakable, single_line
from desktop_notifier.ui.scorecard_view import ScorecardView

_CONTENT, _MESSAGE = 0, 1


def _plain_label(parent: QWidget, object_name: str, *, wrap: bool = False) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(object_name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _reader(parent: QWidget, object_name: str) -> QPlainTextEdit:
    view = QPlainTextEdit(parent)
    view.setObjectName(object_name)
    view.setReadOnly(True)
    view.setUndoRedoEnabled(False)
    view.setFrameShape(QFrame.Shape.NoFrame)
    view.document().setDocumentMargin(12)
    return view


class CallWindow(QWidget):
    """One call, live. Setters only; it emits nothing and fetches nothing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callWindow")
        self.setWindowIcon(app_icon())
        self.setMinimumSize(520, 600)
        self.resize(580, 700)
        self._call: Call | None = None
        self._updated_at: datetime | None = None
        self._message: tuple[str, bool] | None = ("", False)
        self._transcription = ""
        self._insights = ""
        self._low, self._high = 30, 90

        self._stack = QStackedWidget(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 16, 16, 16)
        outer.addWidget(self._stack)
        self._stack.addWidget(self._build_content())
        self._stack.addWidget(self._build_message_page())
        self.setStyleSheet(
            f"QFrame#headerCard {{ background: palette(base); border: 1px solid {CARD_BORDER};"
            " border-radius: 10px; }"
            f"QLabel#updated {{ color: {MUTED_TEXT}; }}"
            f"QLabel#emptyScorecard, QLabel#messageText {{ color: {MUTED_TEXT}; }}"
            f"QLabel#messageText[error='true'] {{ color: {ERROR_TEXT}; }}"
        )
        closes_on_escape(self)  # Ctrl+Tab / Ctrl+Shift+Tab switch the tabs (QTabWidget)
        self.set_loading()

    def _build_content(self) -> QWidget:
        page = QWidget(self._stack)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)

        card = QFrame(page)
        card.setObjectName("headerCard")
        row = QHBoxLayout(card)
        row.setContentsMargins(18, 16, 16, 16)
        row.setSpacing(16)
        left = QVBoxLayout()
        left.setSpacing(8)
        self._company = _plain_label(card, "company", wrap=True)
        font = QFont(self._company.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self._company.setFont(font)
        pills = QHBoxLayout()
        pills.setSpacing(6)
        self._status = Pill(card)
        self._status.setObjectName("status")
        self._ai_status = Pill(card)
        self._ai_status.setObjectName("aiStatus")
        pills.addWidget(self._status)
        pills.addWidget(self._ai_status)
        pills.addStretch(1)
        self._updated = _plain_label(card, "updated")
        left.addWidget(self._company)
        left.addLayout(pills)
        left.addStretch(1)
        left.addWidget(self._updated)
        self._score = ScoreBadge(card)
        row.addLayout(left, 1)
        row.addWidget(self._score, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(card)

        self._tabs = QTabWidget(page)
        self._scorecard_stack = QStackedWidget(self._tabs)
        self._scorecard = ScorecardView(self._scorecard_stack)
        self._no_scorecard = _plain_label(self._scorecard_stack, "emptyScorecard", wrap=True)
        self._no_scorecard.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._scorecard_stack.addWidget(self._scorecard)
        self._scorecard_stack.addWidget(self._no_scorecard)
        self._insights_view = _reader(self._tabs, "insights")
        self._transcription_view = _reader(self._tabs, "transcription")
        self._tabs.addTab(self._scorecard_stack, "")
        self._tabs.addTab(self._insights_view, "")
        self._tabs.addTab(self._transcription_view, "")
        layout.addWidget(self._tabs, 1)
        return page

    def _build_message_page(self) -> QWidget:
        page = QWidget(self._stack)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        self._message_text = _plain_label(page, "messageText", wrap=True)
        self._message_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self._message_text)
        layout.addStretch(2)
        return page

    # -- public API -------------------------------------------------------------------------

    def set_call(self, call: Call, updated_at: datetime) -> None:
        """Show `call` as of `updated_at` (when the app last heard of it)."""
        self._call = call
        self._updated_at = updated_at
        self._message = None
        self._render()

    def set_loading(self) -> None:
        self._message = ("", False)
        self._render()

    def set_error(self, text: str) -> None:
        """One sentence, e.g. "Esta call não existe mais."; shown instead of the details."""
        self._message = (text, True)
        self._render()

    def set_score_bands(self, low: int, high: int) -> None:
        """The user's thresholds, so the score colour matches the alerts."""
        self._low, self._high = low, high
        self._render()

    @property
    def call(self) -> Call | None:
        return self._call

    # -- rendering --------------------------------------------------------------------------

    def _render(self) -> None:
        self._tabs.setTabText(0, self.tr("Scorecard"))
        self._tabs.setTabText(1, self.tr("Insights"))
        self._tabs.setTabText(2, self.tr("Transcription"))
        self._no_scorecard.setText(self.tr("No scorecard yet."))
        self._insights_view.setPlaceholderText(self.tr("No insights yet."))
        self._transcription_view.setPlaceholderText(self.tr("Waiting for transcription..."))
        self._describe()
        if self._message is not None or self._call is None:
            text, error = self._message or ("", False)
            self._message_text.setText(text or self.tr("Loading call…"))
            self._message_text.setProperty("error", error)
            self._message_text.style().unpolish(self._message_text)
            self._message_text.style().polish(self._message_text)
            self._stack.setCurrentIndex(_MESSAGE)
            self.setWindowTitle(APP_NAME)
            return
        self._message_text.clear()
        self._render_call(self._call)
        self._stack.setCurrentIndex(_CONTENT)

    def _describe(self) -> None:
        describe(
            self._tabs,
            self.tr("Call details"),
            self.tr("Scorecard, insights and transcription; Ctrl+Tab switches between them."),
        )
        describe(
            self._scorecard,
            self.tr("Scorecard"),
            self.tr("Each criterion of the call's scorecard with its value."),
        )
        describe(
            self._insights_view,
            self.tr("Insights"),
            self.tr("What the analysis found in the call (read-only)."),
        )
        describe(
            self._transcription_view,
            self.tr("Transcription"),
            self.tr("The call's transcription, updated live while it is transcribed (read-only)."),
        )

    def _render_call(self, call: Call) -> None:
        company = single_line(call.company_name, 120) or self.tr("Unknown company")
        self._company.setText(breakable(company))
        self.setWindowTitle(f"{single_line(company, 60)} — {APP_NAME}")
        self._status.setText(status_label(call.status))
        self._status.set_colors(status_colors(call.status))
        self._ai_status.setText(ai_status_label(call.ai_status))
        self._ai_status.set_colors(ai_status_colors(call.ai_status))
        if call.score is None:
            self._score.set_pending(no_score_label(call.status, call.ai_status), self.tr("Score"))
        else:
            colors = score_colors(call.score, self._low, self._high)
            self._score.set_score(call.score, self.tr("Score"), colors)
        score = self.tr("Score: %1").replace("%1", self._score.value_text)
        describe(self._score, score, self.tr("The call's score, from 0 to 100."))
        if self._updated_at is not None:
            stamp = self._updated_at.astimezone().strftime("%H:%M:%S")
            self._updated.setText(self.tr("Last update: %1").replace("%1", stamp))
        self._render_scorecard(call)
        self._set_insights(readable(call.insights, yes_no_null) if call.insights else "")
        self._set_transcription(call.transcription or "")

    def _render_scorecard(self, call: Call) -> None:
        rows = [
            (single_line(name, 60) or self.tr("Value"), value)
            for name, value in scorecard_rows(call.scorecard, yes_no_null)
        ]
        self._scorecard.set_rows(rows)
        self._scorecard_stack.setCurrentIndex(0 if rows else 1)

    def _set_insights(self, text: str) -> None:
        if text != self._insights:
            self._insights = text
            self._insights_view.setPlainText(text)

    def _set_transcription(self, text: str) -> None:
        """Append when the text only grew (live transcription), keeping the reader's place."""
        old = self._transcription
        if text == old:
            return
        view = self._transcription_view
        bar = view.verticalScrollBar()
        at_end = bar.value() >= bar.maximum() - 4
        position = bar.value()
        if old and text.startswith(old):
            cursor = QTextCursor(view.document())
            cursor.movePosition(QTextCursor.MoveOperation.End)
            cursor.insertText(text[len(old) :])
        else:
            view.setPlainText(text)
        self._transcription = text
        bar.setValue(bar.maximum() if at_end and old else position)

    def add_section(self, widget: QWidget) -> None:
        """A row of another module's below the call (the claim bar, app/call_windows.py)."""
        outer = self.layout()
        assert isinstance(outer, QVBoxLayout)
        outer.addWidget(widget)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() is QEvent.Type.LanguageChange:
            self._render()
        super().changeEvent(event)
