"""Giving memory back to the OS after a burst of work (a first sync, a long catch-up).

CPython frees objects into its own and glibc's allocators, which keep the pages: after reading
thousands of rows the process stays that large while idle for hours. `release()` collects
garbage and, on glibc (Linux), asks `malloc_trim` to return free heap pages. Elsewhere it only
collects. Cheap enough (a few ms) to call after each large pass, never per change. It also
empties `linecache`: PySide6's import hook reads the source of every module imported after it
into that cache (megabytes nobody reads; a traceback reads its lines again when it needs them).
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import gc
import linecache
import logging
import sys
from collections.abc import Callable

log = logging.getLogger(__name__)


def _trimmer() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim: Callable[[int], int] = libc.malloc_trim
    except (OSError, AttributeError):  # musl and others have no malloc_trim
        return None
    return trim


_TRIM = _trimmer()


def release() -> None:
    linecache.clearcache()
    gc.collect()
    if _TRIM is not None:
        _TRIM(0)


class ReleaseSoon:
    """`release()` once, `DELAY` seconds after the first request of a busy spell: never in the
    middle of the work that asked for it (a burst's toasts go out first)."""

    DELAY = 2.0

    def __init__(self) -> None:
        self._pending = False

    def request(self) -> None:
        if self._pending:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop (a script): nothing to wait for
            release()
            return
        self._pending = True
        loop.call_later(self.DELAY, self._run)

    def _run(self) -> None:
        self._pending = False
        release()
