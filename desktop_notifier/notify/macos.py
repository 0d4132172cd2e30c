"""macOS notifications through UNUserNotificationCenter (pyobjc), for the signed `.app` bundle.

A notification request carries the call id in its `userInfo` (see `macos_content`); the center's
delegate turns a click into the app's click callback on the asyncio loop, which opens the call.
UNUserNotificationCenter works only inside a bundle with an identifier (and, for delivery, a
signed one), so a run from a virtualenv is `Unavailable` and falls back to the tray balloon. The
user is asked once for permission; a refusal makes the backend `Unavailable` too.

Known limit: when a click launches the app (it was not running), macOS hands that click to the
delegate only if it is set before the app finished launching; ours is set when the tray starts,
so such a click starts the app without opening the call.
"""

from __future__ import annotations

import asyncio
import functools
import importlib
import logging
import sys
from typing import Any

from desktop_notifier.notify.base import (
    ActivationCallback,
    Notifier,
    NotifyError,
    Unavailable,
    report_activation,
)
from desktop_notifier.notify.macos_content import (
    THREAD,
    interruption_level,
    request_identifier,
    toast_from_response,
    user_info,
)
from desktop_notifier.notify.toast import Toast

log = logging.getLogger(__name__)
AUTHORIZATION_TIMEOUT = 60.0  # the user reads the permission prompt


def _framework(name: str) -> Any:
    return importlib.import_module(name)


@functools.cache
def _delegate_class() -> Any:
    """The Objective-C delegate class (defined once per process, as Objective-C requires)."""
    if sys.platform != "darwin":
        raise Unavailable("UNUserNotificationCenter exists only on macOS")
    objc, foundation, un = (
        _framework("objc"),
        _framework("Foundation"),
        _framework("UserNotifications"),
    )
    protocol = objc.protocolNamed("UNUserNotificationCenterDelegate")

    def will_present(self: Any, center: Any, notification: Any, handler: Any) -> None:
        handler(un.UNNotificationPresentationOptionBanner | un.UNNotificationPresentationOptionList)

    def did_receive(self: Any, center: Any, response: Any, handler: Any) -> None:
        try:
            content = response.notification().request().content()
            toast = toast_from_response(
                str(content.title()), str(content.body()), dict(content.userInfo() or {})
            )
            if toast is not None and self.on_click is not None:
                self.on_click(toast)
        finally:
            handler()

    base = foundation.NSObject
    # The class statement's equivalent, through pyobjc's metaclass (protocol metadata gives the
    # completion handlers their block signatures).
    return type(base)(
        "CallsNotifierCenterDelegate",
        (base,),
        {
            "__pyobjc_protocols__": [protocol],
            "userNotificationCenter_willPresentNotification_withCompletionHandler_": will_present,
            "userNotificationCenter_didReceiveNotificationResponse_withCompletionHandler_": (
                did_receive
            ),
        },
    )


def _settle(future: asyncio.Future[Any], value: Any) -> None:
    if not future.done():
        future.set_result(value)


class MacNotifier:
    """Build with `await create(on_activated)`; only inside the signed .app bundle."""

    name = "macos-usernotifications"

    def __init__(self, center: Any, delegate: Any) -> None:
        self._center = center
        self._delegate = delegate  # the center holds it weakly: keep it alive

    async def show(self, toast: Toast) -> None:
        if sys.platform != "darwin":
            raise Unavailable("UNUserNotificationCenter exists only on macOS")
        un = _framework("UserNotifications")
        content = un.UNMutableNotificationContent.alloc().init()
        content.setTitle_(toast.title)
        content.setBody_(toast.body)
        content.setUserInfo_(user_info(toast))
        content.setThreadIdentifier_(THREAD)
        content.setInterruptionLevel_(interruption_level(toast.urgency))
        request = un.UNNotificationRequest.requestWithIdentifier_content_trigger_(
            request_identifier(toast), content, None
        )
        loop = asyncio.get_running_loop()
        done: asyncio.Future[Any] = loop.create_future()

        def completed(error: Any) -> None:
            loop.call_soon_threadsafe(_settle, done, error)

        self._center.addNotificationRequest_withCompletionHandler_(request, completed)
        error = await asyncio.wait_for(done, 10)
        if error is not None:
            raise NotifyError(f"macOS refused the notification: {error}")

    async def close(self) -> None:
        self._delegate.on_click = None


async def create(on_activated: ActivationCallback) -> Notifier:
    if sys.platform != "darwin":
        raise Unavailable("UNUserNotificationCenter exists only on macOS")
    try:
        foundation, un = _framework("Foundation"), _framework("UserNotifications")
    except ImportError as exc:
        raise Unavailable(f"pyobjc's UserNotifications bridge is missing ({exc.name})") from exc
    if foundation.NSBundle.mainBundle().bundleIdentifier() is None:
        raise Unavailable("UNUserNotificationCenter needs the .app bundle")
    center = un.UNUserNotificationCenter.currentNotificationCenter()
    loop = asyncio.get_running_loop()
    delegate = _delegate_class().alloc().init()
    delegate.on_click = lambda toast: loop.call_soon_threadsafe(
        report_activation, on_activated, toast
    )
    center.setDelegate_(delegate)
    granted: asyncio.Future[bool] = loop.create_future()

    def answered(ok: bool, error: Any) -> None:
        loop.call_soon_threadsafe(_settle, granted, bool(ok))

    options = un.UNAuthorizationOptionAlert | un.UNAuthorizationOptionSound
    center.requestAuthorizationWithOptions_completionHandler_(options, answered)
    try:
        allowed = await asyncio.wait_for(granted, AUTHORIZATION_TIMEOUT)
    except TimeoutError as exc:
        raise Unavailable("no answer to the notification permission request") from exc
    if not allowed:
        raise Unavailable("notifications are not allowed for Calls Notifier in System Settings")
    return MacNotifier(center, delegate)
