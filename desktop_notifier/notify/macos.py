"""macOS notifications through UNUserNotificationCenter (pyobjc), for the signed `.app` bundle.

A notification request carries the call id in its `userInfo` (see `macos_content`); the center's
delegate turns a click into the app's click callback on the asyncio loop, which opens the call.
UNUserNotificationCenter works only inside a bundle with an identifier (and, for delivery, a
signed one), so a run from a virtualenv is `Unavailable` and falls back to the tray balloon.

When a click launches the app (it was not running), macOS hands that click to the delegate only
if it is set before the app finished launching: the launcher calls `install_early_delegate()`
before it creates the QApplication, and the delegate keeps such clicks until the backend starts.

The permission prompt never holds the app up: `create` waits `ANSWER_WAIT` for an answer (an
earlier decision comes back at once); without one it returns a `PendingPermissionNotifier` that
shows tray balloons (the `fallback`) until the user answers, and native notifications from then
on if the user allowed them. A refusal means tray balloons for the run.
"""

from __future__ import annotations

import asyncio
import functools
import importlib
import logging
import sys
from typing import Any

from desktop_notifier.alerts.text import action_label
from desktop_notifier.notify.base import (
    ActivationCallback,
    Notifier,
    NotifierFactory,
    NotifyError,
    Unavailable,
    report_activation,
)
from desktop_notifier.notify.gate import ToastGate
from desktop_notifier.notify.macos_content import (
    CLAIMABLE,
    THREAD,
    TOAST_ACTIONS,
    interruption_level,
    request_identifier,
    toast_from_response,
    user_info,
)
from desktop_notifier.notify.macos_focus import focus_on
from desktop_notifier.notify.toast import Toast

log = logging.getLogger(__name__)
ANSWER_WAIT = 1.0  # seconds: enough for a decision macOS already knows, not for a human
_early: Any = None  # the delegate `install_early_delegate` set, kept alive (the center's is weak)


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
            action = getattr(response, "actionIdentifier", None)
            toast = toast_from_response(
                str(content.title()),
                str(content.body()),
                dict(content.userInfo() or {}),
                None if action is None else str(action()),
            )
            if toast is None:
                return
            on_click = getattr(self, "on_click", None)
            if on_click is not None:
                on_click(toast)
            else:  # the click that launched us, before the backend started: kept for it
                self.pending.append(toast)
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
        self.gate = ToastGate(self._deliver)  # pacing and "the urgent toast stays"

    async def show(self, toast: Toast) -> None:
        if sys.platform != "darwin":
            raise Unavailable("UNUserNotificationCenter exists only on macOS")
        await self.gate.show(toast)

    async def _deliver(self, toast: Toast) -> None:
        un = _framework("UserNotifications")
        content = un.UNMutableNotificationContent.alloc().init()
        content.setTitle_(toast.title)
        content.setBody_(toast.body)
        content.setUserInfo_(user_info(toast))
        content.setThreadIdentifier_(THREAD)
        content.setInterruptionLevel_(interruption_level(toast.urgency))
        if toast.actions:  # "Vou retornar", "Adiar 10 min" (the category set in `create`)
            content.setCategoryIdentifier_(CLAIMABLE)
        if toast.sound is not None:  # the bundle ships the WAVs in Contents/Resources
            content.setSound_(un.UNNotificationSound.soundNamed_(f"{toast.sound}.wav"))
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

    async def do_not_disturb(self) -> bool:
        return focus_on()

    async def withdraw(self, key: str) -> bool:
        """Remove the delivered (and any pending) notification of call `key`."""
        ids = [f"call:{key}"]  # request_identifier of a toast with this replace_key
        self._center.removeDeliveredNotificationsWithIdentifiers_(ids)
        self._center.removePendingNotificationRequestsWithIdentifiers_(ids)
        self.gate.forget_all()
        return True

    async def close(self) -> None:
        self._delegate.on_click = None
        self.gate.close()


def _delegate() -> Any:
    """A new delegate instance, with no click handler yet (clicks wait in `pending`)."""
    delegate = _delegate_class().alloc().init()
    delegate.on_click = None
    delegate.pending = []
    return delegate


def install_early_delegate() -> None:
    """Set the center's delegate now, before the app finishes launching, so the click that
    launched the app reaches `create`'s callback. Does nothing outside the .app on macOS."""
    global _early
    if sys.platform != "darwin" or _early is not None:
        return
    try:
        foundation, un = _framework("Foundation"), _framework("UserNotifications")
        if foundation.NSBundle.mainBundle().bundleIdentifier() is None:
            return
        delegate = _delegate()
        un.UNUserNotificationCenter.currentNotificationCenter().setDelegate_(delegate)
    except (ImportError, Unavailable, AttributeError) as exc:
        log.info("no early notification delegate: %s", exc)
        return
    _early = delegate


class PendingPermissionNotifier:
    """Tray balloons (`fallback`) while the user has not answered the permission prompt; the
    native backend once they allowed notifications."""

    def __init__(self, fallback: Notifier, native: MacNotifier, granted: asyncio.Future[bool]):
        self._fallback = fallback
        self._native = native
        self._granted = granted
        self.name = fallback.name  # the backend in use, for the log and diagnostics
        granted.add_done_callback(self._answered)

    def _current(self) -> Notifier:
        if self._granted.done() and not self._granted.cancelled() and self._granted.result():
            return self._native
        return self._fallback

    def _answered(self, granted: asyncio.Future[bool]) -> None:
        if granted.cancelled():
            return
        if granted.result():
            self.name = self._native.name
            log.info("notifications allowed: switching from %s to %s", self._fallback.name,
                     self._native.name)  # fmt: skip
        else:
            log.info("notifications not allowed in System Settings: keeping %s",
                     self._fallback.name)  # fmt: skip

    async def show(self, toast: Toast) -> None:
        await self._current().show(toast)

    async def withdraw(self, key: str) -> bool:
        if self._current() is self._native:
            return await self._native.withdraw(key)
        return False  # a balloon cannot be taken back

    async def do_not_disturb(self) -> bool:
        return focus_on()

    async def close(self) -> None:
        await self._fallback.close()
        await self._native.close()


def _categories(un: Any, language: str) -> Any:
    """The claimable category: the toast's buttons, in the user's language."""
    actions = [
        un.UNNotificationAction.actionWithIdentifier_title_options_(
            action, action_label(action, language), 0
        )
        for action in TOAST_ACTIONS
    ]
    category = un.UNNotificationCategory.categoryWithIdentifier_actions_intentIdentifiers_options_(
        CLAIMABLE, actions, [], 0
    )
    return {category}


async def create(
    on_activated: ActivationCallback,
    *,
    fallback: NotifierFactory | None = None,
    language: str = "pt_BR",
) -> Notifier:
    """The native backend, or — while the permission prompt is unanswered and a `fallback`
    factory is given — a `PendingPermissionNotifier` that switches to it when allowed."""
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
    delegate = _early if _early is not None else _delegate()
    delegate.on_click = lambda toast: loop.call_soon_threadsafe(
        report_activation, on_activated, toast
    )
    center.setDelegate_(delegate)  # the same one when set early: it must stay ours
    center.setNotificationCategories_(_categories(un, language))
    for toast in delegate.pending:  # the click that launched the app
        loop.call_soon(report_activation, on_activated, toast)
    delegate.pending = []
    granted: asyncio.Future[bool] = loop.create_future()

    def answered(ok: bool, error: Any) -> None:
        loop.call_soon_threadsafe(_settle, granted, bool(ok))

    options = un.UNAuthorizationOptionAlert | un.UNAuthorizationOptionSound
    center.requestAuthorizationWithOptions_completionHandler_(options, answered)
    native = MacNotifier(center, delegate)
    try:
        allowed = await asyncio.wait_for(asyncio.shield(granted), ANSWER_WAIT)
    except TimeoutError:
        if fallback is None:
            granted.cancel()
            raise Unavailable("no answer to the notification permission request") from None
        log.info("waiting for the notification permission answer; tray balloons meanwhile")
        return PendingPermissionNotifier(await fallback(on_activated), native, granted)
    if not allowed:
        raise Unavailable("notifications are not allowed for Calls Notifier in System Settings")
    return native
