"""`ProxyForm`: the general page's "Proxy: do sistema / nenhum / manual" choice.

Manual mode shows the proxy's address, and a user name and password for proxies that ask for
them (the password leaves the form only through `password()`: the app keeps it in the keyring,
never in the settings). "Testar proxy" asks the app (`test_requested`) to try the account's
server through the proxy as typed; the app answers with `set_test_result`.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from desktop_notifier.ui.accessible import describe
from desktop_notifier.ui.colors import MUTED_TEXT

MODES = ("system", "none", "manual")


class ProxyForm(QWidget):
    test_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("proxyForm")
        self.mode = QComboBox(self)
        self.mode.setObjectName("proxyMode")
        self.mode.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        for code in MODES:
            self.mode.addItem("", code)
        self.url = QLineEdit(self)
        self.url.setObjectName("proxyUrl")
        self.url.setPlaceholderText("http://proxy.empresa.com.br:3128")
        self.user = QLineEdit(self)
        self.user.setObjectName("proxyUser")
        self._password = QLineEdit(self)
        self._password.setObjectName("proxyPassword")
        self._password.setEchoMode(QLineEdit.EchoMode.Password)
        self.test = QPushButton(self)
        self.test.setObjectName("proxyTest")
        self.result = QLabel(self)
        self.result.setObjectName("proxyTestResult")
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        self.result.setWordWrap(True)
        self.result.setStyleSheet(f"color: {MUTED_TEXT};")

        self._mode_label = QLabel(self)
        self._mode_label.setBuddy(self.mode)
        self._url_label = QLabel(self)
        self._user_label = QLabel(self)
        self._password_label = QLabel(self)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.mode)
        top.addWidget(self.test)
        top.addStretch(1)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self._mode_label, top)
        form.addRow(self._url_label, self.url)
        form.addRow(self._user_label, self.user)
        form.addRow(self._password_label, self._password)
        form.addRow("", self.result)
        self._manual_rows = (
            (self._url_label, self.url),
            (self._user_label, self.user),
            (self._password_label, self._password),
        )
        self.mode.currentIndexChanged.connect(self._refresh)
        self.test.clicked.connect(self.test_requested)
        self.retranslate()
        self._refresh()

    def retranslate(self) -> None:
        names = (self.tr("System"), self.tr("None"), self.tr("Manual"))
        for index, name in enumerate(names):
            self.mode.setItemText(index, name)
        self._mode_label.setText(self.tr("Proxy"))
        self._url_label.setText(self.tr("Proxy address"))
        self._user_label.setText(self.tr("User (optional)"))
        self._password_label.setText(self.tr("Password"))
        self._password.setPlaceholderText(self.tr("kept in the system keyring"))
        self.test.setText(self.tr("Test proxy"))
        describe(
            self.mode,
            self.tr("Proxy"),
            self.tr("Which proxy the app connects through: the system's, none, or one of yours"),
        )
        describe(
            self.url,
            self.tr("Proxy address"),
            self.tr("The address and port of your proxy, e.g. http://proxy:3128"),
        )
        describe(
            self.user,
            self.tr("Proxy user"),
            self.tr("The user name, for a proxy that asks for one"),
        )
        describe(
            self._password,
            self.tr("Proxy password"),
            self.tr("The proxy's password, kept in the system keyring"),
        )
        describe(
            self.test,
            self.tr("Test proxy"),
            self.tr("Checks whether the server answers through this proxy"),
        )

    # -- values -------------------------------------------------------------------------------

    def set_values(self, mode: str, url: str, user: str) -> None:
        self.mode.setCurrentIndex(max(0, self.mode.findData(mode)))
        self.url.setText(url)
        self.user.setText(user)
        self._password.clear()
        self.result.clear()

    def chosen_mode(self) -> str:
        return str(self.mode.currentData())

    def password(self) -> str:
        """The password typed now ("" when untouched: the keyring's stays)."""
        return self._password.text()

    def set_testing(self, testing: bool, message: str = "") -> None:
        self.test.setEnabled(not testing)
        if testing:
            self.result.setText(message)

    def set_test_result(self, text: str) -> None:
        self.test.setEnabled(True)
        self.result.setText(text)

    def _refresh(self) -> None:
        manual = self.chosen_mode() == "manual"
        for label, field in self._manual_rows:
            label.setVisible(manual)
            field.setVisible(manual)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() is QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
