"""`InsecureHttpOption`: the account form's opt-in to a self-hosted server over plain http://.

A checkbox ("Permitir servidor sem criptografia (http://)") and a warning box saying that the
password and the calls' data travel unencrypted. Both stay out of sight for an https:// or a
localhost address; they appear while a plain http:// address to another machine is typed, and
while the opt-in is ticked (so the warning keeps showing as long as such a server is in use).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QFrame, QHBoxLayout, QLabel, QStyle, QVBoxLayout, QWidget

from desktop_notifier.common.insecure_http import is_insecure
from desktop_notifier.ui.accessible import describe
from desktop_notifier.ui.colors import AMBER

WARNING_ICON_SIZE = 18


class InsecureHttpOption(QWidget):
    changed = Signal()  # the checkbox was ticked or cleared

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("insecureHttpOption")
        self._url = ""
        self.checkbox = QCheckBox(self)
        self.checkbox.setObjectName("allowInsecureHttp")
        self.checkbox.toggled.connect(self._on_toggled)
        self.warning = QFrame(self)
        self.warning.setObjectName("insecureWarning")
        icon = QLabel(self.warning)
        icon.setObjectName("insecureWarningIcon")
        standard = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        icon.setPixmap(standard.pixmap(WARNING_ICON_SIZE, WARNING_ICON_SIZE))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.warning_text = QLabel(self.warning)
        self.warning_text.setObjectName("insecureWarningText")
        self.warning_text.setTextFormat(Qt.TextFormat.PlainText)
        self.warning_text.setWordWrap(True)
        row = QHBoxLayout(self.warning)
        row.setContentsMargins(10, 8, 10, 8)
        row.setSpacing(8)
        row.addWidget(icon)
        row.addWidget(self.warning_text, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.checkbox)
        layout.addWidget(self.warning)
        foreground, background = AMBER
        self.setStyleSheet(
            f"QFrame#insecureWarning {{ background: {background}; border: 1px solid #f0c987;"
            " border-radius: 6px; }"
            f"QLabel#insecureWarningText {{ color: {foreground}; background: transparent; }}"
        )
        self.retranslate()
        self._refresh()

    def retranslate(self) -> None:
        self.checkbox.setText(self.tr("Allow a server without encryption (http://)"))
        describe(
            self.checkbox,
            self.checkbox.text(),
            self.tr("Lets you sign in to an http:// server; the data travels unencrypted."),
        )
        self.warning_text.setText(
            self.tr(
                "Over http:// your password and the calls' data travel unencrypted: anyone on "
                "the network path can read them. Use this only for your own server on a network "
                "you trust."
            )
        )

    # -- values in and out --------------------------------------------------------------------

    def allowed(self) -> bool:
        return self.checkbox.isChecked()

    def set_allowed(self, allowed: bool) -> None:
        self.checkbox.setChecked(allowed)

    def set_url(self, url: str) -> None:
        """The address being typed: an insecure one brings the option and the warning up."""
        self._url = url
        self._refresh()

    def set_editable(self, editable: bool) -> None:
        """While signed in (or signing in) the opt-in in use cannot be changed."""
        self.checkbox.setEnabled(editable)

    def wanted(self) -> bool:
        """Whether the option has anything to show (the form hides its row otherwise)."""
        return self.allowed() or is_insecure(self._url)

    # -- behaviour ----------------------------------------------------------------------------

    def _on_toggled(self, _checked: bool) -> None:
        self._refresh()
        self.changed.emit()

    def _refresh(self) -> None:
        self.warning.setVisible(self.wanted())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() is QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
