"""Do-not-disturb, asked of whichever backend is showing toasts.

A backend that can tell implements `do_not_disturb()` (freedesktop: the server's own state;
Windows: Focus Assist; macOS: Focus); the others (the tray balloon) never claim quiet. Any
failure counts as "not quiet": a toast too many is better than an alert never shown.
"""

from __future__ import annotations

import logging
from typing import Protocol, runtime_checkable

log = logging.getLogger(__name__)


@runtime_checkable
class QuietAware(Protocol):
    async def do_not_disturb(self) -> bool:
        """Whether the desktop asks for quiet right now."""
        ...


async def desktop_quiet(notifier: object) -> bool:
    if not isinstance(notifier, QuietAware):
        return False
    try:
        return await notifier.do_not_disturb()
    except Exception:
        log.warning("could not read the do-not-disturb state", exc_info=True)
        return False
