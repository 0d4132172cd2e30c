"""`HourChart`: today's calls per hour as bars, painted (no chart library), with the hour marks
under them and the busiest hour's count at the top. Only numbers are drawn: no untrusted text.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from desktop_notifier.ui.colors import BLUE, CARD_BORDER, MUTED_TEXT

PAST_BAR = "#8fb1ea"  # the hours before this one, lighter than its BLUE


class HourChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hourChart")
        self.setMinimumHeight(140)
        self._counts: tuple[int, ...] = (0,) * 24
        self._now_hour: int | None = None

    def set_counts(self, counts: Sequence[int], now_hour: int | None) -> None:
        counts, changed = tuple(counts), now_hour != self._now_hour
        if counts != self._counts or changed:
            self._counts, self._now_hour = counts, now_hour
            self.update()

    def counts(self) -> tuple[int, ...]:
        return self._counts

    def sizeHint(self) -> QSize:
        return QSize(480, 160)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        label_h = metrics.height() + 4
        area = QRectF(self.rect()).adjusted(4, label_h, -4, -label_h)
        painter.setPen(QColor(CARD_BORDER))
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        top = max(self._counts) if self._counts else 0
        step = area.width() / max(len(self._counts), 1)
        for hour, count in enumerate(self._counts):
            x = area.left() + hour * step
            if count and top:
                height = max(2.0, area.height() * count / top)
                bar = QRectF(x + step * 0.15, area.bottom() - height, step * 0.7, height)
                colour = QColor(BLUE[0] if hour == self._now_hour else PAST_BAR)
                painter.fillRect(bar, colour)
                if count == top:
                    painter.setPen(QColor(MUTED_TEXT))
                    painter.drawText(
                        QRectF(x - step, bar.top() - label_h, step * 3, label_h),
                        Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                        str(count),
                    )
            if hour % 3 == 0:
                painter.setPen(QColor(MUTED_TEXT))
                painter.drawText(
                    QRectF(x - step, area.bottom() + 2, step * 3, label_h),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                    f"{hour:02d}h",
                )
        painter.end()
