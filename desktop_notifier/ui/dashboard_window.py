"""`DashboardWindow` ("Painel"): today's numbers — calls, active, missed, the average score,
the score bands, the analyses pending and completed — and the calls per hour as a chart.

It shows the `DayStats` it is given (`set_stats`) and when they were last read; it fetches and
counts nothing itself. Every number has an object name, so tests read what a user reads.
"""

from __future__ import annotations

import math
from datetime import datetime

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from desktop_notifier.events.day import DayStats
from desktop_notifier.ui.accessible import closes_on_escape
from desktop_notifier.ui.colors import CARD_BORDER, GREEN, MUTED_TEXT, RED, VIOLET, Pair
from desktop_notifier.ui.day_chart import HourChart
from desktop_notifier.ui.icons import app_icon

NUMBERS = ("total", "active", "missed", "average", "low", "regular", "high", "pending", "done")


class _Card(QFrame):
    def __init__(self, name: str, colours: Pair | None, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName(f"card_{name}")
        self.setStyleSheet(
            f"QFrame#card_{name} {{ border: 1px solid {CARD_BORDER}; border-radius: 8px;"
            + (f" background: {colours[1]};" if colours else "")
            + " }"
        )
        self.value = QLabel("—", self)
        self.value.setObjectName(name)
        self.value.setTextFormat(Qt.TextFormat.PlainText)
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.9)
        font.setBold(True)
        self.value.setFont(font)
        if colours:
            self.value.setStyleSheet(f"color: {colours[0]};")
        self.caption = QLabel(self)
        self.caption.setStyleSheet(f"color: {MUTED_TEXT};")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)


class DashboardWindow(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboardWindow")
        self.setWindowIcon(app_icon())
        self.setMinimumSize(560, 460)
        self._read_at: datetime | None = None
        amber = ("#8a5300", "#fbecd0")
        colours: dict[str, Pair | None] = {
            "missed": RED, "low": RED, "regular": amber, "high": GREEN,
            "pending": VIOLET, "done": GREEN,
        }  # fmt: skip
        self.cards = {name: _Card(name, colours.get(name), self) for name in NUMBERS}
        grid = QGridLayout()
        for i, name in enumerate(NUMBERS[:4]):
            grid.addWidget(self.cards[name], 0, i)
        for i, name in enumerate(NUMBERS[4:7]):
            grid.addWidget(self.cards[name], 1, i)
        grid.addWidget(self.cards["pending"], 2, 0)
        grid.addWidget(self.cards["done"], 2, 1)
        self.chart_title = QLabel(self)
        font = self.chart_title.font()
        font.setBold(True)
        self.chart_title.setFont(font)
        self.chart = HourChart(self)
        self.updated = QLabel(self)
        self.updated.setObjectName("updated")
        self.updated.setStyleSheet(f"color: {MUTED_TEXT};")
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.chart_title)
        layout.addWidget(self.chart, 1)
        layout.addWidget(self.updated)
        closes_on_escape(self)
        self._retranslate()

    def set_stats(self, stats: DayStats, now_hour: int | None, read_at: datetime | None) -> None:
        """Today's numbers; `now_hour` marks the current hour in the chart; `read_at`: when
        the server last counted (a reconnect reads again)."""
        self._read_at = read_at
        average = stats.average_score
        values = {
            "total": stats.total, "active": stats.active, "missed": stats.missed,
            "average": "—" if average is None else str(math.floor(average + 0.5)),  # 50.5 → 51
            "low": stats.low, "regular": stats.regular, "high": stats.high,
            "pending": stats.ai_pending, "done": stats.ai_completed,
        }  # fmt: skip
        for name, value in values.items():
            self.cards[name].value.setText(str(value))
        self.chart.set_counts(stats.per_hour, now_hour)
        self._refresh_updated()

    def number(self, name: str) -> str:
        return self.cards[name].value.text()

    def _refresh_updated(self) -> None:
        if self._read_at is None:
            self.updated.setText(self.tr("Reading today's calls…"))
        else:
            when = self._read_at.astimezone().strftime("%H:%M:%S")
            self.updated.setText(self.tr("Live · read from the server at %1").replace("%1", when))

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Dashboard — Calls Notifier"))
        captions = {
            "total": self.tr("Calls today"),
            "active": self.tr("Active now"),
            "missed": self.tr("Missed"),
            "average": self.tr("Average score"),
            "low": self.tr("Low scores"),
            "regular": self.tr("Regular scores"),
            "high": self.tr("Excellent scores"),
            "pending": self.tr("Analyses pending"),
            "done": self.tr("Analyses completed"),
        }
        for name, text in captions.items():
            self.cards[name].caption.setText(text)
        self.chart_title.setText(self.tr("Calls per hour"))
        self._refresh_updated()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() is QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
