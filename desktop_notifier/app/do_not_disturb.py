"""Do-not-disturb: while the desktop asks for quiet, alerts go to the inbox and history only;
when the quiet ends, one summary toast stands for all of them.

`holds(alerts)` asks the desktop (through `probe`) before the alerts are toasted. While it holds
alerts it asks again every `poll_ms`, and emits `ended` with the held alerts once the desktop is
no longer quiet (or at the next alert that finds it so). Nothing is polled when nothing is held.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine, Sequence
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from desktop_notifier.alerts import Alert

POLL_MS = 1000


class DoNotDisturb(QObject):
    ended = Signal(list)  # list[Alert]: what came in while it was quiet
    holding = Signal(int)  # how many alerts the desktop holds back now (the tray says so)

    def __init__(
        self,
        probe: Callable[[], Awaitable[bool]],
        spawn: Callable[[Coroutine[Any, Any, None]], None],
        parent: QObject | None = None,
        *,
        poll_ms: int = POLL_MS,
    ) -> None:
        super().__init__(parent)
        self._probe = probe
        self._spawn = spawn
        self._held: list[Alert] = []
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(lambda: self._spawn(self._check()))

    @property
    def held(self) -> int:
        return len(self._held)

    async def holds(self, alerts: Sequence[Alert]) -> bool:
        """True when the desktop is quiet: `alerts` are kept for the summary, not toasted."""
        if await self._probe():
            self._held.extend(alerts)
            self.holding.emit(len(self._held))
            if not self._timer.isActive():
                self._timer.start()
            return True
        self._end()
        return False

    async def _check(self) -> None:
        if self._held and not await self._probe():
            self._end()

    def _end(self) -> None:
        self._timer.stop()
        if self._held:
            held, self._held = self._held, []
            self.holding.emit(0)
            self.ended.emit(held)

    def stop(self) -> None:
        self._timer.stop()
