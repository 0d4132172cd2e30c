"""One running app per user and profile, and how later launches and the OS reach it.

The first launch takes a lock file in the profile directory (`QLockFile`: a crashed owner's lock
is noticed by its dead PID and taken over) and listens on a local socket readable by this user
only (where, and the peer checks: instance_address.py). A later launch for the same profile
finds the lock taken, connects, sends its arguments as one JSON line (`{"links": [...]}`), waits
for `ok` and exits 0; the running instance emits `links_received`. The receiver caps what a
local client can make it hold: one message of `MAX_MESSAGE` bytes and `MAX_DEPTH` levels of
nesting, `MAX_CONNECTIONS` at a time, each closed after `DEADLINE` seconds. On macOS a clicked
link reaches the running app as a file-open event instead of argv: `UrlOpenFilter` emits the
same signal.

It only carries links; what they open is decided by the launcher (app/launcher.py).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QByteArray, QEvent, QLockFile, QObject, QTimer, Signal
from PySide6.QtGui import QFileOpenEvent

from desktop_notifier.system.deeplink import is_link
from desktop_notifier.system.instance_address import (
    MAX_SOCKET_PATH,
    current_user,
    fits_sun_path,
    instance_key,
    same_user,
    server_name,
)

if TYPE_CHECKING:  # QtNetwork is loaded when first used: not needed to show the tray icon
    from PySide6.QtNetwork import QLocalSocket

# The names of instance_address.py that the launcher and the tests reach through this module.
__all__ = [
    "MAX_SOCKET_PATH",
    "InstanceLock",
    "InstanceServer",
    "UrlOpenFilter",
    "current_user",
    "decode_message",
    "encode_message",
    "fits_sun_path",
    "hand_over",
    "instance_key",
    "server_name",
]

log = logging.getLogger(__name__)

LOCK_FILE = "instance.lock"
MAX_MESSAGE = 64 * 1024
MAX_LINKS = 32
MAX_DEPTH = 2  # {"links": [...]}
MAX_CONNECTIONS = 4
DEADLINE = 5.0  # seconds a connection has to deliver its message
REPLY = b"ok\n"


def _too_deep(data: bytes, limit: int = MAX_DEPTH) -> bool:
    """True if the JSON text `data` nests arrays/objects deeper than `limit` (checked before
    parsing: the parser recurses once per level and a 64 KiB message holds 30,000)."""
    depth = 0
    in_string = escaped = False
    for byte in data:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in b"[{":
            depth += 1
            if depth > limit:
                return True
        elif byte in b"]}":
            depth -= 1
    return False


def encode_message(links: Sequence[str]) -> bytes:
    return json.dumps({"links": list(links)}, ensure_ascii=True).encode() + b"\n"


def decode_message(data: bytes) -> list[str] | None:
    """The links in one message, or None when it is not a message of ours."""
    if len(data) > MAX_MESSAGE or _too_deep(data):
        return None
    try:
        message = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    links = message.get("links") if isinstance(message, dict) else None
    if not isinstance(links, list) or not all(isinstance(link, str) for link in links):
        return None
    return links[:MAX_LINKS]


class InstanceLock:
    """The lock that makes this process the profile's one running app."""

    def __init__(self, profile_dir: Path) -> None:
        self._lock = QLockFile(str(profile_dir / LOCK_FILE))
        self._lock.setStaleLockTime(0)  # a live owner is never stale, however long it runs

    def acquire(self) -> bool:
        """True if this process now owns the profile; False if another live process does."""
        return self._lock.tryLock(0)

    def release(self) -> None:
        self._lock.unlock()


def hand_over(name: str | None, links: Sequence[str], timeout: float = 20.0) -> bool:
    """Give `links` to the running instance listening on `name` (blocking; no event loop needed).

    Retries the connection until `timeout`, because the owner of the lock may still be starting.
    True once the instance confirmed it received them; False at once when there is no private
    name or the listener belongs to another user."""
    from PySide6.QtNetwork import QLocalSocket

    if name is None:
        return False
    deadline = time.monotonic() + timeout
    payload = encode_message(links)
    while True:
        socket = QLocalSocket()
        socket.connectToServer(name)
        if socket.waitForConnected(500):
            if not same_user(socket):
                socket.abort()
                return False
            socket.write(QByteArray(payload))
            socket.flush()
            reply = b""
            while socket.waitForReadyRead(max(int((deadline - time.monotonic()) * 1000), 100)):
                reply += bytes(socket.readAll().data())
                if reply.endswith(b"\n"):
                    break
            socket.disconnectFromServer()
            if reply == REPLY:
                return True
            log.warning("the running instance gave an unexpected answer: %r", reply[:40])
            return False
        socket.abort()
        if time.monotonic() >= deadline:
            log.warning("no running instance answered on %s: %s", name, socket.errorString())
            return False
        time.sleep(0.1)


class InstanceServer(QObject):
    """Listens for later launches of the same profile.

    Signals:
        links_received(list[str]): the arguments (links) a later launch handed over; empty when
            it had none (the user started the app again: show yourself).
    """

    links_received = Signal(list)

    def __init__(self, parent: QObject | None = None) -> None:
        from PySide6.QtNetwork import QLocalServer

        super().__init__(parent)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.setMaxPendingConnections(MAX_CONNECTIONS)
        self._server.newConnection.connect(self._on_new_connection)
        self._buffers: dict[QLocalSocket, bytes] = {}
        self.deadline = DEADLINE

    def listen(self, name: str | None) -> bool:
        """Start listening; the caller holds the `InstanceLock`, so a leftover socket is stale."""
        if name is None:
            log.warning("no private place for the instance socket: later launches cannot reach us")
            return False
        self._server.removeServer(name)
        if not self._server.listen(name):
            log.warning("cannot listen for other launches: %s", self._server.errorString())
            return False
        log.debug("listening for other launches on %s", self._server.fullServerName())
        return True

    def close(self) -> None:
        self._server.close()
        for socket in list(self._buffers):
            socket.abort()
        self._buffers.clear()

    def _on_new_connection(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            if socket is None:
                return
            if len(self._buffers) >= MAX_CONNECTIONS or not same_user(socket):
                if len(self._buffers) >= MAX_CONNECTIONS:
                    log.warning("refused a launch's connection: %d already open", MAX_CONNECTIONS)
                socket.abort()
                socket.deleteLater()
                continue
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._on_ready_read(s))
            socket.disconnected.connect(lambda s=socket: self._forget(s))
            QTimer.singleShot(int(self.deadline * 1000), socket, lambda s=socket: self._expire(s))

    def _expire(self, socket: QLocalSocket) -> None:
        if socket in self._buffers:
            log.warning("closed a launch's connection that sent no message in time")
            socket.abort()

    def _forget(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.deleteLater()

    def _on_ready_read(self, socket: QLocalSocket) -> None:
        if socket not in self._buffers:
            return
        data = self._buffers[socket] + bytes(socket.readAll().data())
        self._buffers[socket] = data
        line_end = data.find(b"\n")
        if line_end > MAX_MESSAGE or (line_end < 0 and len(data) > MAX_MESSAGE):
            log.warning("dropped an oversized message from another launch")
            socket.abort()
            return
        if line_end < 0:
            return
        links = decode_message(data.split(b"\n", 1)[0])
        if links is None:
            log.warning("dropped a malformed message from another launch")
            socket.abort()
            return
        del self._buffers[socket]  # answered: one message per connection
        socket.write(QByteArray(REPLY))
        socket.flush()
        socket.disconnectFromServer()
        log.info("another launch handed over %d link(s)", len(links))
        self.links_received.emit(links)


class UrlOpenFilter(QObject):
    """macOS delivers a clicked `calls-notifier://` link as a file-open event.

    Signals:
        links_received(list[str]): one link the OS asked us to open.
    """

    links_received = Signal(list)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen:
            url = cast(QFileOpenEvent, event).url().toString()
            if is_link(url):
                self.links_received.emit([url])
                return True
        return super().eventFilter(watched, event)
