"""Files only this user may read: the profile directory is 0700 and every file the app keeps
in it 0600 (the store holds call rows and transcriptions, the logs name companies), whatever
the umask and however the directory was created before.

`private_dir` and `private_file` create with those modes and tighten what already exists;
`open_private` opens a file for appending that is created 0600. On Windows the modes are a
no-op: the profile lives in the user's own AppData, which only they can read.
"""

from __future__ import annotations

import io
import logging
import os
import stat
from pathlib import Path
from typing import cast

log = logging.getLogger(__name__)

DIR_MODE = 0o700
FILE_MODE = 0o600


def _tighten(path: Path, mode: int) -> None:
    try:
        current = stat.S_IMODE(path.stat().st_mode)
        if current & ~mode:
            os.chmod(path, current & mode)
    except FileNotFoundError:
        pass
    except OSError as exc:  # not ours (a shared directory): say so, do not stop the app
        log.warning("could not make %s private (%s)", path, exc.strerror or exc)


def private_dir(path: Path) -> Path:
    """Create `path` (and parents) 0700, or take group/other access away if it exists."""
    path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    _tighten(path, DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Create `path` empty and 0600 if it is missing, or tighten it to 0600."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    except FileExistsError:
        _tighten(path, FILE_MODE)
    return path


def tighten_files(directory: Path, patterns: tuple[str, ...]) -> None:
    """Tighten the existing files in `directory` that match `patterns` to 0600 (only names
    the app owns: the directory may be one the user also keeps other files in)."""
    for pattern in patterns:
        for path in directory.glob(pattern):
            if path.is_file() and not path.is_symlink():
                _tighten(path, FILE_MODE)


def _opener(path: str, flags: int) -> int:
    return os.open(path, flags, FILE_MODE)


def open_private(path: Path, mode: str = "a", encoding: str | None = "utf-8") -> io.TextIOWrapper:
    """`open(path, mode)` for text, the file created 0600 (and tightened if it existed)."""
    handle = cast(io.TextIOWrapper, open(path, mode, encoding=encoding, opener=_opener))  # noqa: SIM115
    _tighten(path, FILE_MODE)
    return handle
