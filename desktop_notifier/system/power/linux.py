"""Linux: systemd-logind's `PrepareForSleep(b)` on the system bus, and a *delay* inhibitor that
gives the app up to `release_timeout_ms` to go offline cleanly before the machine sleeps.

Without a system bus or without logind, it logs once and the watcher's clock check carries on
alone; if logind comes up later, its `PrepareForSleep` is still heard.
"""

from __future__ import annotations

import logging
import os
from typing import Any, cast

from PySide6.QtCore import SLOT, QObject, QTimer, Slot
from PySide6.QtDBus import (
    QDBusConnection,
    QDBusMessage,
    QDBusPendingCallWatcher,
    QDBusUnixFileDescriptor,
)

from desktop_notifier import APP_NAME
from desktop_notifier.system.power.common import RESUMED_LOGIND, SleepEvents

log = logging.getLogger(__name__)

LOGIND = "org.freedesktop.login1"
LOGIND_PATH = "/org/freedesktop/login1"
LOGIND_MANAGER = "org.freedesktop.login1.Manager"
INHIBIT_WHO = APP_NAME
# Shown by `systemd-inhibit --list`, an administrator's tool whose other entries are English
# (desktops show only *block* inhibitors at logout, never this delay one): English, like the log.
INHIBIT_WHY = "Closing the connection before the machine sleeps"

# PySide6's stub types the slot as bytes, but only the str that SLOT() returns is accepted.
_PREPARE_SLOT = cast(bytes, SLOT("_on_prepare_for_sleep(bool)"))


class LogindHook(QObject):
    """Listens to logind for `events` and holds its delay lock while the app is awake."""

    def __init__(
        self,
        events: SleepEvents,
        parent: QObject | None = None,
        *,
        bus: QDBusConnection | None,
        release_timeout_ms: int,
    ) -> None:
        super().__init__(parent)
        self._events = events
        self._bus = bus
        self._release_timer = QTimer(self)
        self._release_timer.setSingleShot(True)
        self._release_timer.setInterval(release_timeout_ms)
        self._release_timer.timeout.connect(self._release_timed_out)
        self._subscribed = False
        self._inhibitor_fd: int | None = None
        self._inhibit_call: QDBusPendingCallWatcher | None = None
        self._logind_missing_logged = False

    @property
    def held(self) -> bool:
        return self._inhibitor_fd is not None

    @property
    def subscribed(self) -> bool:
        return self._subscribed

    def install(self) -> None:
        """Listen to PrepareForSleep and ask for the delay lock."""
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

    def remove(self) -> None:
        self.release_inhibitor()
        if self._subscribed:
            self._logind_bus().disconnect(
                LOGIND, LOGIND_PATH, LOGIND_MANAGER, "PrepareForSleep", self, _PREPARE_SLOT
            )
            self._subscribed = False

    def release_inhibitor(self) -> None:
        self._release_timer.stop()
        fd, self._inhibitor_fd = self._inhibitor_fd, None
        if fd is not None:
            os.close(fd)
            log.debug("released the sleep inhibitor")

    def _logind_bus(self) -> QDBusConnection:
        if self._bus is None:
            self._bus = QDBusConnection.systemBus()
        return self._bus

    def _take_inhibitor(self) -> None:
        if (
            not self._events.running
            or self._inhibitor_fd is not None
            or self._inhibit_call is not None
        ):
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
            if not self._events.running or self._events.asleep:
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
            if not self._events.running:
                return
            if sleeping:
                if not self._events.asleep and self._inhibitor_fd is not None:
                    self._release_timer.start()  # before the watcher emits: a slot may release
                self._events.going_to_sleep()
            else:
                self.release_inhibitor()
                self._take_inhibitor()
                self._events.woke_up(RESUMED_LOGIND)
        except Exception:
            log.exception("could not handle logind's PrepareForSleep")

    @Slot()
    def _release_timed_out(self) -> None:
        if self._inhibitor_fd is not None:
            log.warning("the app did not get ready for sleep in time; letting sleep go ahead")
        self.release_inhibitor()
