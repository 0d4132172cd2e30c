"""Starting the tray app: one instance per profile (a later launch hands its deep links over and
exits), the QApplication, the qasync loop, the demo stand-in when asked, deep links turned into
open call windows, clean quit on SIGINT/SIGTERM. Everything else is built by `app.tray_app.App`.

The tray icon goes up first, before the rest of the app is even imported: a desktop user sees
the app has started at once, and the slower work (network clients, store) follows.
"""

from __future__ import annotations

import asyncio
import contextlib
import linecache
import logging
import signal
import socket
import sys
import tempfile
from collections.abc import Coroutine, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from desktop_notifier import APP_ID, APP_NAME
from desktop_notifier.profile.credentials import SecretStore
from desktop_notifier.profile.directory import Profile
from desktop_notifier.system.deeplink import (
    COMMENTS_HOST,
    is_history_link,
    parse_action_link,
    parse_call_link,
)
from desktop_notifier.system.event_loop import new_event_loop
from desktop_notifier.system.foreground import allow_running_app_to_come_forward
from desktop_notifier.system.single_instance import (
    InstanceLock,
    InstanceServer,
    UrlOpenFilter,
    hand_over,
    server_name,
)

if TYPE_CHECKING:
    from desktop_notifier.app.demo import DemoStack
    from desktop_notifier.app.tray_app import App

log = logging.getLogger(__name__)
EXIT_ERROR = 1
# How long a link that arrived at start-up waits for the account before the window opens anyway.
READY_TIMEOUT = 30.0
ALREADY_RUNNING_SILENT = (
    f"{APP_NAME} is already running for this profile but did not answer; "
    "quit it from the tray (or end the process) and start it again."
)


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


class LinkRouter:
    """Turns deep links into call windows of `app`, and a bare second launch into the settings."""

    def __init__(self, app: App) -> None:
        self.app = app
        self._tasks: set[asyncio.Task[None]] = set()

    def handle(self, links: Sequence[str], *, from_launch: bool = True) -> None:
        if not links:
            if from_launch:
                self.app.open_settings()
            return
        for link in links:
            if is_history_link(link):
                self.app.open_history()
                continue
            action = parse_action_link(link)  # a Windows toast's "Vou retornar" / "Adiar"
            if action is not None:
                self._spawn(self._act_when_ready(*action))
                continue
            comments = parse_call_link(link, host=COMMENTS_HOST)  # a comment alert's toast
            if comments is not None:
                self._spawn(self._open_when_ready(comments, on_comments=True))
                continue
            call_id = parse_call_link(link)
            if call_id is None and self._signed_in_by(link):
                continue
            if call_id is None:
                log.warning("ignored a link that is not a call link: %r", link[:120])
                continue
            log.info("opening call %s from a link", call_id)
            self._spawn(self._open_when_ready(call_id))

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _act_when_ready(self, action: str, call_id: str) -> None:
        """A toast button from the Action Center, perhaps at start-up: once connected."""
        await self._ready(call_id)
        if not self.app.quitting.is_set():
            self.app.team.act(action, call_id)

    @staticmethod
    def _signed_in_by(link: str) -> bool:
        """A browser sign-in's redirect link, handed to the sign-in waiting for it."""
        from desktop_notifier.sync import oauth  # only for such links: it loads the client

        return oauth.deliver_link(link)

    async def _open_when_ready(
        self, call_id: str, timeout: float = READY_TIMEOUT, *, on_comments: bool = False
    ) -> None:
        """Open at once when the call is known or the account is connected; right after start-up
        wait (bounded) for the account, or the window would report the call as not found."""
        await self._ready(call_id, timeout)
        if not self.app.quitting.is_set():
            (self.app.open_comments if on_comments else self.app.open_call)(call_id)

    async def _ready(self, call_id: str, timeout: float = READY_TIMEOUT) -> None:
        app = self.app
        deadline = asyncio.get_running_loop().time() + timeout
        while (
            app.account is None
            and app.settings.configured
            and app.store.get_call(call_id) is None
            and not app.quitting.is_set()
            and asyncio.get_running_loop().time() < deadline
        ):
            await asyncio.sleep(0.1)


def run(
    profile: Profile, secrets: SecretStore, *, demo: bool = False, links: Sequence[str] = ()
) -> int:
    """Start the tray app on a qasync loop, or hand `links` to the profile's running instance;
    returns the exit code."""
    lock: InstanceLock | None = None
    if not demo:  # a demo profile is a fresh temporary directory: nobody to hand over to
        lock = InstanceLock(profile.directory)
        if not lock.acquire():
            allow_running_app_to_come_forward()  # Windows: its window may come to the front
            if hand_over(server_name(profile.directory), links):
                return 0
            print(ALREADY_RUNNING_SILENT, file=sys.stderr)
            return EXIT_ERROR
    try:
        return _run_primary(profile, secrets, demo=demo, links=links)
    finally:
        if lock is not None:
            lock.release()


def _run_primary(
    profile: Profile,
    secrets: SecretStore,
    *,
    demo: bool,
    links: Sequence[str],
) -> int:
    from desktop_notifier.ui.icons import app_icon

    if sys.platform == "darwin":  # before the app finishes launching (see notify.macos)
        from desktop_notifier.notify.macos import install_early_delegate

        install_early_delegate()
    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(qapp, QApplication)
    qapp.setQuitOnLastWindowClosed(False)
    qapp.setApplicationName(APP_ID)
    qapp.setApplicationDisplayName(APP_NAME)
    qapp.setDesktopFileName(APP_ID)
    tray_icon = _early_tray_icon(qapp)
    qapp.setWindowIcon(app_icon())
    loop = new_event_loop(qapp)
    asyncio.set_event_loop(loop)

    async def main() -> None:
        from desktop_notifier.app.tray_app import App  # the slow imports, once the icon is up

        stack = None
        chosen_profile, chosen_secrets = profile, secrets
        with contextlib.ExitStack() as cleanup:
            if demo:
                stack, chosen_profile, chosen_secrets = await _start_demo(cleanup)
            app = App(qapp, chosen_profile, chosen_secrets, tray_icon=tray_icon)
            _quit_on_signals(loop, app, cleanup)
            router = LinkRouter(app)
            server = InstanceServer()
            cleanup.callback(server.close)
            server.links_received.connect(router.handle)
            if not demo:
                server.listen(server_name(profile.directory))
            url_events = UrlOpenFilter()
            url_events.links_received.connect(router.handle)
            qapp.installEventFilter(url_events)
            cleanup.callback(qapp.removeEventFilter, url_events)
            try:
                await app.start()
                # PySide6's import hook reads the source of every module imported after it
                # (looking for `__feature__` use) into linecache: ~10 MB nobody needs now.
                linecache.clearcache()
                router.handle(links, from_launch=False)
                await app.quitting.wait()
            finally:
                if not app.quitting.is_set():
                    await app.shutdown()
                if stack is not None:
                    await stack.stop()

    with loop:
        loop.run_until_complete(main())
    return 0


def _early_tray_icon(qapp: QApplication) -> QSystemTrayIcon:
    """The tray icon, shown in its "connecting" state and handed to the tray host now; the
    app's tray controller adopts it (menu, tooltip, real state) once the app is built."""
    from desktop_notifier import APP_NAME
    from desktop_notifier.ui.icons import state_icon
    from desktop_notifier.ui.tray_state import TrayState

    icon = QSystemTrayIcon(state_icon(TrayState.CONNECTING))
    icon.setToolTip(APP_NAME)
    icon.show()
    qapp.processEvents()  # send the dock request before the slow imports hold the thread
    return icon


async def _start_demo(
    cleanup: contextlib.ExitStack,
) -> tuple[DemoStack, Profile, SecretStore]:
    """The stand-in with simulated calls, and a throwaway profile signed in to it."""
    from desktop_notifier.app.demo import DemoStack, signed_in_profile

    stack = await DemoStack.start()
    try:
        directory = cleanup.enter_context(tempfile.TemporaryDirectory(prefix="calls-demo-"))
        demo_profile, demo_secrets = await signed_in_profile(stack, directory)
    except BaseException:
        await stack.stop()
        raise
    return stack, demo_profile, demo_secrets
