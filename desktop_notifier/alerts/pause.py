"""Pausing the toasts: the choices the tray offers and until when each one pauses.

Paused, alerts still reach the inbox, the history and the unread count; only the toasts (and
the connection toasts) wait. The tray's menu emits a `PauseChoice`; `paused_until` turns it
into a moment.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from enum import StrEnum

MORNING_HOUR = 8  # "until tomorrow" ends at 08:00 local time


class PauseChoice(StrEnum):
    HOUR = "hour"
    TOMORROW = "tomorrow"
    RESUME = "resume"


def paused_until(choice: PauseChoice, now: datetime) -> datetime | None:
    """When a pause chosen at `now` ends (in UTC), or None for `RESUME`."""
    if choice is PauseChoice.HOUR:
        return now + timedelta(hours=1)
    if choice is PauseChoice.TOMORROW:
        local = now.astimezone()
        tomorrow = (local + timedelta(days=1)).replace(hour=MORNING_HOUR, minute=0, second=0)
        return tomorrow.astimezone(UTC)
    return None


def is_paused(until: datetime | None, now: datetime) -> bool:
    return until is not None and now < until
