"""Windows toasts (WinRT, with protocol activation): not implemented yet, so the chain falls back.

The installer work fills this in; until then the tray balloon shows toasts on Windows.
"""

from __future__ import annotations

import sys

from desktop_notifier.notify.base import ActivationCallback, Notifier, Unavailable


async def create(on_activated: ActivationCallback) -> Notifier:
    if sys.platform != "win32":
        raise Unavailable("WinRT toasts exist only on Windows")
    raise Unavailable("native Windows toasts are not implemented yet")
