"""`ClaimBar`: the call window's "Vou retornar" row (issue 18). A claimable missed call shows
the button; a claimed one says who will call back (plain text); any other call hides the row.
It shows what it is told and emits `claim_requested`; the claim itself is written by the app.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from desktop_notifier.ui.plain import single_line


class ClaimBar(QWidget):
    claim_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("claimBar")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 8, 0, 0)
        self.label = QLabel(self)
        self.label.setObjectName("claimedBy")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.button = QPushButton(self)
        self.button.setObjectName("claimButton")
        self.button.clicked.connect(self._on_clicked)
        row.addWidget(self.label, 1)
        row.addWidget(self.button)
        self._claimed_by: str | None = None
        self._retranslate()
        self.set_state(claimable=False, claimed_by=None)

    def set_state(self, *, claimable: bool, claimed_by: str | None) -> None:
        """`claimable`: offer the claim; `claimed_by`: who will call back (None: nobody)."""
        self._claimed_by = claimed_by
        self.button.setVisible(claimable)
        self.button.setEnabled(claimable)
        self.label.setVisible(claimed_by is not None)
        self.setVisible(claimable or claimed_by is not None)
        self._retranslate()

    def _on_clicked(self) -> None:
        self.button.setEnabled(False)  # one claim; the change that follows updates the row
        self.claim_requested.emit()

    def _retranslate(self) -> None:
        self.button.setText(self.tr("I'll call back"))
        if self._claimed_by is not None:
            name = single_line(self._claimed_by, 60)
            self.label.setText(self.tr("%1 will call back").replace("%1", name))
        else:
            self.label.setText("")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() is QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
