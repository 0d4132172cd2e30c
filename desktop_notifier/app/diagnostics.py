"""The running tray app's "Copiar diagnóstico": the `diagnose` report plus what only the
running app knows (its connection state, network belief, toast backend, pause, and the
connection errors it has met since it started), copied to the clipboard from the tray menu
and confirmed with a toast. Wired by `attach_diagnostics(app)` in the composition root.
"""

from __future__ import annotations

from collections import deque
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from desktop_notifier.connection.supervisor import Status
from desktop_notifier.ui import app_text
from desktop_notifier.ui.diagnostics_action import DiagnosticsAction

if TYPE_CHECKING:
    from desktop_notifier.app.tray_app import App

MAX_ERRORS = 10
STAMP = "%Y-%m-%d %H:%M:%S UTC"


class RunningReport:
    """Remembers the connection errors the app met and builds the report on demand."""

    def __init__(self, app: App) -> None:
        self._app = app
        self._errors: deque[str] = deque(maxlen=MAX_ERRORS)
        self._last_code: str | None = None
        app.bridge.connection_changed.connect(self._on_status)

    def _on_status(self, status: Status) -> None:
        error = status.error
        code = None if error is None else error.code
        if error is not None and code != self._last_code:  # retries repeat the same error
            when = datetime.now(UTC).strftime(STAMP)
            self._errors.append(f"{when}  {status.state.value}  {code}: {error}")
        self._last_code = code

    def facts(self) -> dict[str, str]:
        app = self._app
        status = app.status
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
        facts["network"] = "online" if app.network.is_online else "offline"
        facts["toast backend"] = type(app.notifier).__name__ if app.notifier else "none yet"
        paused = app.paused_until
        facts["notifications"] = f"paused until {paused:%Y-%m-%d %H:%M %Z}" if paused else "on"
        aside = app.store.moved_aside
        facts["store"] = f"unreadable at start, moved aside to {aside}" if aside else "ok"
        return facts

    async def build(self) -> str:
        from desktop_notifier.sync.diagnose import collect  # only when asked: nothing at start-up

        return await collect(self._app.profile, running=self.facts(), app_errors=self._errors)


def attach_diagnostics(app: App) -> DiagnosticsAction:
    report = RunningReport(app)
    action = DiagnosticsAction(app.tray, report.build, app)
    action.copied.connect(lambda: app.show_notice(*app_text.diagnostics_copied_toast()))
    return action
