"""A fake of the pyobjc parts the macOS backend uses (`objc`, `Foundation.NSBundle`/`NSObject`,
`UserNotifications.UNUserNotificationCenter` and the content/request classes, `Intents`'
INFocusStatusCenter for Focus), installed into
`sys.modules` for one test: the real ones exist only on macOS. The center answers the permission
request only when the test says so (`answer`), from another thread as macOS does, and delivers a
click to its delegate like macOS (`click`)."""

from __future__ import annotations

import sys
import threading
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from desktop_notifier.notify import macos
from desktop_notifier.notify.macos_content import user_info
from desktop_notifier.notify.toast import Toast


class NSObject:
    @classmethod
    def alloc(cls) -> Any:
        return cls()

    def init(self) -> Any:
        return self


class Content(NSObject):
    def __init__(self) -> None:
        self.fields: dict[str, Any] = {}

    def __getattr__(self, name: str) -> Callable[[Any], None]:
        if name.startswith("set") and name.endswith("_"):
            return lambda value: self.fields.__setitem__(name[3:-1], value)
        raise AttributeError(name)


@dataclass
class FocusCenter:
    """Intents' INFocusStatusCenter: the Focus status, once the user allowed the app to see it."""

    status: int = 0  # INFocusStatusAuthorizationStatus: 0 not determined, 2 denied, 3 authorized
    focused: bool | None = False
    asked: int = 0

    def authorizationStatus(self) -> int:
        return self.status

    def requestAuthorizationWithCompletionHandler_(self, handler: Callable[[int], None]) -> None:
        self.asked += 1

    def focusStatus(self) -> Any:
        return types.SimpleNamespace(isFocused=lambda: self.focused)


@dataclass
class Center:
    delegate: Any = None
    focus: FocusCenter = field(default_factory=FocusCenter)
    delegates_set: list[Any] = field(default_factory=list)
    authorization: Callable[[bool, Any], None] | None = None
    decided: bool | None = None  # an answer macOS already knows: given at once
    requests: list[tuple[str, Content]] = field(default_factory=list)
    categories: set[Any] = field(default_factory=set)
    removed: list[str] = field(default_factory=list)  # delivered notifications taken back

    def setNotificationCategories_(self, categories: set[Any]) -> None:
        self.categories = set(categories)

    def removeDeliveredNotificationsWithIdentifiers_(self, ids: list[str]) -> None:
        self.removed.extend(ids)

    def removePendingNotificationRequestsWithIdentifiers_(self, ids: list[str]) -> None:
        pass

    def setDelegate_(self, delegate: Any) -> None:
        self.delegate = delegate
        self.delegates_set.append(delegate)

    def requestAuthorizationWithOptions_completionHandler_(
        self, options: int, handler: Callable[[bool, Any], None]
    ) -> None:
        self.authorization = handler
        if self.decided is not None:
            self.answer(self.decided)

    def addNotificationRequest_withCompletionHandler_(
        self, request: tuple[str, Content], handler: Callable[[Any], None]
    ) -> None:
        self.requests.append(request)
        handler(None)

    def answer(self, granted: bool) -> None:
        """The user's answer to the prompt, from a thread of the framework's."""
        assert self.authorization is not None, "no permission was requested"
        handler = self.authorization
        thread = threading.Thread(target=handler, args=(granted, None))
        thread.start()
        thread.join()

    def click(self, toast: Toast, action: str | None = None) -> list[str]:
        """The user clicks a delivered notification for `toast` (or its button `action`);
        returns the completion calls."""
        info = user_info(toast)
        content = types.SimpleNamespace(
            title=lambda: toast.title, body=lambda: toast.body, userInfo=lambda: info
        )
        request = types.SimpleNamespace(content=lambda: content)
        response = types.SimpleNamespace(
            notification=lambda: types.SimpleNamespace(request=lambda: request),
            actionIdentifier=lambda: action or "com.apple.UNNotificationDefaultActionIdentifier",
        )
        done: list[str] = []
        self.delegate.userNotificationCenter_didReceiveNotificationResponse_withCompletionHandler_(
            self, response, lambda: done.append("done")
        )
        return done


def install(monkeypatch: pytest.MonkeyPatch) -> Center:
    """Make this process look like the signed .app on macOS, with fake pyobjc modules."""
    center = Center()
    objc = types.SimpleNamespace(protocolNamed=lambda name: ("protocol", name))
    bundle = types.SimpleNamespace(bundleIdentifier=lambda: "com.callsnotifier.CallsNotifier")
    foundation = types.SimpleNamespace(
        NSObject=NSObject, NSBundle=types.SimpleNamespace(mainBundle=lambda: bundle)
    )
    un = types.SimpleNamespace(
        UNUserNotificationCenter=types.SimpleNamespace(currentNotificationCenter=lambda: center),
        UNMutableNotificationContent=Content,
        UNNotificationRequest=types.SimpleNamespace(
            requestWithIdentifier_content_trigger_=lambda ident, content, trigger: (ident, content)
        ),
        UNNotificationAction=types.SimpleNamespace(
            actionWithIdentifier_title_options_=lambda ident, title, options: (ident, title)
        ),
        UNNotificationCategory=types.SimpleNamespace(
            categoryWithIdentifier_actions_intentIdentifiers_options_=(
                lambda ident, actions, intents, options: (ident, tuple(actions))
            )
        ),
        UNNotificationSound=types.SimpleNamespace(soundNamed_=lambda name: ("sound", name)),
        UNAuthorizationOptionAlert=1 << 2,
        UNAuthorizationOptionSound=1 << 1,
        UNNotificationPresentationOptionBanner=1 << 4,
        UNNotificationPresentationOptionList=1 << 3,
    )
    intents = types.SimpleNamespace(
        INFocusStatusCenter=types.SimpleNamespace(defaultCenter=lambda: center.focus)
    )
    modules = {"objc": objc, "Foundation": foundation, "UserNotifications": un, "Intents": intents}
    for name, module in modules.items():
        monkeypatch.setitem(sys.modules, name, module)
    monkeypatch.setattr(sys, "platform", "darwin")
    macos._delegate_class.cache_clear()
    monkeypatch.setattr(macos, "_early", None)
    monkeypatch.setattr(macos, "ANSWER_WAIT", 0.2)
    return center
