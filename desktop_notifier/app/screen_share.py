"""Privacy while the screen is shared, on Linux (issue 18): every few seconds, off the UI
thread (a `pw-dump` child process awaited on the event loop), ask `system.screencast` whether
a screen cast runs and hand the answer to `TeamAlerts.screen_shared`. Windows and macOS tell
through their own notification state, so the watch runs on Linux only."""

from __future__ import annotations

import sys
from collections.abc import Callable, Coroutine
from typing import Any

from PySide6.QtCore import QObject, QTimer

from desktop_notifier.system.screencast import screen_shared

POLL_MS = 3000  # a share that starts shows its first toast private within ~3 s


class ScreenShareWatch(QObject):
    def __init__(
        self,
        shared: Callable[[bool], None],
        spawn: Callable[[Coroutine[Any, Any, None]], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._shared = shared
        self._spawn = spawn
        self._asking = False
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

    def start(self) -> None:
        if sys.platform == "linux":
            self._timer.start()
            self._poll()

    def stop(self) -> None:
        self._timer.stop()

    def _poll(self) -> None:
        if not self._asking:  # one pw-dump at a time, however slow it is
            self._asking = True
            self._spawn(self._ask())

    async def _ask(self) -> None:
        try:
            answer = await screen_shared()
        finally:
            self._asking = False
        if self._timer.isActive():  # not after the app stopped the watch
            self._shared(answer)
