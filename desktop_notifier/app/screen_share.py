"""Privacy while the screen is shared, on Linux (issue 18): every few seconds, off the UI
thread (a `pw-dump` child process awaited on the event loop), ask `system.screencast` whether
a screen cast runs and hand the answer to `TeamAlerts.screen_shared`. Windows and macOS tell
through their own notification state, so the watch runs on Linux only, and only where PipeWire's
`pw-dump` is installed; it asks nothing while privacy mode is turned off."""

from __future__ import annotations

import asyncio
import logging
import shutil
import sys
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from desktop_notifier.system.screencast import screen_shared

log = logging.getLogger(__name__)
POLL_MS = 3000  # a share that starts shows its first toast private within ~3 s


class ScreenShareWatch(QObject):
    def __init__(
        self,
        shared: Callable[[bool], None],
        wanted: Callable[[], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._shared = shared
        self._wanted = wanted  # privacy mode is on: a share changes what toasts show
        self._probe: asyncio.Task[bool] | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

    def start(self) -> None:
        if sys.platform == "linux" and shutil.which("pw-dump") is not None:
            self._timer.start()
            self._poll()

    def stop(self) -> None:
        """No more probes; the one under way is cancelled (its pw-dump killed)."""
        self._timer.stop()
        if self._probe is not None:
            self._probe.cancel()

    def _poll(self) -> None:
        if not self._wanted():
            self._shared(False)
            return
        if self._probe is None:  # one pw-dump at a time, however slow it is
            self._probe = asyncio.ensure_future(screen_shared())
            self._probe.add_done_callback(self._answered)

    def _answered(self, probe: asyncio.Task[bool]) -> None:
        self._probe = None
        if probe.cancelled() or not self._timer.isActive():  # the app stopped the watch
            return
        error = probe.exception()
        if error is not None:  # screen_shared answers False on the failures it knows
            log.debug("screen-share probe failed: %s", error)
            return
        self._shared(probe.result())
