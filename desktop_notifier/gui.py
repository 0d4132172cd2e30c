"""Starting the tray app: the QApplication, the qasync loop, the demo stand-in when asked,
clean quit on SIGINT/SIGTERM. Everything else is built by `app.App`."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import socket
import sys
import tempfile

import qasync
from PySide6.QtWidgets import QApplication

from desktop_notifier.app import App
from desktop_notifier.credentials import MemorySecrets, SecretStore
from desktop_notifier.demo import DemoStack
from desktop_notifier.profile import Profile, resolve
from desktop_notifier.signin import sign_in_and_store


def _quit_on_signals(
    loop: asyncio.AbstractEventLoop, app: App, cleanup: contextlib.ExitStack
) -> None:
    """SIGINT/SIGTERM quit cleanly. Qt's loop runs in C++, so Python would only see a signal at
    the next Python callback: a wakeup fd read by the loop delivers it at once, without polling.
    The socket pair lives until `cleanup` closes (a collected writer would wake the loop forever).
    """
    if sys.platform == "win32":
        return
    reader, writer = socket.socketpair()
    cleanup.callback(reader.close)
    cleanup.callback(writer.close)
    reader.setblocking(False)
    writer.setblocking(False)
    previous = signal.set_wakeup_fd(writer.fileno())
    cleanup.callback(signal.set_wakeup_fd, previous)
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: None)

    def on_wakeup() -> None:
        received = b""
        with contextlib.suppress(OSError):
            received = reader.recv(64)
        # Every signal wakes us (SIGCHLD from the demo stand-in too): only these two quit.
        if {signal.SIGINT, signal.SIGTERM} & set(received):
            app.request_quit()

    loop.add_reader(reader.fileno(), on_wakeup)
    cleanup.callback(loop.remove_reader, reader.fileno())


def run(profile: Profile, secrets: SecretStore, *, demo: bool = False) -> int:
    """Start the tray app on a qasync loop; returns the exit code."""
    from desktop_notifier.ui.icons import app_icon

    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(qapp, QApplication)
    qapp.setQuitOnLastWindowClosed(False)
    qapp.setApplicationName("calls-notifier")
    qapp.setApplicationDisplayName("Calls Notifier")
    qapp.setDesktopFileName("calls-notifier")
    qapp.setWindowIcon(app_icon())
    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)

    async def main() -> None:
        stack = None
        chosen_profile, chosen_secrets = profile, secrets
        with contextlib.ExitStack() as cleanup:
            if demo:
                stack, chosen_profile, chosen_secrets = await _start_demo(cleanup)
            app = App(qapp, chosen_profile, chosen_secrets)
            _quit_on_signals(loop, app, cleanup)
            try:
                await app.start()
                await app.quitting.wait()
            finally:
                if not app.quitting.is_set():
                    await app.shutdown()
                if stack is not None:
                    await stack.stop()

    with loop:
        loop.run_until_complete(main())
    return 0


async def _start_demo(
    cleanup: contextlib.ExitStack,
) -> tuple[DemoStack, Profile, SecretStore]:
    """The stand-in with simulated calls, and a throwaway profile signed in to it."""
    stack = await DemoStack.start()
    try:
        directory = cleanup.enter_context(tempfile.TemporaryDirectory(prefix="calls-demo-"))
        demo_profile = resolve(directory).ensure()
        demo_secrets = MemorySecrets()
        info = stack.info
        account = await sign_in_and_store(
            demo_profile,
            demo_secrets,
            url=info["url"],
            anon_key=info["anon_key"],
            email=info["email"],
            password=info["password"],
        )
        await account.close()
    except BaseException:
        await stack.stop()
        raise
    return stack, demo_profile, demo_secrets
