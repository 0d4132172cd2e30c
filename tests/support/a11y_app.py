"""The three windows a keyboard or screen-reader user works in (settings, a call, the history),
shown with Qt's AT-SPI bridge on, for tests/desktop/test_atspi.py to read from outside.
Usage: python -m tests.support.a11y_app <language> <application name>"""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime

os.environ["QT_LINUX_ACCESSIBILITY_ALWAYS_ON"] = "1"  # as when a screen reader runs

from PySide6.QtWidgets import QApplication

from desktop_notifier.ui.call_window import CallWindow
from desktop_notifier.ui.history_window import HistoryWindow
from desktop_notifier.ui.settings_dialog import SettingsDialog
from desktop_notifier.ui.translation import install_language
from tests.ui.conftest import make_alert, make_call


def main(language: str, name: str) -> int:
    app = QApplication(sys.argv[:1])
    app.setApplicationName(name)
    install_language(app, language)
    settings = SettingsDialog()
    call = CallWindow()
    call.set_call(make_call(), datetime.now(UTC))
    history = HistoryWindow()
    history.set_alerts([make_alert(), make_alert(title="Call perdida: Beta", company="Beta")])
    for x, window in enumerate((settings, call, history)):
        window.move(20 + 400 * x, 40)
        window.show()
    print("READY", flush=True)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
