"""`desktop-notifier watch`: the whole pipeline without a GUI, one line per alert.

The same `connection.session.Session` as the tray app (store, pipeline, supervisor, the
sleep/wake and network triggers, the settings followed as they change); only the display
differs. With `--json` each alert is one JSON object per line on stdout
(`kind`, `call_id`, `title`, `body`, `at`, …); connection changes go to stderr.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys

from desktop_notifier.common.errors import ErrorCode, describe_code
from desktop_notifier.common.languages import DEFAULT_LANGUAGE
from desktop_notifier.connection.session import Session
from desktop_notifier.connection.supervisor import ConnectionState
from desktop_notifier.headless.printer import AlertPrinter
from desktop_notifier.profile.credentials import SecretStore
from desktop_notifier.profile.directory import Profile

EXIT_SIGNED_OUT = 2


async def watch(profile: Profile, secrets: SecretStore, *, as_json: bool) -> int:
    """Watch until SIGINT/SIGTERM and return the exit code; runs on a Qt event loop (the
    command line starts it with `headless.qt_loop.run_on_qt_loop`)."""
    printer = AlertPrinter(DEFAULT_LANGUAGE, as_json=as_json, out=sys.stdout, err=sys.stderr)
    session = Session(profile, secrets, printer)
    printer.language = session.settings.language
    session.settings_changed.connect(
        lambda settings: setattr(printer, "language", settings.language)
    )
    if session.store.moved_aside is not None:
        path = session.store.moved_aside
        notice = describe_code(ErrorCode.STORE_MOVED_ASIDE, printer.language, {"path": path})
        print(notice, file=sys.stderr, flush=True)
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):  # not on Windows
            loop.add_signal_handler(signum, session.stop_soon)
    session.start()
    session.start_supervisor()
    try:
        status = await session.finished()
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):
                loop.remove_signal_handler(signum)
        await session.close()
    signed_out = status is not None and status.state is ConnectionState.SIGNED_OUT
    return EXIT_SIGNED_OUT if signed_out else 0
