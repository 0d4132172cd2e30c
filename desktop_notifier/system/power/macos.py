"""macOS: NSWorkspace's will-sleep and did-wake notifications (needs pyobjc's AppKit).

It cannot run here: import-guarded, and the clock check covers it if it fails.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

from desktop_notifier.system.power.common import RESUMED_MACOS, NativeHook, SleepEvents

log = logging.getLogger(__name__)


class _MacObservers:
    def __init__(self, center: Any, tokens: list[Any]) -> None:
        self.center = center
        self.tokens = tokens

    def remove(self) -> None:
        for token in self.tokens:
            self.center.removeObserver_(token)
        self.tokens = []


def install(events: SleepEvents) -> NativeHook | None:
    """Observe the two notifications; None when AppKit is missing."""
    try:
        appkit: Any = importlib.import_module("AppKit")
    except ImportError:
        log.info("pyobjc's AppKit is missing; sleep is noticed by the clock-jump check only")
        return None
    center = appkit.NSWorkspace.sharedWorkspace().notificationCenter()
    main_queue = appkit.NSOperationQueue.mainQueue()  # blocks run on the Qt (main) thread
    observe = center.addObserverForName_object_queue_usingBlock_
    return _MacObservers(
        center,
        [
            observe(
                appkit.NSWorkspaceWillSleepNotification,
                None,
                main_queue,
                lambda _note: events.going_to_sleep(),
            ),
            observe(
                appkit.NSWorkspaceDidWakeNotification,
                None,
                main_queue,
                lambda _note: events.woke_up(RESUMED_MACOS),
            ),
        ],
    )
