"""Taking a toast back off the screen once what it said stopped holding (a missed call claimed
by a teammate, completed, deleted): freedesktop `CloseNotification` by id, Windows
`ToastNotificationHistory.Remove` by tag and group, macOS `removeDeliveredNotifications`.

A backend that can withdraw implements `withdraw(key)` (`key`: the toast's `replace_key`, a
call id); the tray balloon cannot, and is skipped.
"""

from __future__ import annotations

import logging
from typing import Protocol, runtime_checkable

log = logging.getLogger(__name__)


@runtime_checkable
class Withdrawing(Protocol):
    async def withdraw(self, key: str) -> bool:
        """Close the toast sent with `replace_key == key`, if one is on screen; True if so."""
        ...


async def withdraw(notifier: object, key: str) -> bool:
    """Close `key`'s toast on `notifier` when it can; a failure is logged, never raised."""
    if not isinstance(notifier, Withdrawing):
        return False
    try:
        return await notifier.withdraw(key)
    except Exception as exc:  # a toast that stays is a nuisance, not a failure of the app
        log.warning("a toast could not be withdrawn: %s", exc)
        return False
