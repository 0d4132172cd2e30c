"""The default backend order for this OS: the native backend first, the tray balloon last.

Backend modules are imported lazily, so an OS never imports another OS's dependencies.
"""

from __future__ import annotations

import functools
import sys

from PySide6.QtWidgets import QSystemTrayIcon

from desktop_notifier.notify.base import NotifierFactory
from desktop_notifier.notify.tray_balloon import TrayBalloonNotifier


def default_factories(tray: QSystemTrayIcon, *, language: str) -> list[NotifierFactory]:
    """Factories for `create_notifier`, best first; `tray` is the app's tray icon."""
    factories: list[NotifierFactory] = []
    if sys.platform == "win32":
        from desktop_notifier.notify import windows

        factories.append(functools.partial(windows.create, language=language))
    elif sys.platform == "darwin":
        from desktop_notifier.notify import macos

        balloon = functools.partial(TrayBalloonNotifier.create, tray=tray)
        factories.append(functools.partial(macos.create, fallback=balloon, language=language))
    else:
        from desktop_notifier.notify.freedesktop import FreedesktopNotifier

        factories.append(functools.partial(FreedesktopNotifier.create, language=language))
    factories.append(functools.partial(TrayBalloonNotifier.create, tray=tray))
    return factories
