"""The names the operating systems know the app by, in one place (the PyInstaller spec, the
installers and the tests read them from here; the Inno Setup script repeats them and a test
checks it does): macOS bundle identifier, Windows AppUserModelID and Run-key value name.
"""

from __future__ import annotations

from desktop_notifier import APP_ID, APP_NAME

# Reverse-DNS of the publisher's domain; change it (and the .iss) before the first signed release.
BUNDLE_ID = "com.callsnotifier.CallsNotifier"
# Windows keeps toasts in the Action Center only for an AUMID that a Start-menu shortcut claims.
APP_USER_MODEL_ID = "CallsNotifier.App"
WINDOWS_RUN_VALUE = "CallsNotifier"
EXECUTABLE = "desktop-notifier"

__all__ = [
    "APP_ID",
    "APP_NAME",
    "APP_USER_MODEL_ID",
    "BUNDLE_ID",
    "EXECUTABLE",
    "WINDOWS_RUN_VALUE",
]
