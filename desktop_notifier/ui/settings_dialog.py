"""`SettingsDialog`: account, alert preferences and general options, built in code.

Values go in through setters and come out through `settings()` and signals; the dialog never
stores, signs in or touches the keyring itself. Secrets (anon key, password) only ever leave it
inside `sign_in_requested`.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QIcon, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_notifier import APP_NAME
from desktop_notifier.alerts import AlertPrefs
from desktop_notifier.common.languages import LANGUAGE_NAMES
from desktop_notifier.common.live_sources import SOURCES
from desktop_notifier.profile.settings import Settings
from desktop_notifier.ui import app_text
from desktop_notifier.ui.accessible import describe
from desktop_notifier.ui.account_form import AccountForm
from desktop_notifier.ui.alerts_form import AlertsForm
from desktop_notifier.ui.colors import MUTED_TEXT
from desktop_notifier.ui.icons import app_icon
from desktop_notifier.ui.proxy_form import ProxyForm
from desktop_notifier.ui.team_form import TeamForm
from desktop_notifier.ui.welcome import WelcomePanel

# Each language is named in itself, so it stays recognisable whatever the current language is.
LANGUAGES = tuple(LANGUAGE_NAMES.items())


class SettingsDialog(QDialog):
    sign_in_requested = Signal(str, str, str, str)  # url, anon key, email, password
    sign_out_requested = Signal()
    test_notification_requested = Signal()
    proxy_test_requested = Signal()
    demo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowIcon(app_icon())
        self.setMinimumWidth(560)
        self._base = Settings()
        self._autostart_available = True

        self.welcome = WelcomePanel(self)  # first run only (`set_first_run`)
        self.welcome.demo_requested.connect(self.demo_requested)
        self.tabs = QTabWidget(self)
        self.account = AccountForm(self.tabs)
        self.alerts = AlertsForm(self.tabs)
        self.general = QWidget(self.tabs)
        self.tabs.addTab(self.account, "")
        self.tabs.addTab(self.alerts, "")
        self.tabs.addTab(self.general, "")
        self.team = TeamForm(self.tabs)
        self.tabs.addTab(self.team, "")

        general = QFormLayout(self.general)
        general.setContentsMargins(16, 16, 16, 16)
        general.setVerticalSpacing(12)
        general.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.start_at_login = QCheckBox(self.general)
        self.start_at_login.setObjectName("startAtLogin")
        self.language = QComboBox(self.general)
        self.language.setObjectName("language")
        self.language.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        self._language_label = QLabel(self.general)
        self._language_label.setBuddy(self.language)
        general.addRow(self.start_at_login)
        general.addRow(self._language_label, self.language)
        self._language_hint = QLabel(self.general)
        self._language_hint.setObjectName("languageHint")
        self._language_hint.setTextFormat(Qt.TextFormat.PlainText)
        self._language_hint.setWordWrap(True)
        self._language_hint.setStyleSheet(f"color: {MUTED_TEXT};")
        general.addRow("", self._language_hint)
        self.source = QComboBox(self.general)
        self.source.setObjectName("liveSource")
        self.source.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        for source in SOURCES:
            self.source.addItem("", source)
        self._source_label = QLabel(self.general)
        self._source_label.setBuddy(self.source)
        general.addRow(self._source_label, self.source)
        self._source_hint = QLabel(self.general)
        self._source_hint.setObjectName("liveSourceHint")
        self._source_hint.setTextFormat(Qt.TextFormat.PlainText)
        self._source_hint.setWordWrap(True)
        self._source_hint.setStyleSheet(f"color: {MUTED_TEXT};")
        general.addRow("", self._source_hint)
        self.proxy = ProxyForm(self.general)
        general.addRow(self.proxy)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        for button in self.buttons.buttons():
            button.setIcon(QIcon())  # some styles add icons to OK/Cancel; they add only noise
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.welcome)
        layout.addWidget(self.tabs)
        layout.addWidget(self.buttons)
        self.set_first_run(False)

        self.account.sign_in_requested.connect(self.sign_in_requested)
        self.account.sign_out_requested.connect(self.sign_out_requested)
        self.alerts.test_notification_requested.connect(self.test_notification_requested)
        self.proxy.test_requested.connect(self.proxy_test_requested)
        self.alerts.validity_changed.connect(self._on_validity_changed)
        self.retranslate()
        self.set_settings(Settings())

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Settings — %1").replace("%1", APP_NAME))
        self.tabs.setTabText(0, self.tr("Account"))
        self.tabs.setTabText(1, self.tr("Alerts"))
        self.tabs.setTabText(2, self.tr("General"))
        self.tabs.setTabText(3, self.tr("Team"))
        self.start_at_login.setText(self.tr("Start when I log in"))
        self._language_label.setText(self.tr("Language"))
        self._language_hint.setText(self.tr("The new language applies as soon as you click OK."))
        self._source_label.setText(self.tr("Live source"))
        for index in range(self.source.count()):
            self.source.setItemText(index, app_text.source_name(str(self.source.itemData(index))))
        self._source_hint.setText(
            self.tr(
                "Broadcast scales to large teams; the server needs "
                "resources/sql/006_broadcast.sql. Ably needs 007_ably_outbox.sql, its "
                "publisher and token endpoint (see the README)."
            )
        )
        self.set_autostart_available(self._autostart_available)
        describe(
            self.tabs,
            self.tr("Settings sections"),
            self.tr("Account, alerts and general options; Ctrl+Tab switches between them."),
        )
        describe(
            self.start_at_login,
            self.tr("Start when I log in"),
            self.tr("Starts Calls Notifier in the tray when you log in."),
        )
        describe(
            self.language,
            self.tr("Language"),
            self.tr("The language of the app; it applies when you click OK."),
        )
        describe(
            self.source,
            self.tr("Live source"),
            self.tr("What carries the changes of your calls to this computer."),
        )
        buttons = (
            (QDialogButtonBox.StandardButton.Ok, self.tr("OK"), self.tr("Saves and closes.")),
            (
                QDialogButtonBox.StandardButton.Cancel,
                self.tr("Cancel"),
                self.tr("Closes without saving (Esc)."),
            ),
        )
        for which, name, description in buttons:
            button = self.buttons.button(which)
            if button is not None:
                describe(button, name, description)

    # -- values in and out ------------------------------------------------------------------

    def set_settings(self, settings: Settings) -> None:
        self._base = settings
        self.account.url.setText(settings.url)
        self.account.email.setText(settings.email)
        self.account.insecure.set_allowed(settings.allow_insecure_http)
        self.alerts.set_prefs(settings.alerts, settings.inbox_seconds)
        self.team.set_prefs(settings.team)
        self.start_at_login.setChecked(settings.start_at_login)
        index = self.language.findData(settings.language)
        self.language.setCurrentIndex(max(0, index))
        self.proxy.set_values(settings.proxy_mode, settings.proxy_url, settings.proxy_user)
        self.source.setCurrentIndex(max(0, self.source.findData(settings.source)))

    def settings(self) -> Settings:
        """The settings as edited; fields the dialog does not show are kept as given.

        Raises ValueError while the score limits are invalid (OK is disabled then).
        """
        prefs = AlertPrefs(
            enabled=self.alerts.enabled_kinds(),
            high_score=self.alerts.high_score.value(),
            low_score=self.alerts.low_score.value(),
            language=str(self.language.currentData()),
        )
        return replace(
            self._base,
            url=self.account.url.text().strip(),
            email=self.account.email.text().strip(),
            alerts=prefs,
            inbox_seconds=self.alerts.inbox_seconds.value(),
            start_at_login=self.start_at_login.isChecked(),
            allow_insecure_http=self.allow_insecure_http(),
            proxy_mode=self.proxy.chosen_mode(),
            proxy_url=self.proxy.url.text().strip(),
            proxy_user=self.proxy.user.text().strip(),
            team=self.team.prefs(),
            source=str(self.source.currentData()),
        )

    def allow_insecure_http(self) -> bool:
        """Whether the user opted in to a plain http:// server (read at sign-in)."""
        return self.account.insecure.allowed()

    def set_anon_key(self, key: str) -> None:
        self.account.anon_key.setText(key)

    # -- state setters ----------------------------------------------------------------------

    def set_busy(self, busy: bool, message: str = "") -> None:
        self.account.set_busy(busy, message)
        self.welcome.set_busy(busy)

    def set_first_run(self, first: bool) -> None:
        """Welcome a new user (what the app does, a demo to try) until an account is set."""
        self.welcome.setVisible(first)
        if first:
            self.tabs.setCurrentWidget(self.account)

    def set_error(self, text: str | None) -> None:
        self.account.set_error(text)
        if text:
            self.tabs.setCurrentWidget(self.account)

    def set_signed_in(self, email: str | None) -> None:
        self.account.set_signed_in(email)

    def set_keyring_problem(self, text: str | None) -> None:
        self.account.set_keyring_problem(text)

    def set_catchup_mode(self, mode: str | None) -> None:
        self.account.set_catchup_mode(mode)

    def clear_password(self) -> None:
        self.account.clear_password()

    def set_autostart_available(self, available: bool) -> None:
        self._autostart_available = available
        self.start_at_login.setEnabled(available)
        self.start_at_login.setToolTip(
            "" if available else self.tr("Starting at login is not available on this system.")
        )

    # -- behaviour --------------------------------------------------------------------------

    def _on_validity_changed(self, valid: bool) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(valid)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter in the account fields signs in instead of closing the dialog."""
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        focus = self.focusWidget()
        if enter and focus is not None and self.account.isAncestorOf(focus):
            self.account.request_sign_in()
            return
        super().keyPressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() is QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
