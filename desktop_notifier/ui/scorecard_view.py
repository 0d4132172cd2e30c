"""`ScorecardView`: the scorecard as rows of criterion and value, wrapped, plain text only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QWidget

from desktop_notifier.ui.colors import CARD_BORDER, MUTED_TEXT
from desktop_notifier.ui.plain import breakable

MAX_ROWS = 200


class ScorecardView(QScrollArea):
    """Rows of (criterion, value). Rebuilt on each `set_rows`; a scorecard is a few rows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scorecard")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._rows: list[tuple[str, str]] = []
        self._stretch_row = 0
        self._labels: list[QWidget] = []
        self._body = QWidget(self)
        self._body.setObjectName("scorecardBody")
        self._grid = QGridLayout(self._body)
        self._grid.setContentsMargins(16, 10, 16, 10)
        self._grid.setHorizontalSpacing(24)
        self._grid.setVerticalSpacing(0)
        self._grid.setColumnStretch(1, 1)
        self._grid.setColumnMinimumWidth(0, 150)
        self.setWidget(self._body)
        self.setStyleSheet(
            "QWidget#scorecardBody { background: palette(base); }"
            f"QLabel[role='criterion'] {{ color: {MUTED_TEXT}; font-weight: 600; padding: 7px 0; }}"
            "QLabel[role='value'] { padding: 7px 0; }"
            f"QFrame#rowRule {{ background: {CARD_BORDER}; border: none; }}"
        )

    def rows(self) -> list[tuple[str, str]]:
        return list(self._rows)

    def set_rows(self, rows: list[tuple[str, str]]) -> None:
        rows = rows[:MAX_ROWS]
        if rows == self._rows:
            return
        self._rows = rows
        # Delete through our own references: PySide6 6.12 can crash at exit when objects
        # reached through Qt (takeAt/findChildren) are deleteLater()'d.
        for widget in self._labels:
            self._grid.removeWidget(widget)
            widget.deleteLater()
        self._labels = []
        for index, (name, value) in enumerate(rows):
            if index:
                rule = QFrame(self._body)
                rule.setObjectName("rowRule")
                rule.setFixedHeight(1)
                self._labels.append(rule)
                self._grid.addWidget(rule, 2 * index - 1, 0, 1, 2)
            for column, (text, role) in enumerate(((name, "criterion"), (value, "value"))):
                label = self._label(text, role)
                self._labels.append(label)
                self._grid.addWidget(label, 2 * index, column)
        self._grid.setRowStretch(self._stretch_row, 0)
        self._stretch_row = 2 * len(rows)
        self._grid.setRowStretch(self._stretch_row, 1)

    def _label(self, text: str, role: str) -> QLabel:
        label = QLabel(breakable(text), self._body)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setProperty("role", role)
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label
