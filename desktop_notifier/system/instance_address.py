"""Where the running instance listens, and who may talk to it.

The socket name comes from the user and the profile directory: a Unix socket in
`XDG_RUNTIME_DIR`, or else in a 0700 directory of our own in the temp directory
(`calls-notifier-<uid>`; one owned by another user, or a symlink, is refused: no hand-over then
rather than links sent to a squatter), a named pipe on Windows — readable by this user only. On
Linux both ends also check the peer's uid (`same_user`).
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import os
import socket as pysocket
import stat
import struct
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_notifier import APP_ID

if TYPE_CHECKING:  # QtNetwork is loaded when first used: not needed to show the tray icon
    from PySide6.QtNetwork import QLocalSocket

log = logging.getLogger(__name__)

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


def same_user(socket: QLocalSocket) -> bool:
    if sys.platform == "win32":  # the pipe is created for this user only (UserAccessOption)
        return True
    uid = peer_uid(socket)
    if uid is None or uid == os.getuid():
        return True
    log.warning("refused a local connection of another user (uid %d)", uid)
    return False
