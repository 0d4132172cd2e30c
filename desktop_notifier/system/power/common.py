"""What the sleep detectors share: the tuning constants, the wake reasons, and the two small
interfaces between `SleepWatcher` and a per-OS hook (`SleepEvents` one way, `NativeHook` back)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

# The clock check runs all day on laptops: one timer tick every 10 s costs next to nothing (a
# coarse timer, two clock reads). A wake it alone detects is reported within 10 s.
CHECK_INTERVAL_MS = 10_000
# A jump this large means the machine slept (or the process was frozen that long).
JUMP_THRESHOLD_S = 20.0
# How long sleep may be held back if the app never says it is ready (logind allows 5 s).
RELEASE_TIMEOUT_MS = 2_000

RESUMED_LOGIND = "logind"
RESUMED_WINDOWS = "windows"
RESUMED_MACOS = "macos"
RESUMED_CLOCK_JUMP = "clock-jump"

Clock = Callable[[], float]


class SleepEvents(Protocol):
    """What an OS hook tells the watcher (and reads back from it)."""

    @property
    def running(self) -> bool:
        """False once the watcher was stopped: a late OS answer is then ignored."""
        ...

    @property
    def asleep(self) -> bool:
        """The OS said it is going to sleep and has not said it woke."""
        ...

    def going_to_sleep(self) -> None: ...

    def woke_up(self, reason: str) -> None: ...


class NativeHook(Protocol):
    """An installed OS hook; `remove()` undoes the installation (safe to call more than once)."""

    def remove(self) -> None: ...
