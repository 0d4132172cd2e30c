"""``--exit-with-parent``: the stand-in ends (cleanly, stopping its PostgreSQL) when the process
that started it dies, however it dies (SIGKILL, a crash, the X session ending).

Two guards: on Linux the kernel's parent-death signal (``PR_SET_PDEATHSIG``: SIGTERM, which the
stand-in already handles as "shut down"); on every OS a watchdog on stdin, a pipe whose other
end only the parent holds: when it reads end-of-file the parent is gone. The pipe also covers
the race of a parent that died before the signal was armed.
"""

from __future__ import annotations

import _thread
import ctypes
import logging
import os
import signal
import sys
import threading
from collections.abc import Callable
from typing import BinaryIO

log = logging.getLogger(__name__)

_PR_SET_PDEATHSIG = 1


def arm_parent_death_signal() -> bool:
    """Linux: ask the kernel for SIGTERM when our parent dies. False elsewhere."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) != 0:
        log.warning("prctl(PR_SET_PDEATHSIG) failed: errno %s", ctypes.get_errno())
        return False
    return True


def _shut_down() -> None:
    """Unwind the main thread through its ``finally`` blocks, as SIGTERM would."""
    if hasattr(signal, "SIGTERM") and sys.platform != "win32":
        os.kill(os.getpid(), signal.SIGTERM)
    else:  # Windows: no deliverable SIGTERM; a KeyboardInterrupt unwinds the same way
        _thread.interrupt_main()


def watch_pipe(stream: BinaryIO, signalled: Callable[[], bool] = lambda: False) -> threading.Thread:
    """Shut down when `stream` (the parent's pipe) reaches end-of-file or breaks, unless
    `signalled()` says the kernel's parent-death signal has done it already."""

    def run() -> None:
        try:
            while stream.read(4096):
                pass  # the parent writes nothing; anything it does write is ignored
        except (OSError, ValueError):
            pass
        log.warning("the parent process is gone: shutting down")
        if not signalled():
            _shut_down()

    thread = threading.Thread(target=run, name="parent-watch", daemon=True)
    thread.start()
    return thread


def exit_with_parent() -> None:
    """Arm both guards (call first thing in the stand-in's main)."""
    parent = os.getppid()
    armed = arm_parent_death_signal()
    # Once we are re-parented, the armed kernel signal has been sent: a second SIGTERM would
    # only race the clean shutdown the first one started.
    watch_pipe(sys.stdin.buffer, lambda: armed and os.getppid() != parent)
