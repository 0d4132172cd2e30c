"""The wall clock, injected: every object that needs "now" takes a `Clock` (the tray app, the
session, the pipeline, the call windows), so a test moves time by passing its own."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The default `Clock`: an aware datetime in UTC."""
    return datetime.now(UTC)
