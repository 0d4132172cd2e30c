"""`desktop-notifier watch`: the whole pipeline without a GUI, one line per alert.

The same supervisor, catch-up and store as the tray app; only the display differs. With
`--json` each alert is one JSON object per line on stdout (`kind`, `call_id`, `title`, `body`,
`at`, …); connection changes go to stderr.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TextIO

from desktop_notifier import settings as settings_file
from desktop_notifier.alerts import Alert
from desktop_notifier.credentials import SecretStore
from desktop_notifier.errors import describe
from desktop_notifier.events import Call
from desktop_notifier.profile import Profile
from desktop_notifier.signin import restore
from desktop_notifier.store import Store
from desktop_notifier.supervisor import ConnectionState, Status, Supervisor
from desktop_notifier.sync.account import Account
from desktop_notifier.sync.pipeline import Pipeline


class AlertPrinter:
    """Observer of the pipeline and the supervisor that writes to the terminal."""

    def __init__(self, language: str, *, as_json: bool, out: TextIO, err: TextIO) -> None:
        self._language = language
        self._json = as_json
        self._out = out
        self._err = err

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

    def status_changed(self, status: Status) -> None:
        text = describe(status.error, self._language) if status.error else status.detail
        suffix = f": {text}" if text else ""
        print(f"[{status.state.value}]{suffix}", file=self._err, flush=True)


async def watch(profile: Profile, secrets: SecretStore, *, as_json: bool) -> int:
    settings = settings_file.load(profile.directory)
    printer = AlertPrinter(settings.language, as_json=as_json, out=sys.stdout, err=sys.stderr)
    store = Store(profile.store_path)
    pipeline = Pipeline(
        store, lambda: settings_file.load(profile.directory), printer, lambda: datetime.now(UTC)
    )

    async def connect() -> Account:
        account = await restore(profile, secrets)
        store.bind_account(account.account_key)
        return account

    supervisor = Supervisor(connect, store, pipeline, printer)
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):  # not on Windows
            loop.add_signal_handler(signum, supervisor.stop)
    try:
        await supervisor.run()
    finally:
        if supervisor.account is not None:
            await supervisor.account.close()
        store.close()
    return 2 if supervisor.status.state is ConnectionState.SIGNED_OUT else 0
