"""One running app per user and profile, and how later launches and the OS reach it.

The first launch takes a lock file in the profile directory (`QLockFile`: a crashed owner's lock
is noticed by its dead PID and taken over) and listens on a local socket whose name comes from
the user and the profile directory — a Unix socket in `XDG_RUNTIME_DIR`, or else in a 0700
directory of our own in the temp directory (`calls-notifier-<uid>`; one owned by another user, or
a symlink, is refused: no hand-over then rather than links sent to a squatter), a named pipe on
Windows — readable by this user only. On Linux both ends also check the peer's uid. A later launch
for the same profile finds the lock taken, connects, sends its arguments as one JSON line
(`{"links": [...]}`), waits for `ok` and exits 0; the running instance emits `links_received`.
The receiver caps what a local client can make it hold: one message of `MAX_MESSAGE` bytes and
`MAX_DEPTH` levels of nesting, `MAX_CONNECTIONS` at a time, each closed after `DEADLINE` seconds.
On macOS a clicked link reaches the running app as a file-open event instead of argv:
`UrlOpenFilter` emits the same signal.

It only carries links; what they open is decided by the launcher (`gui`).
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
import socket as pysocket
import stat
import struct
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QByteArray, QEvent, QLockFile, QObject, QTimer, Signal
from PySide6.QtGui import QFileOpenEvent

from desktop_notifier import APP_ID
from desktop_notifier.system.deeplink import is_link

if TYPE_CHECKING:  # QtNetwork is loaded when first used: not needed to show the tray icon
    from PySide6.QtNetwork import QLocalSocket

log = logging.getLogger(__name__)

LOCK_FILE = "instance.lock"
MAX_MESSAGE = 64 * 1024
MAX_LINKS = 32
MAX_DEPTH = 2  # {"links": [...]}
MAX_CONNECTIONS = 4
DEADLINE = 5.0  # seconds a connection has to deliver its message
REPLY = b"ok\n"
# The longest Unix socket path: sun_path is 104 bytes on macOS (108 on Linux), with the NUL.
MAX_SOCKET_PATH = 103


def instance_key(profile_dir: Path, user: str) -> str:
    """The per-user, per-profile name of the running instance (no path, no secrets)."""
    digest = hashlib.sha256(f"{user}\0{profile_dir}".encode()).hexdigest()[:20]
    return f"{APP_ID}-{digest}"


def current_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry and no LOGNAME/USER: still one name per uid
        return str(os.getuid()) if hasattr(os, "getuid") else "user"


def _private(directory: Path) -> bool:
    """True if `directory` is a real directory of ours that no one else may enter."""
    if sys.platform == "win32":  # named pipes there: no directory is involved
        return False
    try:
        info = os.lstat(directory)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o077


def private_dir(base: Path) -> Path | None:
    """`base/calls-notifier-<uid>`, created 0700 if missing; None when it is a symlink, not a
    directory or someone else's (another user got there first)."""
    if sys.platform == "win32":
        return None
    directory = base / f"{APP_ID}-{os.getuid()}"
    try:
        directory.mkdir(mode=0o700)
    except FileExistsError:
        pass
    except OSError as exc:
        log.warning("cannot create %s: %s", directory, exc)
        return None
    try:
        info = os.lstat(directory)
        if stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and info.st_mode & 0o077:
            os.chmod(directory, 0o700)
    except OSError:
        return None
    if not _private(directory):
        log.warning("refusing %s: it is not a private directory of this user", directory)
        return None
    return directory


def fits_sun_path(path: str | Path) -> bool:
    """True if `path` fits a Unix socket address on every Unix we run on (macOS: 104 bytes)."""
    return len(os.fsencode(path)) <= MAX_SOCKET_PATH


def server_name(profile_dir: Path, *, environ: dict[str, str] | None = None) -> str | None:
    """The `QLocalServer` name: a full socket path in `XDG_RUNTIME_DIR` (private to the user and
    cleaned at logout) when it is ours, otherwise in our own private directory of the temp
    directory — or of /tmp when the temp directory's path is too long for a socket address (a
    sandboxed macOS app's is `~/Library/Containers/<bundle id>/Data/tmp`); a pipe name on
    Windows. None when no private place exists."""
    env = os.environ if environ is None else environ
    key = instance_key(profile_dir, current_user())
    if sys.platform == "win32":
        return key
    runtime = env.get("XDG_RUNTIME_DIR", "")
    if runtime and _private(Path(runtime)) and fits_sun_path(Path(runtime) / f"{key}.sock"):
        return str(Path(runtime) / f"{key}.sock")
    stem = f"{key.removeprefix(APP_ID + '-')}.sock"
    for base in dict.fromkeys((env.get("TMPDIR") or tempfile.gettempdir(), "/tmp")):
        if not fits_sun_path(Path(base) / f"{APP_ID}-{os.getuid()}" / stem):
            continue
        directory = private_dir(Path(base))
        return None if directory is None else str(directory / stem)
    return None


def peer_uid(socket: QLocalSocket) -> int | None:
    """The uid of the process at the other end of a connected Unix socket (Linux), else None."""
    descriptor = int(socket.socketDescriptor())
    if not sys.platform.startswith("linux") or descriptor < 0:
        return None
    with pysocket.socket(fileno=os.dup(descriptor)) as probe:
        creds = probe.getsockopt(pysocket.SOL_SOCKET, pysocket.SO_PEERCRED, 12)
    _pid, uid, _gid = struct.unpack("3i", creds)
    return int(uid)


def _same_user(socket: QLocalSocket) -> bool:
    if sys.platform == "win32":  # the pipe is created for this user only (UserAccessOption)
        return True
    uid = peer_uid(socket)
    if uid is None or uid == os.getuid():
        return True
    log.warning("refused a local connection of another user (uid %d)", uid)
    return False


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
            if not _same_user(socket):
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
            if len(self._buffers) >= MAX_CONNECTIONS or not _same_user(socket):
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
