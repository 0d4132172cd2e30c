"""macOS Focus (do-not-disturb) for the macOS backend, through Intents' INFocusStatusCenter
(macOS 12+): `isFocused` once the user allowed the app to see their Focus status.

The first question asks for that permission (the Info.plist's NSFocusStatusUsageDescription is
the prompt's text) and counts as "not quiet"; the answer applies from the next alert on. A
refusal, an older macOS or a missing bridge all mean "not quiet".
"""

from __future__ import annotations

import importlib
import logging
import sys
from typing import Any

log = logging.getLogger(__name__)

# INFocusStatusAuthorizationStatus
NOT_DETERMINED = 0
AUTHORIZED = 3


def focus_on() -> bool:
    """Whether a Focus is on that silences notifications (blocking, but a local call)."""
    if sys.platform != "darwin":
        return False
    try:
        intents: Any = importlib.import_module("Intents")
        center = intents.INFocusStatusCenter.defaultCenter()
    except (ImportError, AttributeError) as exc:
        log.debug("no Focus status on this macOS: %r", exc)
        return False
    status = int(center.authorizationStatus())
    if status == NOT_DETERMINED:
        center.requestAuthorizationWithCompletionHandler_(_answered)
        return False
    if status != AUTHORIZED:
        return False
    return bool(center.focusStatus().isFocused())  # None (unknown) counts as not focused


def _answered(status: int) -> None:
    log.info("Focus status permission answered: %s", status)
