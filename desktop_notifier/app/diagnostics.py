"""The running tray app's "Copiar diagnóstico": the `diagnose` report plus what only the
running app knows (its connection state, network belief, toast backend, pause, and the
connection errors it has met since it started). `RunningReport` sees the app only through a
`RunningState` snapshot; the composition root wires the tray action and its toast.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from desktop_notifier.common.clock import Clock
from desktop_notifier.connection.supervisor import Status
from desktop_notifier.profile.directory import Profile

MAX_ERRORS = 10
STAMP = "%Y-%m-%d %H:%M:%S UTC"


@dataclass(frozen=True)
class RunningState:
    """What the running app knows that a `diagnose` run from the command line cannot."""

    status: Status | None
    online: bool
    toast_backend: str | None
    paused_until: datetime | None
    store_moved_aside: Path | None


def running_facts(state: RunningState) -> dict[str, str]:
    status = state.status
    if status is None:
        connection = "not started (not signed in)"
    else:
        since = status.since.astimezone(UTC).strftime(STAMP)
        connection = f"{status.state.value} since {since}"
        if status.detail:
            connection += f" ({status.detail})"
    facts = {"connection": connection}
    if status is not None and status.error is not None:
        facts["connection error"] = f"{status.error.code}: {status.error}"
    facts["network"] = "online" if state.online else "offline"
    facts["toast backend"] = state.toast_backend or "none yet"
    paused = state.paused_until
    facts["notifications"] = f"paused until {paused:%Y-%m-%d %H:%M %Z}" if paused else "on"
    aside = state.store_moved_aside
    facts["store"] = f"unreadable at start, moved aside to {aside}" if aside else "ok"
    return facts


class RunningReport:
    """Remembers the connection errors the app met (`note_status`, wired to the connection's
    changes) and builds the report on demand."""

    def __init__(self, profile: Profile, state: Callable[[], RunningState], clock: Clock) -> None:
        self._profile = profile
        self._state = state
        self._clock = clock
        self._errors: deque[str] = deque(maxlen=MAX_ERRORS)
        self._last_code: str | None = None

    def note_status(self, status: Status) -> None:
        error = status.error
        code = None if error is None else error.code
        if error is not None and code != self._last_code:  # retries repeat the same error
            when = self._clock().astimezone(UTC).strftime(STAMP)
            self._errors.append(f"{when}  {status.state.value}  {code}: {error}")
        self._last_code = code

    def facts(self) -> dict[str, str]:
        return running_facts(self._state())

    async def build(self) -> str:
        from desktop_notifier.sync.diagnose import collect  # only when asked: nothing at start-up

        return await collect(self._profile, running=self.facts(), app_errors=self._errors)
