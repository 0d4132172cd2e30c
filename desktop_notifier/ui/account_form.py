"""`AccountForm`: the "Account" page of the settings dialog (project URL, anon key, sign-in).

It collects what the user typed and emits one signal per way to sign in (password, e-mail code,
browser; the ways and their fields are `signin_choices.SignInChoices`'s) and `providers_wanted`
once the project is known; whoever listens signs in and
reports back through `set_busy`, `set_error` and `set_signed_in`. It never keeps a secret beyond
the text fields, and `clear_password()` empties the password once it has been used.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_notifier.ui.accessible import describe
from desktop_notifier.ui.colors import ERROR_TEXT, MUTED_TEXT
from desktop_notifier.ui.insecure_option import InsecureHttpOption
from desktop_notifier.ui.signin_choices import CODE, SignInChoices

PROVIDERS_DELAY_MS = 600  # ask the project for its sign-in ways once typing pauses


def _plain(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class AccountForm(QWidget):
    sign_in_requested = Signal(str, str, str, str)  # url, anon key, email, password
    code_requested = Signal(str, str, str)  # url, anon key, email: e-mail me a code
    code_sign_in_requested = Signal(str, str, str, str)  # url, anon key, email, code
    browser_sign_in_requested = Signal(str, str, str)  # url, anon key, provider
    providers_wanted = Signal(str, str)  # url, anon key: which OAuth providers are enabled?
    sign_out_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._busy = False
        self._signed_in_as: str | None = None
        self.url = QLineEdit(self)
        self.url.setObjectName("url")
        self.url.setPlaceholderText("https://xyzcompany.supabase.co")
        self.insecure = InsecureHttpOption(self)
        self.url.textChanged.connect(self.insecure.set_url)
        self.insecure.changed.connect(self._refresh)
        self.anon_key = QLineEdit(self)
        self.anon_key.setObjectName("anonKey")
        self.anon_key.setEchoMode(QLineEdit.EchoMode.Password)
        self.show_key = QToolButton(self)
        self.show_key.setObjectName("showKey")
        self.show_key.setCheckable(True)
        self.show_key.toggled.connect(self._on_show_key_toggled)
        self.choices = SignInChoices(self)
        self.email, self.password = self.choices.email, self.choices.password
        self.choices.changed.connect(self._refresh)
        self.choices.resend_requested.connect(self._send_code)
        self._providers_timer = QTimer(self)
        self._providers_timer.setSingleShot(True)
        self._providers_timer.timeout.connect(self._want_providers)
        self.url.textChanged.connect(lambda _t: self._providers_timer.start(PROVIDERS_DELAY_MS))
        self.sign_in = QPushButton(self)
        self.sign_in.setObjectName("signIn")
        self.sign_in.setAutoDefault(False)
        self.sign_in.clicked.connect(self.request_sign_in)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.setFixedWidth(60)
        self.progress.setTextVisible(False)
        self.busy_text = _plain(self, "busyText")
        self.busy_text.setWordWrap(False)  # "Continue no navegador…" on one line
        self.hint = _plain(self, "hint")
        self.error = _plain(self, "error")
        self.keyring_problem = _plain(self, "keyringProblem")
        self.signed_in_text = _plain(self, "signedInText")
        self.catchup_mode = _plain(self, "catchupMode")
        self.catchup_mode.setStyleSheet(f"color: {MUTED_TEXT};")
        self._mode: str | None = None
        self.sign_out = QPushButton(self)
        self.sign_out.setObjectName("signOut")
        self.sign_out.setAutoDefault(False)
        self.sign_out.clicked.connect(self.sign_out_requested)
        for field in (self.url, self.anon_key):
            field.textChanged.connect(self._refresh)
        self.anon_key.textChanged.connect(
            lambda _t: self._providers_timer.start(PROVIDERS_DELAY_MS)
        )
        self._layout()
        self.setStyleSheet(
            f"QLabel#error {{ color: {ERROR_TEXT}; }}"
            f"QLabel#busyText, QLabel#hint {{ color: {MUTED_TEXT}; }}"
            "QLabel#keyringProblem { background: #fbecd0; color: #6b4100;"
            " border: 1px solid #f0c987; border-radius: 6px; padding: 8px 10px; }"
            "QLabel#signedInText { font-weight: 600; }"
        )
        self.retranslate()
        self.set_busy(False)
        self.set_error(None)
        self.set_keyring_problem(None)
        self.set_signed_in(None)

    def _layout(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 16, 16, 16)
        outer.setSpacing(12)
        outer.addWidget(self.keyring_problem)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setHorizontalSpacing(12)
        self.form.setVerticalSpacing(10)
        key_row = QHBoxLayout()
        key_row.setSpacing(6)
        key_row.addWidget(self.anon_key, 1)
        key_row.addWidget(self.show_key)
        self.labels: dict[str, QLabel] = {}
        for name, field in (("url", self.url), ("anonKey", self.anon_key)):
            label = QLabel(self)
            label.setBuddy(field)
            self.labels[name] = label
            self.form.addRow(label, key_row if field is self.anon_key else field)
            if field is self.url:
                self.form.addRow("", self.insecure)
        self.choices.add_rows(self.form)
        self.form.addRow("", self.hint)
        actions = QHBoxLayout()
        actions.addWidget(self.sign_in)
        actions.addSpacing(8)
        actions.addWidget(self.progress)
        actions.addSpacing(4)
        actions.addWidget(self.busy_text, 1)
        actions.addStretch(1)
        self.form.addRow("", actions)
        self.form.addRow("", self.error)
        outer.addLayout(self.form)
        signed = QHBoxLayout()
        signed.addWidget(self.signed_in_text, 1)
        signed.addWidget(self.sign_out)
        outer.addLayout(signed)
        outer.addWidget(self.catchup_mode)
        outer.addStretch(1)

    def retranslate(self) -> None:
        self.labels["url"].setText(self.tr("Supabase URL"))
        self.labels["anonKey"].setText(self.tr("Anon key"))
        self.choices.retranslate()
        self.anon_key.setPlaceholderText(self.tr("The project's public anon key"))
        self.hint.setText(
            self.tr("The URL and the anon key are in Supabase under Project Settings → API.")
        )
        self._on_show_key_toggled(self.show_key.isChecked())
        self.sign_in.setText(self.choices.button_text())
        self.sign_out.setText(self.tr("Sign out"))
        if self._signed_in_as is not None:
            self.set_signed_in(self._signed_in_as)
        self.set_catchup_mode(self._mode)
        self._describe()

    def _describe(self) -> None:
        describe(
            self.url, self.tr("Supabase URL"), self.tr("The address of your Supabase project.")
        )
        describe(
            self.anon_key,
            self.tr("Anon key"),
            self.tr("The project's public anon key, from Project Settings → API."),
        )
        describe(
            self.progress, self.tr("Signing in"), self.tr("Shown while the sign-in is under way.")
        )
        describe(self.email, self.tr("Email"), self.tr("The e-mail you sign in with."))
        describe(self.password, self.tr("Password"), self.tr("Your password; it is not stored."))
        describe(
            self.sign_in,
            self.tr("Sign in"),
            self.tr("Signs in with these details (Enter in any field does the same)."),
        )
        describe(
            self.sign_out,
            self.tr("Sign out"),
            self.tr("Signs out and removes the saved session from this computer."),
        )

    # -- setters ----------------------------------------------------------------------------

    def set_busy(self, busy: bool, message: str = "") -> None:
        self._busy = busy
        self.progress.setVisible(busy)
        self.busy_text.setText(message if busy else "")
        self.busy_text.setVisible(busy and bool(message))
        self._refresh()

    def set_error(self, text: str | None) -> None:
        self.error.setText(text or "")
        self.form.setRowVisible(self.error, bool(text))

    def set_keyring_problem(self, text: str | None) -> None:
        self.keyring_problem.setText(text or "")
        self.keyring_problem.setVisible(bool(text))

    def set_signed_in(self, email: str | None) -> None:
        self._signed_in_as = email
        signed_in = email is not None
        if signed_in:
            self.signed_in_text.setText(self.tr("Signed in as %1").replace("%1", email or ""))
        self.signed_in_text.setVisible(signed_in)
        self.sign_out.setVisible(signed_in)
        self.choices.show_rows(self.form, signing_in=not signed_in)  # hides labels too
        self.sign_in.setVisible(not signed_in)
        self.form.setRowVisible(self.hint, not signed_in)
        self._refresh()

    def set_catchup_mode(self, mode: str | None) -> None:
        """How the app reads what it missed: "xid" (exact), "timestamp" (the fallback of a
        server without 002_change_xid.sql) or None (not known yet)."""
        self._mode = mode
        if mode == "xid":
            self.catchup_mode.setText(self.tr("Catch-up: exact (xid)"))
        elif mode == "timestamp":
            self.catchup_mode.setText(
                self.tr("Catch-up: timestamp fallback; apply resources/sql/002_change_xid.sql")
            )
        self.catchup_mode.setVisible(mode in ("xid", "timestamp"))

    def clear_password(self) -> None:
        self.password.clear()

    # -- behaviour --------------------------------------------------------------------------

    def can_sign_in(self) -> bool:
        fields = (self.url, self.anon_key)
        return (
            not self._busy
            and self._signed_in_as is None
            and all(f.text().strip() for f in fields)
            and self.choices.ready()
        )

    def set_providers(self, providers: list[tuple[str, str]]) -> None:
        """The project's OAuth providers as (Supabase name, display name)."""
        self.choices.set_providers(providers)

    def set_note(self, text: str | None) -> None:
        """A line under the code field ("Code sent to …")."""
        self.choices.note.setText(text or "")
        self._refresh()

    def set_code_sent(self, sent: bool) -> None:
        """The code was e-mailed: ask for it (False: back to "Send code")."""
        self.choices.set_code_sent(sent)
        if sent:
            self.choices.code.setFocus()

    def request_sign_in(self) -> None:
        if not self.can_sign_in():
            return
        url = self.url.text().strip()
        if not url.lower().startswith(("https://", "http://")):
            self.set_error(self.tr("Enter the project URL, for example https://xyz.supabase.co."))
            return
        self.set_error(None)
        key, email = self.anon_key.text().strip(), self.email.text().strip()
        match self.choices.current():
            case "password":
                self.sign_in_requested.emit(url, key, email, self.password.text())
            case "code" if self.choices.code_sent():
                self.code_sign_in_requested.emit(url, key, email, self.choices.code.text())
            case "code":
                self.code_requested.emit(url, key, email)
            case _:
                self.browser_sign_in_requested.emit(url, key, self.choices.provider() or "")

    def _send_code(self) -> None:
        if not self._busy and self.choices.current() == CODE:
            self.set_error(None)
            url, key = self.url.text().strip(), self.anon_key.text().strip()
            self.code_requested.emit(url, key, self.email.text().strip())

    def _want_providers(self) -> None:
        url, key = self.url.text().strip(), self.anon_key.text().strip()
        if url.lower().startswith(("https://", "http://")) and len(key) > 20:
            self.providers_wanted.emit(url, key)

    def _refresh(self) -> None:
        editable = not self._busy and self._signed_in_as is None
        for field in (self.url, self.anon_key):
            field.setReadOnly(not editable)
        self.choices.set_editable(editable)
        self.choices.show_rows(self.form, signing_in=self._signed_in_as is None)
        self.sign_in.setText(self.choices.button_text())
        self.insecure.set_editable(editable)
        self.form.setRowVisible(self.insecure, self.insecure.wanted())
        self.sign_in.setEnabled(self.can_sign_in())
        self.sign_out.setEnabled(not self._busy)

    def _on_show_key_toggled(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.anon_key.setEchoMode(mode)
        self.show_key.setText(self.tr("Hide") if shown else self.tr("Show"))
        describe(
            self.show_key,
            self.tr("Hide the anon key") if shown else self.tr("Show the anon key"),
            self.tr("Shows or hides the anon key as you type it."),
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() is QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
