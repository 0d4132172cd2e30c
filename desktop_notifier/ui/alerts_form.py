"""`AlertsForm`: the "Alerts" page of the settings dialog (kinds, score limits, inbox time).

It validates what can be checked on the spot (the low limit must be below the high one) and says
so in one sentence; it does not store anything.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_notifier.alerts import AlertKind, AlertPrefs
from desktop_notifier.ui.accessible import describe
from desktop_notifier.ui.colors import ERROR_TEXT
from desktop_notifier.ui.icons import kind_icon
from desktop_notifier.ui.labels import kind_label


class AlertsForm(QWidget):
    validity_changed = Signal(bool)
    test_notification_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kinds: dict[AlertKind, QCheckBox] = {}
        self._kinds_box = QGroupBox(self)
        kinds_layout = QVBoxLayout(self._kinds_box)
        kinds_layout.setSpacing(6)
        for kind in AlertKind:
            box = QCheckBox(self._kinds_box)
            box.setObjectName(f"kind_{kind.value}")
            box.setIcon(kind_icon(kind))
            kinds_layout.addWidget(box)
            self.kinds[kind] = box

        self._limits_box = QGroupBox(self)
        limits = QFormLayout(self._limits_box)
        limits.setHorizontalSpacing(12)
        self.high_score = self._spin("highScore", 1, 100)
        self.low_score = self._spin("lowScore", 0, 99)
        self.inbox_seconds = self._spin("inboxSeconds", 5, 3600)
        self.inbox_seconds.setSingleStep(5)
        self._high_label, self._low_label, self._inbox_label = QLabel(), QLabel(), QLabel()
        limits.addRow(self._high_label, self.high_score)
        limits.addRow(self._low_label, self.low_score)
        limits.addRow(self._inbox_label, self.inbox_seconds)
        self.validation = QLabel(self._limits_box)
        self.validation.setObjectName("validation")
        self.validation.setTextFormat(Qt.TextFormat.PlainText)
        self.validation.setWordWrap(True)
        self.validation.setStyleSheet(f"color: {ERROR_TEXT};")
        limits.addRow(self.validation)

        self.test_button = QPushButton(self)
        self.test_button.setObjectName("testNotification")
        self.test_button.setAutoDefault(False)
        self.test_button.clicked.connect(self.test_notification_requested)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(12)
        layout.addWidget(self._kinds_box)
        layout.addWidget(self._limits_box)
        layout.addLayout(test_row)
        layout.addStretch(1)
        self.high_score.valueChanged.connect(self._validate)
        self.low_score.valueChanged.connect(self._validate)
        self.retranslate()
        self.set_prefs(AlertPrefs(), 30)

    def _spin(self, name: str, low: int, high: int) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setObjectName(name)
        spin.setRange(low, high)
        spin.setAlignment(Qt.AlignmentFlag.AlignRight)
        spin.setMinimumWidth(100)
        spin.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        return spin

    def retranslate(self) -> None:
        self._kinds_box.setTitle(self.tr("Notify me about"))
        for kind, box in self.kinds.items():
            box.setText(kind_label(kind))
        self._limits_box.setTitle(self.tr("Limits"))
        self._high_label.setText(self.tr("Excellent score from"))
        self._low_label.setText(self.tr("Low score up to"))
        self._inbox_label.setText(self.tr("Keep alerts in the inbox for"))
        self.inbox_seconds.setSuffix(self.tr(" s", "seconds"))
        self.test_button.setText(self.tr("Send test notification"))
        for kind, box in self.kinds.items():
            describe(box, kind_label(kind), self.tr("Show a notification for this kind of alert."))
        comment = self.kinds[AlertKind.CALL_COMMENT]
        when = self.tr(
            "A comment someone else writes on a call you own. It arrives at once; with the "
            "Broadcast or Ably source, only where the server has "
            "resources/sql/008_comment_alerts.sql, otherwise at the next reconciliation "
            "(every 2 minutes by default)."
        )
        comment.setToolTip(f"<p>{html.escape(when, quote=False)}</p>")  # rich text wraps
        describe(
            self.high_score,
            self._high_label.text(),
            self.tr("Scores from this value up are alerted as excellent."),
        )
        describe(
            self.low_score,
            self._low_label.text(),
            self.tr("Scores up to this value are alerted as low."),
        )
        describe(
            self.inbox_seconds,
            self._inbox_label.text(),
            self.tr("How long, in seconds, an alert stays in the tray's recent alerts."),
        )
        describe(
            self.test_button,
            self.test_button.text(),
            self.tr("Shows a sample notification now, to check that notifications appear."),
        )
        self._validate()

    def set_prefs(self, prefs: AlertPrefs, inbox_seconds: int) -> None:
        for kind, box in self.kinds.items():
            box.setChecked(kind in prefs.enabled)
        self.high_score.setValue(prefs.high_score)
        self.low_score.setValue(prefs.low_score)
        self.inbox_seconds.setValue(inbox_seconds)
        self._validate()

    def enabled_kinds(self) -> frozenset[AlertKind]:
        return frozenset(kind for kind, box in self.kinds.items() if box.isChecked())

    def is_valid(self) -> bool:
        return self.low_score.value() < self.high_score.value()

    def _validate(self) -> None:
        valid = self.is_valid()
        self.validation.setText(
            "" if valid else self.tr("The low-score limit must be below the excellent-score limit.")
        )
        self.validation.setVisible(not valid)
        self.validity_changed.emit(valid)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() is QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
