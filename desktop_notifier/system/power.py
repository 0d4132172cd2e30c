"""Sleep and wake: tells the app the machine is about to sleep and that it has woken up.

`SleepWatcher` owns two detectors and one lock:

- the OS hook: on Linux, systemd-logind's `PrepareForSleep(b)` on the system bus, plus a
  *delay* inhibitor that gives the app up to `release_timeout_ms` to go offline cleanly before
  the machine sleeps; on Windows, `WM_POWERBROADCAST`; on macOS, NSWorkspace's will-sleep and
  did-wake notifications. The Windows and macOS hooks are small, import-guarded and untested here.
- the portable clock-jump check, on every OS: a cheap timer (every `CHECK_INTERVAL_MS`) compares
  how far the wall clock and the monotonic clock moved since its last tick. Suspend shows up as
  the wall clock running ahead of the monotonic one (Linux and macOS stop the monotonic clock in
  suspend) or as a tick arriving far too late (clocks that keep counting in suspend). Either
  beyond `JUMP_THRESHOLD_S` counts as a wake. It is the safety net when the OS hook is missing,
  and it also turns a long freeze of the process or a big forward clock step into a reconnect,
  which is harmless.

`resumed` carries why: "logind", "windows", "macos" or "clock-jump", and is emitted once per
wake even when both detectors notice it.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
import time
from collections.abc import Callable
from typing import Any, cast

from PySide6.QtCore import (
    SLOT,
    QAbstractNativeEventFilter,
    QCoreApplication,
    QObject,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtDBus import (
    QDBusConnection,
    QDBusMessage,
    QDBusPendingCallWatcher,
    QDBusUnixFileDescriptor,
)

from desktop_notifier import APP_NAME

log = logging.getLogger(__name__)

# The clock check runs all day on laptops: one timer tick every 10 s costs next to nothing (a
# coarse timer, two clock reads). A wake it alone detects is reported within 10 s.
CHECK_INTERVAL_MS = 10_000
# A jump this large means the machine slept (or the process was frozen that long).
JUMP_THRESHOLD_S = 20.0
# How long sleep may be held back if the app never says it is ready (logind allows 5 s).
RELEASE_TIMEOUT_MS = 2_000

LOGIND = "org.freedesktop.login1"
LOGIND_PATH = "/org/freedesktop/login1"
LOGIND_MANAGER = "org.freedesktop.login1.Manager"
INHIBIT_WHO = APP_NAME
INHIBIT_WHY = "Fechar a conexão antes de dormir"

RESUMED_LOGIND = "logind"
RESUMED_WINDOWS = "windows"
RESUMED_MACOS = "macos"
RESUMED_CLOCK_JUMP = "clock-jump"

Clock = Callable[[], float]

# PySide6's stub types the slot as bytes, but only the str that SLOT() returns is accepted.
_PREPARE_SLOT = cast(bytes, SLOT("_on_prepare_for_sleep(bool)"))


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
        self._bus = bus
        self._wall = wall_clock
        self._mono = monotonic_clock
        self._interval_s = check_interval_ms / 1000
        self._threshold_s = jump_threshold_s
        self._last_wall = 0.0
        self._last_mono = 0.0
        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(check_interval_ms)
        self._clock_timer.timeout.connect(self.check_clock)
        self._release_timer = QTimer(self)
        self._release_timer.setSingleShot(True)
        self._release_timer.setInterval(release_timeout_ms)
        self._release_timer.timeout.connect(self._release_timed_out)
        self._running = False
        self._asleep = False  # the OS said it is going to sleep and has not said it woke
        self._resume_reported = False  # resumed was emitted since the last about_to_sleep
        self._subscribed = False
        self._inhibitor_fd: int | None = None
        self._inhibit_call: QDBusPendingCallWatcher | None = None
        self._logind_missing_logged = False
        self._native_hook: QAbstractNativeEventFilter | _MacObservers | None = None

    # --- public ----------------------------------------------------------------------------

    @property
    def inhibitor_held(self) -> bool:
        """True while we hold a logind delay lock (sleep waits for us)."""
        return self._inhibitor_fd is not None

    @property
    def logind_subscribed(self) -> bool:
        """True when PrepareForSleep is being listened to on the system bus."""
        return self._subscribed

    def start(self) -> None:
        """Start both detectors; without a usable OS hook, the clock check carries on alone."""
        if self._running:
            return
        self._running = True
        self._reset_clock()
        self._clock_timer.start()
        try:
            if sys.platform == "win32":
                self._native_hook = _install_windows_hook(self)
            elif sys.platform == "darwin":
                self._native_hook = _install_macos_hook(self)
            else:
                self._subscribe_logind()
        except Exception:
            log.exception("could not watch for sleep; relying on the clock-jump check")

    def stop(self) -> None:
        """Stop watching and let go of the inhibitor; safe to call more than once."""
        if not self._running:
            return
        self._running = False
        self._clock_timer.stop()
        self.release_inhibitor()
        if self._subscribed:
            self._logind_bus().disconnect(
                LOGIND, LOGIND_PATH, LOGIND_MANAGER, "PrepareForSleep", self, _PREPARE_SLOT
            )
            self._subscribed = False
        if self._native_hook is not None:
            _remove_native_hook(self._native_hook)
            self._native_hook = None

    def release_inhibitor(self) -> None:
        """Let the pending sleep go ahead: call after going offline on `about_to_sleep`."""
        self._release_timer.stop()
        fd, self._inhibitor_fd = self._inhibitor_fd, None
        if fd is not None:
            os.close(fd)
            log.debug("released the sleep inhibitor")

    # --- shared by every detector ----------------------------------------------------------

    def _going_to_sleep(self) -> None:
        if self._asleep:
            return
        self._asleep = True
        self._resume_reported = False
        log.info("the machine is going to sleep")
        if self._inhibitor_fd is not None:
            self._release_timer.start()  # before emitting: a slot may release at once
        self.about_to_sleep.emit()

    def _woke_up(self, reason: str) -> None:
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

    # --- Linux: logind ---------------------------------------------------------------------

    def _logind_bus(self) -> QDBusConnection:
        if self._bus is None:
            self._bus = QDBusConnection.systemBus()
        return self._bus

    def _subscribe_logind(self) -> None:
        bus = self._logind_bus()
        if not bus.isConnected():
            log.info(
                "no system D-Bus (%s); sleep is noticed by the clock-jump check only",
                bus.lastError().message(),
            )
            return
        self._subscribed = bus.connect(
            LOGIND, LOGIND_PATH, LOGIND_MANAGER, "PrepareForSleep", self, _PREPARE_SLOT
        )
        if not self._subscribed:
            log.info("cannot listen to logind's PrepareForSleep; relying on the clock-jump check")
            return
        self._take_inhibitor()

    def _take_inhibitor(self) -> None:
        if not self._running or self._inhibitor_fd is not None or self._inhibit_call is not None:
            return
        call = QDBusMessage.createMethodCall(LOGIND, LOGIND_PATH, LOGIND_MANAGER, "Inhibit")
        call.setArguments(["sleep", INHIBIT_WHO, INHIBIT_WHY, "delay"])
        watcher = QDBusPendingCallWatcher(self._logind_bus().asyncCall(call), self)
        watcher.finished.connect(self._inhibit_answered)
        self._inhibit_call = watcher

    @Slot(QDBusPendingCallWatcher)
    def _inhibit_answered(self, watcher: QDBusPendingCallWatcher) -> None:
        try:
            self._inhibit_call = None
            fd = self._dup_inhibitor_fd(watcher.reply())
            # Qt's copies of the fd live in the reply: drop them so only our dup holds the lock.
            watcher.deleteLater()
            if fd is None:
                return
            if not self._running or self._asleep:
                os.close(fd)  # too late to be useful: never hold up a sleep already under way
                return
            self._inhibitor_fd = fd
            log.debug("holding a logind sleep delay lock")
        except Exception:
            log.exception("could not take the sleep inhibitor")

    def _dup_inhibitor_fd(self, reply: QDBusMessage) -> int | None:
        if reply.type() is not QDBusMessage.MessageType.ReplyMessage:
            if not self._logind_missing_logged:
                self._logind_missing_logged = True
                log.info(
                    "logind is not available (%s); sleep is noticed by the clock-jump check only",
                    reply.errorMessage() or reply.errorName() or "no answer",
                )
            return None
        arguments: list[Any] = reply.arguments()
        handle = arguments[0] if arguments else None
        if not isinstance(handle, QDBusUnixFileDescriptor) or not handle.isValid():
            log.warning("logind answered Inhibit without a file descriptor")
            return None
        return os.dup(handle.fileDescriptor())

    @Slot(bool)
    def _on_prepare_for_sleep(self, sleeping: bool) -> None:
        try:
            if not self._running:
                return
            if sleeping:
                self._going_to_sleep()
            else:
                self.release_inhibitor()
                self._take_inhibitor()
                self._woke_up(RESUMED_LOGIND)
        except Exception:
            log.exception("could not handle logind's PrepareForSleep")

    @Slot()
    def _release_timed_out(self) -> None:
        if self._inhibitor_fd is not None:
            log.warning("the app did not get ready for sleep in time; letting sleep go ahead")
        self.release_inhibitor()


# --- Windows and macOS hooks (cannot run here; the clock check covers them if they fail) --------


def _install_windows_hook(watcher: SleepWatcher) -> QAbstractNativeEventFilter | None:
    """Watch WM_POWERBROADCAST through a native event filter on the application.

    Windows broadcasts it to top-level windows only, so it arrives while the app has a native
    top-level window (the tray icon's or any window that was shown); the clock check covers the
    rest.
    """
    if sys.platform != "win32":
        return None
    import ctypes.wintypes

    wm_powerbroadcast, pbt_apmsuspend = 0x0218, 0x0004
    pbt_resume = {0x0007, 0x0012}  # PBT_APMRESUMESUSPEND, PBT_APMRESUMEAUTOMATIC

    class PowerFilter(QAbstractNativeEventFilter):
        def nativeEventFilter(self, event_type: Any, message: int) -> object:
            try:
                if bytes(event_type) == b"windows_generic_MSG":
                    msg = ctypes.wintypes.MSG.from_address(int(message))
                    if msg.message == wm_powerbroadcast and msg.wParam == pbt_apmsuspend:
                        watcher._going_to_sleep()
                    elif msg.message == wm_powerbroadcast and msg.wParam in pbt_resume:
                        watcher._woke_up(RESUMED_WINDOWS)
            except Exception:
                log.exception("could not handle WM_POWERBROADCAST")
            return False, 0

    app = QCoreApplication.instance()
    if app is None:
        return None
    power_filter = PowerFilter()
    app.installNativeEventFilter(power_filter)
    return power_filter


def _install_macos_hook(watcher: SleepWatcher) -> _MacObservers | None:
    """Observe NSWorkspace's will-sleep and did-wake notifications (needs pyobjc's AppKit)."""
    try:
        appkit: Any = importlib.import_module("AppKit")
    except ImportError:
        log.info("pyobjc's AppKit is missing; sleep is noticed by the clock-jump check only")
        return None
    center = appkit.NSWorkspace.sharedWorkspace().notificationCenter()
    main_queue = appkit.NSOperationQueue.mainQueue()  # blocks run on the Qt (main) thread
    observe = center.addObserverForName_object_queue_usingBlock_
    return _MacObservers(
        center,
        [
            observe(
                appkit.NSWorkspaceWillSleepNotification,
                None,
                main_queue,
                lambda _note: watcher._going_to_sleep(),
            ),
            observe(
                appkit.NSWorkspaceDidWakeNotification,
                None,
                main_queue,
                lambda _note: watcher._woke_up(RESUMED_MACOS),
            ),
        ],
    )


class _MacObservers:
    def __init__(self, center: Any, tokens: list[Any]) -> None:
        self.center = center
        self.tokens = tokens


def _remove_native_hook(hook: QAbstractNativeEventFilter | _MacObservers) -> None:
    try:
        if isinstance(hook, _MacObservers):
            for token in hook.tokens:
                hook.center.removeObserver_(token)
        elif (app := QCoreApplication.instance()) is not None:
            app.removeNativeEventFilter(hook)
    except Exception:
        log.exception("could not remove the sleep hook")
