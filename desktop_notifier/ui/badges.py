"""Small display pieces of the call window: a coloured status pill and the score badge.

Both show plain text only and take their colours from `colors`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from desktop_notifier.ui.colors import MUTED_TEXT, NEUTRAL, Pair


class Pill(QLabel):
    """A rounded label with a coloured background, e.g. the call status."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.set_colors(NEUTRAL)

    def set_colors(self, colors: Pair) -> None:
        foreground, background = colors
        self.setStyleSheet(
            f"QLabel {{ color: {foreground}; background: {background}; border-radius: 10px;"
            " padding: 3px 10px; font-weight: 600; }"
        )


class ScoreBadge(QFrame):
    """The call's score, large, on a tile coloured by band; a muted text while pending."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scoreBadge")
        self.setFixedSize(112, 88)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 8)
        layout.setSpacing(0)
        self._value = QLabel(self)
        self._value.setObjectName("scoreValue")
        self._value.setTextFormat(Qt.TextFormat.PlainText)
        self._value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._value.setWordWrap(True)
        self._caption = QLabel(self)
        self._caption.setObjectName("scoreCaption")
        self._caption.setTextFormat(Qt.TextFormat.PlainText)
        self._caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self._value, 1)
        layout.addWidget(self._caption)
        self.set_pending("", "")

    @property
    def value_text(self) -> str:
        return self._value.text()

    def set_score(self, score: int, caption: str, colors: Pair) -> None:
        foreground, background = colors
        self._value.setText(str(score))
        self._caption.setText(caption.upper())
        self._style(foreground, background, value_size=30)

    def set_pending(self, text: str, caption: str) -> None:
        self._value.setText(text)
        self._caption.setText(caption.upper())
        self._style(MUTED_TEXT, NEUTRAL[1], value_size=11, italic=True)

    def _style(
        self, foreground: str, background: str, *, value_size: int, italic: bool = False
    ) -> None:
        style = "italic" if italic else "normal"
        weight = 400 if italic else 700
        self.setStyleSheet(
            f"QFrame#scoreBadge {{ background: {background}; border-radius: 12px; }}"
            f"QLabel#scoreValue {{ color: {foreground}; font-size: {value_size}pt;"
            f" font-weight: {weight}; font-style: {style}; }}"
            f"QLabel#scoreCaption {{ color: {foreground}; font-size: 8pt; font-weight: 600; }}"
        )
