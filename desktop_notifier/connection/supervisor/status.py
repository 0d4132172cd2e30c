"""What the supervisor tells the app about the connection: the state, since when, and why.

`StatusBoard` keeps the current `Status` and reports each change to the observer once. For
OFFLINE, `since` is when the connection was lost: the failed retries that follow (offline →
connecting → offline …) do not move it, so the tray can say "Desconectado desde 14:02".
ATTENTION: the server refuses us until the user fixes something (the key, the project's
settings); the supervisor keeps retrying slowly, and the same refusal is reported once.
LIMITED: the websocket cannot be had but REST works; alerts come by polling (`limited`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Protocol

from desktop_notifier.alerts import Alert
from desktop_notifier.common.errors import UserError

log = logging.getLogger("desktop_notifier.connection.supervisor")


class ConnectionState(StrEnum):
    CONNECTING = "connecting"
    LIVE = "live"
    LIMITED = "limited"  # no websocket: alerts come by polling PostgREST
    OFFLINE = "offline"
    ATTENTION = "attention"
    SIGNED_OUT = "signed_out"
    STOPPED = "stopped"


@dataclass(frozen=True)
class Status:
    """`since`: when the state began; for OFFLINE, when the connection was lost."""

    state: ConnectionState
    since: datetime
    error: UserError | None = None
    detail: str = ""


class SupervisorObserver(Protocol):
    def status_changed(self, status: Status) -> None: ...

    def alerts_raised(self, alerts: Sequence[Alert], *, caught_up: bool) -> None: ...

    def warned(self, error: UserError) -> None:
        """Something the user should know that does not stop the connection (e.g. comment
        alerts on hold on a project without their table)."""


def _same(a: UserError | None, b: UserError | None) -> bool:
    if a is None or b is None:
        return a is b
    return a.code == b.code and a.params == b.params


class StatusBoard:
    def __init__(self, observer: SupervisorObserver) -> None:
        self._observer = observer
        self.current = Status(ConnectionState.CONNECTING, datetime.now(UTC))
        self._outage_since = self.current.since
        self._reported = False

    @property
    def state(self) -> ConnectionState:
        return self.current.state

    def set(self, state: ConnectionState, error: UserError | None = None, detail: str = "") -> None:
        """Report `state` (a repeat without an error or a detail, or with the same ones, is not
        reported again)."""
        repeat = self._reported and state is self.current.state
        if repeat and (
            (error is None and not detail)
            or (_same(error, self.current.error) and detail == self.current.detail)
        ):
            return
        self._reported = True
        moment = datetime.now(UTC)
        if state is not ConnectionState.LIVE and self.current.state is ConnectionState.LIVE:
            self._outage_since = moment
        since = self._outage_since if state is ConnectionState.OFFLINE else moment
        self.current = Status(state, since, error, detail)
        log.info("connection %s%s", state.value, f" ({detail})" if detail else "")
        self._observer.status_changed(self.current)
