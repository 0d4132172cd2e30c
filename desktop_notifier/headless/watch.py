"""`desktop-notifier watch`: the whole pipeline without a GUI, one line per alert.

The same supervisor, catch-up, store, and sleep/wake and network triggers as the tray app;
only the display differs. With `--json` each alert is one JSON object per line on stdout
(`kind`, `call_id`, `title`, `body`, `at`, …); connection changes go to stderr.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
from datetime import UTC, datetime

from desktop_notifier.common.errors import describe_code
from desktop_notifier.connection.pipeline import Pipeline
from desktop_notifier.connection.supervisor import ConnectionState, Supervisor
from desktop_notifier.connection.triggers import ConnectionTriggers
from desktop_notifier.headless.printer import AlertPrinter
from desktop_notifier.profile import settings as settings_file
from desktop_notifier.profile.credentials import SecretStore
from desktop_notifier.profile.directory import Profile
from desktop_notifier.profile.store import Store
from desktop_notifier.sync.account import Account
from desktop_notifier.sync.signin import restore
from desktop_notifier.system.network import NetworkWatcher
from desktop_notifier.system.power import SleepWatcher

EXIT_SIGNED_OUT = 2


async def watch(profile: Profile, secrets: SecretStore, *, as_json: bool) -> int:
    """Watch until SIGINT/SIGTERM and return the exit code; runs on a Qt event loop (the
    command line starts it with `headless.qt_loop.run_on_qt_loop`)."""
    settings = settings_file.load(profile.directory)
    printer = AlertPrinter(settings.language, as_json=as_json, out=sys.stdout, err=sys.stderr)
    store = Store(profile.store_path)
    if store.moved_aside is not None:
        notice = describe_code("store_moved_aside", settings.language, {"path": store.moved_aside})
        print(notice, file=sys.stderr, flush=True)
    pipeline = Pipeline(
        store, lambda: settings_file.load(profile.directory), printer, lambda: datetime.now(UTC)
    )

    async def connect() -> Account:
        account = await restore(profile, secrets)
        store.bind_account(account.account_key)
        return account

    supervisor = Supervisor(connect, store, pipeline, printer)
    triggers = ConnectionTriggers(lambda: supervisor, SleepWatcher(), NetworkWatcher())
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):  # not on Windows
            loop.add_signal_handler(signum, supervisor.stop)
    triggers.start()
    try:
        await supervisor.run()
    finally:
        triggers.stop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):
                loop.remove_signal_handler(signum)
        if supervisor.account is not None:
            await supervisor.account.close()
        store.close()
    return EXIT_SIGNED_OUT if supervisor.status.state is ConnectionState.SIGNED_OUT else 0
