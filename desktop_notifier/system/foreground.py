"""Windows' foreground rule for the hand-over of a link: only the process the user just
interacted with (the one a toast click or a link started) may bring a window to the front, and
`activateWindow()` in the running app would only flash its taskbar button. So, before handing
the link over, the launching process passes that right on with `AllowSetForegroundWindow`
(to any process: it does not know the running app's pid, and exits right after). Nothing to do
on Linux and macOS."""

from __future__ import annotations

import ctypes
import logging
import sys

log = logging.getLogger(__name__)

ASFW_ANY = 0xFFFFFFFF  # (DWORD)-1: any process may set the foreground window


def allow_running_app_to_come_forward() -> bool:
    """On Windows, let the running instance raise its window; True if Windows agreed."""
    if sys.platform != "win32":
        return False
    windll = getattr(ctypes, "windll", None)
    if windll is None:
        return False
    try:
        allowed = bool(windll.user32.AllowSetForegroundWindow(ASFW_ANY))
    except OSError as exc:
        log.debug("AllowSetForegroundWindow failed: %s", exc)
        return False
    if not allowed:  # we were not in the foreground ourselves (started by a script, say)
        log.debug("Windows did not let us pass the foreground on")
    return allowed
