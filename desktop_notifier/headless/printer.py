"""The terminal face of `watch`: one line per alert on stdout (or one JSON object with
`--json`), connection changes on stderr."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TextIO

from desktop_notifier.alerts import Alert
from desktop_notifier.common.errors import UserError, describe
from desktop_notifier.connection.supervisor import Status
from desktop_notifier.events import Call


class AlertPrinter:
    """Observer of the pipeline and the supervisor that writes to the terminal."""

    def __init__(self, language: str, *, as_json: bool, out: TextIO, err: TextIO) -> None:
        self.language = language  # of the sentences; `watch` keeps it that of the settings
        self._json = as_json
        self._out = out
        self._err = err
        self._last_status_line = ""

    def alerts_raised(self, alerts: Sequence[Alert], *, caught_up: bool) -> None:
        for alert in alerts:
            if self._json:
                line = json.dumps({**alert.as_json(), "caught_up": caught_up}, ensure_ascii=False)
            else:
                stamp = alert.at.astimezone().strftime("%H:%M:%S")
                line = f"{stamp}  {alert.title} — {alert.body}"
            print(line, file=self._out, flush=True)

    def calls_changed(self, calls: dict[str, Call | None]) -> None:
        pass  # nothing to refresh without windows

    def warned(self, error: UserError) -> None:
        print(f"[warning]: {describe(error, self.language)}", file=self._err, flush=True)

    def status_changed(self, status: Status) -> None:
        text = describe(status.error, self.language) if status.error else status.detail
        suffix = f": {text}" if text else ""
        line = f"[{status.state.value}]{suffix}"
        if line != self._last_status_line:  # the same sentence once, not at every retry
            self._last_status_line = line
            print(line, file=self._err, flush=True)
