"""`SleepWatcher`: the one object the app asks about sleep; it runs the OS hook of the platform
it is on and the portable clock-jump check, and reports each wake once."""

from __future__ import annotations

import logging
import sys
import time

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtDBus import QDBusConnection

from desktop_notifier.system.power.common import (
    CHECK_INTERVAL_MS,
    JUMP_THRESHOLD_S,
    RELEASE_TIMEOUT_MS,
    RESUMED_CLOCK_JUMP,
    Clock,
    NativeHook,
)
from desktop_notifier.system.power.linux import LogindHook

log = logging.getLogger(__name__)


class SleepWatcher(QObject):
    """Emits `about_to_sleep` before the machine sleeps and `resumed(reason)` after it wakes.

    Call `start()` once a QCoreApplication exists. After `about_to_sleep`, close the connection
    and call `release_inhibitor()`; sleep goes ahead anyway after `release_timeout_ms`.
    """

    about_to_sleep = Signal()
    resumed = Signal(str)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        bus: QDBusConnection | None = None,
        wall_clock: Clock = time.time,
        monotonic_clock: Clock = time.monotonic,
        check_interval_ms: int = CHECK_INTERVAL_MS,
        jump_threshold_s: float = JUMP_THRESHOLD_S,
        release_timeout_ms: int = RELEASE_TIMEOUT_MS,
    ) -> None:
        super().__init__(parent)
        self._wall = wall_clock
        self._mono = monotonic_clock
        self._interval_s = check_interval_ms / 1000
        self._threshold_s = jump_threshold_s
        self._last_wall = 0.0
        self._last_mono = 0.0
        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(check_interval_ms)
        self._clock_timer.timeout.connect(self.check_clock)
        self._running = False
        self._asleep = False  # the OS said it is going to sleep and has not said it woke
        self._resume_reported = False  # resumed was emitted since the last about_to_sleep
        self._logind: LogindHook | None = None
        if sys.platform != "win32" and sys.platform != "darwin":
            self._logind = LogindHook(self, self, bus=bus, release_timeout_ms=release_timeout_ms)
        self._native_hook: NativeHook | None = None

    # --- public ----------------------------------------------------------------------------

    @property
    def inhibitor_held(self) -> bool:
        """True while we hold a logind delay lock (sleep waits for us)."""
        return self._logind is not None and self._logind.held

    @property
    def logind_subscribed(self) -> bool:
        """True when PrepareForSleep is being listened to on the system bus."""
        return self._logind is not None and self._logind.subscribed

    @property
    def running(self) -> bool:
        return self._running

    @property
    def asleep(self) -> bool:
        return self._asleep

    def start(self) -> None:
        """Start both detectors; without a usable OS hook, the clock check carries on alone."""
        if self._running:
            return
        self._running = True
        self._reset_clock()
        self._clock_timer.start()
        try:
            if sys.platform == "win32":
                from desktop_notifier.system.power.windows import install

                self._native_hook = install(self)
            elif sys.platform == "darwin":
                from desktop_notifier.system.power.macos import install

                self._native_hook = install(self)
            elif self._logind is not None:
                self._logind.install()
        except Exception:
            log.exception("could not watch for sleep; relying on the clock-jump check")

    def stop(self) -> None:
        """Stop watching and let go of the inhibitor; safe to call more than once."""
        if not self._running:
            return
        self._running = False
        self._clock_timer.stop()
        if self._logind is not None:
            self._logind.remove()
        if self._native_hook is not None:
            try:
                self._native_hook.remove()
            except Exception:
                log.exception("could not remove the sleep hook")
            self._native_hook = None

    def release_inhibitor(self) -> None:
        """Let the pending sleep go ahead: call after going offline on `about_to_sleep`."""
        if self._logind is not None:
            self._logind.release_inhibitor()

    # --- what the OS hooks report (common.SleepEvents) -------------------------------------

    def going_to_sleep(self) -> None:
        if self._asleep:
            return
        self._asleep = True
        self._resume_reported = False
        log.info("the machine is going to sleep")
        self.about_to_sleep.emit()

    def woke_up(self, reason: str) -> None:
        """An OS hook reports the wake; emitted unless the clock check already did."""
        self._asleep = False
        self._reset_clock()
        if self._resume_reported:
            return
        self._resume_reported = True
        log.info("the machine woke up (%s)", reason)
        self.resumed.emit(reason)

    # --- portable clock-jump check ---------------------------------------------------------

    def _reset_clock(self) -> None:
        self._last_wall, self._last_mono = self._wall(), self._mono()

    @Slot()
    def check_clock(self) -> None:
        """Report a wake if the clocks jumped since the last check.

        The timer calls this every `check_interval_ms`; the app may also call it when it has a
        reason to look (the user opened the tray menu).
        """
        if not self._running:
            return
        try:
            wall, mono = self._wall(), self._mono()
            mono_elapsed = mono - self._last_mono
            hidden = (wall - self._last_wall) - mono_elapsed  # suspend unseen by monotonic
            late = mono_elapsed - self._interval_s  # suspend seen by a monotonic clock
            self._last_wall, self._last_mono = wall, mono
            if max(hidden, late) <= self._threshold_s:
                return
            log.info("clock jumped %.0f s: the machine probably slept", max(hidden, late))
            if self._asleep:
                self._resume_reported = True  # the OS hook's own wake report will be dropped
            self.resumed.emit(RESUMED_CLOCK_JUMP)
        except Exception:
            log.exception("the clock-jump check failed")
