"""Callbacks handed to the client libraries (realtime, ably), guarded: the libraries call them
inside their own listen tasks, where an exception escaping would silently end all delivery. A
guarded callback logs the failure (on the caller's logger, naming the callback), counts it where
the caller keeps a count, and lets delivery continue."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any


def guarded(
    log: logging.Logger,
    name: str,
    callback: Callable[..., None],
    failed: Callable[[], None] | None = None,
) -> Callable[..., None]:
    """`callback` that never raises into the library; `failed` runs after each failure."""

    def call(*args: Any) -> None:
        try:
            callback(*args)
        except Exception:
            if failed is not None:
                failed()
            log.exception("the %s callback failed; delivery continues", name)

    return call
