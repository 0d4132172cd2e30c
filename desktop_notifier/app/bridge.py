"""The one async↔Qt seam: the session's observer callbacks (the pipeline's and the
supervisor's) re-emitted as Qt signals.

Everything already runs on the Qt thread (qasync); the bridge only turns plain callbacks into
signals, so widgets and the composition root never see asyncio. The supervisor itself runs as
a task of the `connection.session.Session`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Signal

from desktop_notifier.alerts import Alert
from desktop_notifier.common.errors import UserError
from desktop_notifier.connection.supervisor import Status, Supervisor
from desktop_notifier.events import Call


class Bridge(QObject):
    """Implements the session's observer (the pipeline `Observer` and `SupervisorObserver`)."""

    connection_changed = Signal(object)  # Status
    alerts_arrived = Signal(object, bool)  # list[Alert], caught_up
    calls_updated = Signal(object)  # dict[str, Call | None]
    warning_raised = Signal(object)  # UserError

    def __init__(
        self, supervisor: Callable[[], Supervisor | None], parent: QObject | None = None
    ) -> None:
        """`supervisor`: the session's current one (what `supervisor` shows)."""
        super().__init__(parent)
        self._supervisor = supervisor

    @property
    def supervisor(self) -> Supervisor | None:
        """The supervisor whose reports come through (kept after it stops, for its counters)."""
        return self._supervisor()

    def status_changed(self, status: Status) -> None:
        self.connection_changed.emit(status)

    def alerts_raised(self, alerts: Sequence[Alert], *, caught_up: bool) -> None:
        self.alerts_arrived.emit(list(alerts), caught_up)

    def calls_changed(self, calls: dict[str, Call | None]) -> None:
        self.calls_updated.emit(dict(calls))

    def warned(self, error: UserError) -> None:
        self.warning_raised.emit(error)
