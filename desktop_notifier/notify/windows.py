"""Windows toasts through WinRT (the `winrt-Windows.UI.Notifications` projection), with protocol
activation: a click starts or reaches the app with the call's deep link (see `windows_toast_xml`),
so the in-process click callback is not needed and clicks from the Action Center still work after
a restart.

Windows shows and keeps toasts only for an AppUserModelID that a Start-menu shortcut claims; the
installer creates that shortcut, with `TOAST_ACTIVATOR_CLSID` as its
`System.AppUserModel.ToastActivatorCLSID` (without it Windows does not keep our toasts in the
Action Center). So the backend is offered only in the installed (frozen) app; a run from a
virtualenv falls back to the tray balloon, and so does a user who turned our toasts off in
Windows settings (the notifier's `setting` is not ENABLED: `show` would drop them silently).
Everything WinRT stays in this module.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import sys
from typing import TYPE_CHECKING, Any, TypeAlias

from desktop_notifier.common.identity import APP_USER_MODEL_ID
from desktop_notifier.notify.base import ActivationCallback, Notifier, NotifyError, Unavailable
from desktop_notifier.notify.gate import ToastGate
from desktop_notifier.notify.icon import app_icon_path
from desktop_notifier.notify.toast import Toast
from desktop_notifier.notify.windows_toast_xml import GROUP, TAG_LIMIT, toast_tag, toast_xml

if TYPE_CHECKING:
    # `make typecheck` checks this module with --platform win32 against pywinrt's own stubs
    # (installer/platform_stubs.py); at run time the classes come from `_winrt`, only on Windows.
    if sys.platform == "win32":
        from winrt.windows.data.xml.dom import XmlDocument
        from winrt.windows.ui.notifications import (
            ToastNotification,
            ToastNotificationManager,
            ToastNotifier,
        )
    else:
        XmlDocument: TypeAlias = Any
        ToastNotification: TypeAlias = Any
        ToastNotificationManager: TypeAlias = Any
        ToastNotifier: TypeAlias = Any

log = logging.getLogger(__name__)

# The COM class id on our Start-menu shortcut (installer/windows/desktop-notifier.iss,
# AppUserModelToastActivatorCLSID); fixed for the life of the product, never regenerate it.
TOAST_ACTIVATOR_CLSID = "6058A547-78F8-4C4B-9081-4D39AFA21873"
# Windows.UI.Notifications.NotificationSetting: anything else means Windows drops our toasts.
SETTING_ENABLED = 0
SETTING_REASONS = {
    1: "turned off for this app in Windows settings",
    2: "turned off for all apps in Windows settings",
    3: "turned off by group policy",
    4: "turned off by the app manifest",
}


# shell32's SHQueryUserNotificationState (QUERY_USER_NOTIFICATION_STATE): the states in which
# Windows itself holds toasts back — Focus Assist's quiet time, a full-screen app, a game
# (Direct3D full screen), presentation mode. 5 (QUNS_ACCEPTS_NOTIFICATIONS) is "go ahead".
QUIET_STATES = {
    2: "a full-screen app",
    3: "a full-screen game",
    4: "presentation mode",
    6: "Focus Assist (quiet time)",
}


def user_notification_state() -> int | None:
    """The QUERY_USER_NOTIFICATION_STATE now, or None if Windows would not say."""
    if sys.platform != "win32":
        return None
    import ctypes

    state = ctypes.c_int(0)
    try:
        result = ctypes.windll.shell32.SHQueryUserNotificationState(ctypes.byref(state))
    except (OSError, AttributeError):
        return None
    return state.value if result == 0 else None


def disabled_reason(notifier: ToastNotifier) -> str | None:
    """Why Windows would drop our toasts (None: they are shown). Read at every toast: the user
    can switch them off while the app runs."""
    try:
        setting = int(notifier.setting)
    except (OSError, AttributeError, TypeError, ValueError):
        return None  # unknown: try the toast rather than lose it
    if setting == SETTING_ENABLED:
        return None
    return SETTING_REASONS.get(setting, f"turned off (setting {setting})")


def _winrt(namespace: str) -> Any:
    """A WinRT namespace of the pywinrt projection (`winrt.windows.<namespace>`)."""
    return importlib.import_module(f"winrt.windows.{namespace}")


class WindowsToastNotifier:
    """Build with `await create(on_activated)`; only on Windows, in the installed app."""

    name = "windows-toast"

    def __init__(self, notifier: ToastNotifier, language: str) -> None:
        self._notifier = notifier
        self._language = language
        self._icon_uri = app_icon_path().as_uri()
        self.gate = ToastGate(self._deliver)  # pacing and "the urgent toast stays"

    async def show(self, toast: Toast) -> None:
        if sys.platform != "win32":
            raise Unavailable("WinRT toasts exist only on Windows")
        await self.gate.show(toast)

    async def _deliver(self, toast: Toast) -> None:
        document_class: type[XmlDocument] = _winrt("data.xml.dom").XmlDocument
        toast_class: type[ToastNotification] = _winrt("ui.notifications").ToastNotification

        reason = disabled_reason(self._notifier)
        if reason is not None:  # the chain falls back to the tray balloon
            raise Unavailable(f"Windows toasts are {reason}")
        xml = toast_xml(toast, language=self._language, icon_uri=self._icon_uri)
        try:
            document = document_class()
            document.load_xml(xml)
            notification = toast_class(document)
            notification.tag = toast_tag(toast)
            notification.group = GROUP
            await asyncio.to_thread(self._notifier.show, notification)
        except OSError as exc:  # WinRT errors surface as OSError with the HRESULT
            raise NotifyError(f"Windows refused the toast: {exc}") from exc

    async def withdraw(self, key: str) -> bool:
        """Remove call `key`'s toast from the screen and the Action Center (tag and group)."""
        history = _winrt("ui.notifications").ToastNotificationManager.history
        try:
            await asyncio.to_thread(history.remove, key[:TAG_LIMIT], GROUP, APP_USER_MODEL_ID)
        except OSError as exc:
            raise NotifyError(f"Windows did not remove the toast: {exc}") from exc
        self.gate.forget_all()
        return True

    async def do_not_disturb(self) -> bool:
        """Focus Assist (or a full-screen app): Windows would hold our toasts back anyway."""
        return user_notification_state() in QUIET_STATES

    async def close(self) -> None:
        """Toasts stay in the Action Center, clickable, on purpose."""
        self.gate.close()


async def create(on_activated: ActivationCallback, *, language: str = "pt_BR") -> Notifier:
    if sys.platform != "win32":
        raise Unavailable("WinRT toasts exist only on Windows")
    if not getattr(sys, "frozen", False):
        raise Unavailable("WinRT toasts need the installed app (its Start-menu shortcut)")
    import ctypes

    try:
        notifications = _winrt("ui.notifications")
        manager: type[ToastNotificationManager] = notifications.ToastNotificationManager
    except ImportError as exc:
        raise Unavailable(f"the WinRT packages are missing ({exc.name})") from exc
    # Taskbar and toasts agree on who we are even when started from the Run key or a link.
    ctypes.windll.shell32.SetCurrentProcessExplicitAppUserModelID(APP_USER_MODEL_ID)
    try:  # the overload taking our id (create_toast_notifier_with_id is its deprecated alias)
        notifier = manager.create_toast_notifier(APP_USER_MODEL_ID)
    except OSError as exc:
        raise Unavailable(f"Windows has no toast notifier for us: {exc}") from exc
    reason = disabled_reason(notifier)
    if reason is not None:
        raise Unavailable(f"Windows toasts are {reason}")
    del on_activated  # clicks come back as calls-notifier:// links, through the launcher
    return WindowsToastNotifier(notifier, language)
