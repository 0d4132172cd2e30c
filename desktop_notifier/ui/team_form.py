"""`TeamForm`: the "Team" page of the settings dialog (issue 18): how often an unclaimed
missed call alerts again, when leads get an escalation, privacy mode, and which kinds play
their sound. It shows values and hands them back; it stores nothing.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_notifier.alerts import AlertKind
from desktop_notifier.alerts.team import TeamPrefs
from desktop_notifier.ui.accessible import describe
from desktop_notifier.ui.icons import kind_icon
from desktop_notifier.ui.labels import kind_label


class TeamForm(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._base = TeamPrefs()
        self._repeat_box = QGroupBox(self)
        form = QFormLayout(self._repeat_box)
        form.setHorizontalSpacing(12)
        self.repeat = self._spin("repeatMinutes", 0, 240)
        self.escalate = self._spin("escalateMinutes", 0, 1440)
        self._repeat_label, self._escalate_label = QLabel(), QLabel()
        form.addRow(self._repeat_label, self.repeat)
        form.addRow(self._escalate_label, self.escalate)
        self.privacy = QCheckBox(self)
        self.privacy.setObjectName("privacyMode")
        self._sounds_box = QGroupBox(self)
        sounds = QVBoxLayout(self._sounds_box)
        self.sounds: dict[AlertKind, QCheckBox] = {}
        for kind in AlertKind:
            box = QCheckBox(self._sounds_box)
            box.setObjectName(f"sound_{kind.value}")
            box.setIcon(kind_icon(kind))
            sounds.addWidget(box)
            self.sounds[kind] = box
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(12)
        layout.addWidget(self._repeat_box)
        layout.addWidget(self.privacy)
        layout.addWidget(self._sounds_box)
        layout.addStretch(1)
        self.retranslate()
        self.set_prefs(TeamPrefs())

    def _spin(self, name: str, low: int, high: int) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setObjectName(name)
        spin.setRange(low, high)
        spin.setAlignment(Qt.AlignmentFlag.AlignRight)
        spin.setMinimumWidth(100)
        spin.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        return spin

    def set_prefs(self, prefs: TeamPrefs) -> None:
        self._base = prefs
        self.repeat.setValue(round(prefs.repeat_minutes))
        self.escalate.setValue(round(prefs.escalate_minutes))
        self.privacy.setChecked(prefs.privacy)
        for kind, box in self.sounds.items():
            box.setChecked(kind in prefs.sounds)

    def prefs(self) -> TeamPrefs:
        """The preferences as edited; a value the form rounds is kept when left unchanged."""
        base = self._base
        repeat, escalate = float(self.repeat.value()), float(self.escalate.value())
        return replace(
            base,
            repeat_minutes=base.repeat_minutes if round(base.repeat_minutes) == repeat else repeat,
            escalate_minutes=(
                base.escalate_minutes if round(base.escalate_minutes) == escalate else escalate
            ),
            privacy=self.privacy.isChecked(),
            sounds=frozenset(kind for kind, box in self.sounds.items() if box.isChecked()),
        )

    def retranslate(self) -> None:
        self._repeat_box.setTitle(self.tr("Missed calls nobody took"))
        self._repeat_label.setText(self.tr("Alert again every"))
        self._escalate_label.setText(self.tr("Escalate to team leads after"))
        for spin in (self.repeat, self.escalate):
            spin.setSuffix(self.tr(" min", "minutes"))
            spin.setSpecialValueText(self.tr("never"))
        self.privacy.setText(self.tr("Hide company and score while I'm on a call"))
        self._sounds_box.setTitle(self.tr("Play a sound for"))
        for kind, box in self.sounds.items():
            box.setText(kind_label(kind))
            describe(box, kind_label(kind), self.tr("Play this kind's sound with its toast."))
        describe(
            self.repeat,
            self._repeat_label.text(),
            self.tr("An unclaimed missed call alerts again this often, until someone acts."),
        )
        describe(
            self.escalate,
            self._escalate_label.text(),
            self.tr("Team leads are alerted when a missed call stays unclaimed this long."),
        )
        describe(
            self.privacy,
            self.privacy.text(),
            self.tr("While your own call is in progress, alerts show only their kind, silently."),
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() is QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
