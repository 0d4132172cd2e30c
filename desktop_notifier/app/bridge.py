"""The one async↔Qt seam: the pipeline's and the supervisor's callbacks re-emitted as Qt
signals, and the supervisor run as a task on the qasync loop.

Everything already runs on the Qt thread (qasync); the bridge only turns plain callbacks into
signals, so widgets and the composition root never see asyncio.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal

from desktop_notifier.alerts import Alert
from desktop_notifier.connection.supervisor import Status, Supervisor
from desktop_notifier.events import Call

log = logging.getLogger(__name__)


class Bridge(QObject):
    """Implements the pipeline `Observer` and the `SupervisorObserver` protocols."""

    connection_changed = Signal(object)  # Status
    alerts_arrived = Signal(object, bool)  # list[Alert], caught_up
    calls_updated = Signal(object)  # dict[str, Call | None]

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._task: asyncio.Task[None] | None = None
        self.supervisor: Supervisor | None = None

    # --- observer protocols ------------------------------------------------------------

    def status_changed(self, status: Status) -> None:
        self.connection_changed.emit(status)

    def alerts_raised(self, alerts: Sequence[Alert], *, caught_up: bool) -> None:
        self.alerts_arrived.emit(list(alerts), caught_up)

    def calls_changed(self, calls: dict[str, Call | None]) -> None:
        self.calls_updated.emit(dict(calls))

    # --- the supervisor task -----------------------------------------------------------

    def start(self, supervisor: Supervisor) -> None:
        """Run `supervisor` until `stop()`; an earlier one is stopped first."""
        self.supervisor = supervisor
        self._task = asyncio.ensure_future(supervisor.run())
        self._task.add_done_callback(self._on_done)

    @staticmethod
    def _on_done(task: asyncio.Task[None]) -> None:
        if not task.cancelled() and task.exception() is not None:
            log.error("the connection supervisor stopped", exc_info=task.exception())

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def stop(self) -> None:
        if self.supervisor is not None:
            self.supervisor.stop()
        if self._task is not None:
            try:
                await asyncio.wait_for(asyncio.shield(self._task), 5)
            except TimeoutError:
                self._task.cancel()
            except Exception:  # already logged by _on_done
                pass
        self._task = None
