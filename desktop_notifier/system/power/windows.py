"""Windows: `WM_POWERBROADCAST` through a native event filter on the application.

Windows broadcasts it to top-level windows only, so it arrives while the app has a native
top-level window (the tray icon's or any window that was shown); the clock check covers the
rest. It cannot run here: import-guarded, and the clock check covers it if it fails.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from PySide6.QtCore import QAbstractNativeEventFilter, QCoreApplication

from desktop_notifier.system.power.common import RESUMED_WINDOWS, NativeHook, SleepEvents

log = logging.getLogger(__name__)


class _WindowsHook:
    def __init__(self, power_filter: QAbstractNativeEventFilter) -> None:
        self._filter = power_filter

    def remove(self) -> None:
        if (app := QCoreApplication.instance()) is not None:
            app.removeNativeEventFilter(self._filter)


def install(events: SleepEvents) -> NativeHook | None:
    """Install the filter; None without an application (or off Windows)."""
    if sys.platform != "win32":
        return None
    import ctypes.wintypes

    wm_powerbroadcast, pbt_apmsuspend = 0x0218, 0x0004
    pbt_resume = {0x0007, 0x0012}  # PBT_APMRESUMESUSPEND, PBT_APMRESUMEAUTOMATIC

    class PowerFilter(QAbstractNativeEventFilter):
        def nativeEventFilter(self, event_type: Any, message: int) -> object:
            try:
                if bytes(event_type) == b"windows_generic_MSG":
                    msg = ctypes.wintypes.MSG.from_address(int(message))
                    if msg.message == wm_powerbroadcast and msg.wParam == pbt_apmsuspend:
                        events.going_to_sleep()
                    elif msg.message == wm_powerbroadcast and msg.wParam in pbt_resume:
                        events.woke_up(RESUMED_WINDOWS)
            except Exception:
                log.exception("could not handle WM_POWERBROADCAST")
            return False, 0

    app = QCoreApplication.instance()
    if app is None:
        return None
    power_filter = PowerFilter()
    app.installNativeEventFilter(power_filter)
    return _WindowsHook(power_filter)
