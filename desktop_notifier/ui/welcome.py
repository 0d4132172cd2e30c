"""`WelcomePanel`: the top of the settings dialog on the first run (nothing configured yet).

Says what the app does in two lines and offers to try it with demonstration data before any
Supabase project is at hand (`demo_requested`); signing in stays on the account page below. On
Windows (the app says so: `show_focus_assist`) it also tells how to let the alerts through
Focus Assist, which otherwise hides them silently.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_notifier import APP_NAME
from desktop_notifier.ui.accessible import describe
from desktop_notifier.ui.colors import MUTED_TEXT


class WelcomePanel(QWidget):
    demo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcome")
        self.title = QLabel(self)
        self.title.setObjectName("welcomeTitle")
        self.lines = QLabel(self)
        self.lines.setObjectName("welcomeText")
        self.lines.setWordWrap(True)
        for label in (self.title, self.lines):
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.try_demo = QPushButton(self)
        self.try_demo.setObjectName("tryDemo")
        self.try_demo.setAutoDefault(False)
        self.try_demo.clicked.connect(self.demo_requested)
        self.or_sign_in = QLabel(self)
        self.or_sign_in.setObjectName("orSignIn")
        self.or_sign_in.setWordWrap(True)
        self.focus_assist = QLabel(self)
        self.focus_assist.setObjectName("focusAssist")
        self.focus_assist.setWordWrap(True)
        self.focus_assist.setTextFormat(Qt.TextFormat.PlainText)
        self.focus_assist.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.lines)
        row = QHBoxLayout()
        row.setContentsMargins(0, 6, 0, 0)
        row.addWidget(self.try_demo)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.or_sign_in)
        layout.addWidget(self.focus_assist)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(
            "QWidget#welcome { background: #eef4fb; border: 1px solid #c9dcf0;"
            " border-radius: 8px; }"
            "QWidget#welcome QLabel { color: #1f2a37; }"  # the panel is light in dark themes too
            "QLabel#welcomeTitle { font-size: 15pt; font-weight: 600; }"
            f"QWidget#welcome QLabel#orSignIn {{ color: {MUTED_TEXT}; }}"
        )
        self.retranslate()

    def show_focus_assist(self, show: bool) -> None:
        """Tell how to let the alerts through Windows' Focus Assist (Windows only)."""
        self.focus_assist.setVisible(show)

    def set_busy(self, busy: bool) -> None:
        self.try_demo.setEnabled(not busy)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Welcome to %1").replace("%1", APP_NAME))
        self.lines.setText(
            self.tr(
                "An alert the moment a call starts, is missed or gets its score.\n"
                "Click it for the call's scorecard, insights and transcription."
            )
        )
        self.try_demo.setText(self.tr("Try it with demonstration data"))
        self.or_sign_in.setText(self.tr("or sign in to your team's Supabase project below."))
        self.focus_assist.setText(
            self.tr(
                "Windows hides alerts while Focus Assist is on, during presentations and"
                " full-screen apps. To let missed calls through: Settings → System →"
                " Focus assist → Customize priority list → Add an app → %1."
            ).replace("%1", APP_NAME)
        )
        describe(
            self.try_demo,
            self.tr("Try it with demonstration data"),
            self.tr("Starts a local demonstration server with simulated calls and signs in to it."),
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() is QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
