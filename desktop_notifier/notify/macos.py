"""macOS toasts (UNUserNotificationCenter in a signed .app): not implemented yet, so the chain
falls back.

The installer work fills this in; until then the tray balloon shows toasts on macOS.
"""

from __future__ import annotations

import sys

from desktop_notifier.notify.base import ActivationCallback, Notifier, Unavailable


async def create(on_activated: ActivationCallback) -> Notifier:
    if sys.platform != "darwin":
        raise Unavailable("UNUserNotificationCenter exists only on macOS")
    raise Unavailable("native macOS toasts are not implemented yet")
