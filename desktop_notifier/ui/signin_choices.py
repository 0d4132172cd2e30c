"""`SignInChoices`: how to sign in — password, a code sent by e-mail, or each OAuth provider the
project enables (in the browser) — and the fields each way needs, as rows of the account form.

Owns the choice list, the e-mail, password and code fields, which rows show for the chosen way,
what the main button says, and whether it can be pressed. It never signs in: the account form
turns a press into one of its signals.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from desktop_notifier.ui.accessible import describe
from desktop_notifier.ui.colors import MUTED_TEXT

PASSWORD = "password"
CODE = "code"
OAUTH_PREFIX = "oauth:"


class SignInChoices(QObject):
    changed = Signal()
    resend_requested = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._providers: list[tuple[str, str]] = []  # (Supabase name, name on the button)
        self._code_sent = False
        self.method = QComboBox(parent)
        self.method.setObjectName("signInMethod")
        self.email = QLineEdit(parent)
        self.email.setObjectName("email")
        self.password = QLineEdit(parent)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.code = QLineEdit(parent)
        self.code.setObjectName("code")
        self.code.setMaxLength(9)  # "123 456" or "123-456" as typed from the e-mail
        self.code.setPlaceholderText("123456")
        self.resend = QPushButton(parent)
        self.resend.setObjectName("resendCode")
        self.resend.setAutoDefault(False)
        self.resend.clicked.connect(self.resend_requested)
        self.code_row = QWidget(parent)
        row = QHBoxLayout(self.code_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.code, 1)
        row.addWidget(self.resend)
        self.note = QLabel(parent)  # "Code sent to …"
        self.note.setObjectName("codeNote")
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setStyleSheet(f"color: {MUTED_TEXT};")
        self.labels = {name: QLabel(parent) for name in ("method", "email", "password", "code")}
        for name, field in (
            ("method", self.method),
            ("email", self.email),
            ("password", self.password),
            ("code", self.code),
        ):
            self.labels[name].setBuddy(field)
        self.method.currentIndexChanged.connect(self._on_method_changed)
        for line in (self.email, self.password, self.code):
            line.textChanged.connect(self.changed)
        self._fill_methods()

    def add_rows(self, form: QFormLayout) -> None:
        form.addRow(self.labels["method"], self.method)
        form.addRow(self.labels["email"], self.email)
        form.addRow(self.labels["password"], self.password)
        form.addRow(self.labels["code"], self.code_row)
        form.addRow("", self.note)

    # -- state ------------------------------------------------------------------------------

    def current(self) -> str:
        """PASSWORD, CODE, or "oauth:<provider>"."""
        return str(self.method.currentData() or PASSWORD)

    def provider(self) -> str | None:
        chosen = self.current()
        return chosen[len(OAUTH_PREFIX) :] if chosen.startswith(OAUTH_PREFIX) else None

    def code_sent(self) -> bool:
        return self._code_sent

    def set_providers(self, providers: Sequence[tuple[str, str]]) -> None:
        """The OAuth providers the project enables, as (Supabase name, display name)."""
        if list(providers) != self._providers:
            self._providers = list(providers)
            self._fill_methods()

    def set_code_sent(self, sent: bool) -> None:
        self._code_sent = sent
        if not sent:
            self.code.clear()
            self.note.clear()
        self.changed.emit()

    def ready(self) -> bool:
        """Whether the chosen way has what it needs for the main button."""
        email = bool(self.email.text().strip())
        match self.current():
            case "password":
                return email and bool(self.password.text())
            case "code":
                return email and (not self._code_sent or bool(self.code.text().strip()))
            case _:
                return True

    def set_editable(self, editable: bool) -> None:
        for line in (self.email, self.password, self.code):
            line.setReadOnly(not editable)
        self.method.setEnabled(editable)
        self.resend.setEnabled(editable)

    def show_rows(self, form: QFormLayout, signing_in: bool) -> None:
        """Show the rows the chosen way needs (none of them once signed in, but the e-mail)."""
        chosen = self.current()
        form.setRowVisible(self.method, signing_in)
        form.setRowVisible(self.email, chosen in (PASSWORD, CODE) or not signing_in)
        form.setRowVisible(self.password, signing_in and chosen == PASSWORD)
        code_shown = signing_in and chosen == CODE and self._code_sent
        form.setRowVisible(self.code_row, code_shown)
        form.setRowVisible(self.note, code_shown and bool(self.note.text()))

    def button_text(self) -> str:
        provider = self.provider()
        if provider is not None:
            name = dict(self._providers).get(provider, provider)
            return self.tr("Sign in with %1").replace("%1", name)
        if self.current() == CODE and not self._code_sent:
            return self.tr("Send code")
        return self.tr("Sign in")

    def retranslate(self) -> None:
        self.labels["method"].setText(self.tr("Sign in with"))
        self.labels["email"].setText(self.tr("Email"))
        self.labels["password"].setText(self.tr("Password"))
        self.labels["code"].setText(self.tr("Code"))
        self.email.setPlaceholderText(self.tr("you@company.com"))
        self.resend.setText(self.tr("Send a new code"))
        describe(
            self.method,
            self.tr("Sign in with"),
            self.tr("Password, a code sent by e-mail, or a provider in the browser."),
        )
        describe(self.code, self.tr("Code"), self.tr("The 6 digits from the e-mail."))
        describe(
            self.resend,
            self.tr("Send a new code"),
            self.tr("E-mails a new code; the previous one stops working."),
        )
        self._fill_methods()

    # -- internals --------------------------------------------------------------------------

    def _fill_methods(self) -> None:
        chosen = self.current()
        self.method.blockSignals(True)
        self.method.clear()
        self.method.addItem(self.tr("Password"), PASSWORD)
        self.method.addItem(self.tr("Code sent by email"), CODE)
        for provider, name in self._providers:
            self.method.addItem(self.tr("%1 (in the browser)").replace("%1", name),
                                OAUTH_PREFIX + provider)  # fmt: skip
        self.method.setCurrentIndex(max(0, self.method.findData(chosen)))
        self.method.blockSignals(False)
        if self.current() != chosen:
            self._on_method_changed()

    def _on_method_changed(self) -> None:
        self._code_sent = False
        self.code.clear()
        self.note.clear()
        self.changed.emit()
