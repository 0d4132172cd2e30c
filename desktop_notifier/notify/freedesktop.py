"""Linux toasts over `org.freedesktop.Notifications`, spoken with jeepney on the running loop.

Owns one D-Bus router connection (see `freedesktop_link`). It sends `Notify` and receives
`ActionInvoked` and `NotificationClosed` on that same connection, because servers such as dunst
unicast both to the connection that called `Notify`. It remembers the ids it sent, so a newer
toast for the same call replaces the older one (`replaces_id`) and clicks on other applications'
toasts are ignored. Signals count only when they come from the current owner of the server name.
When the server leaves or the bus goes away, `show` raises `Unavailable` so the caller can fall
back.

The summary goes out as plain text (the spec says servers never interpret it; dunst escapes it
itself); the body is escaped when the server announces `body-markup`.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import replace
from types import MappingProxyType
from typing import Any

from jeepney import HeaderFields, Message, MessageType, new_method_call

from desktop_notifier import APP_ID, APP_NAME
from desktop_notifier.notify.base import (
    ActivationCallback,
    NotifyError,
    Unavailable,
    report_activation,
)
from desktop_notifier.notify.freedesktop_link import (
    BUS_NAME,
    LINK_ERRORS,
    NOTIFICATIONS,
    Link,
    ServerInfo,
    connect,
    match_rules,
    shut,
)
from desktop_notifier.notify.freedesktop_quiet import QuietProbe
from desktop_notifier.notify.gate import ToastGate
from desktop_notifier.notify.icon import app_icon_path
from desktop_notifier.notify.sounds import sound_path, theme_name
from desktop_notifier.notify.toast import Toast, escape_markup, open_label

log = logging.getLogger(__name__)

ACTIVATE = "default"
CATEGORY = "im.received"
CALL_TIMEOUT = 5.0
MAX_TRACKED = 256  # servers that never send NotificationClosed must not grow our memory
ON_SCREEN_HOLD = 600.0  # the server says when a toast closes; this only bounds a silent one


class FreedesktopNotifier:
    """Build with `await FreedesktopNotifier.create(on_activated)`."""

    name = "freedesktop"

    def __init__(
        self,
        link: Link,
        on_activated: ActivationCallback,
        *,
        action_label: str,
        icon: str,
        timeout: float,
    ) -> None:
        self._link = link
        self._on_activated = on_activated
        self._owner: str | None = link.owner
        self._action_label = action_label
        self._icon = icon
        self._timeout = timeout
        self._open: OrderedDict[int, Toast] = OrderedDict()
        self._ids_by_key: dict[str, int] = {}
        self._gone: str | None = None
        self._closed = False
        self.gate = ToastGate(self._send, hold=ON_SCREEN_HOLD)
        self._signals: asyncio.Queue[Message] = asyncio.Queue()
        self._filters = [link.router.filter(rule, queue=self._signals) for rule in match_rules()]
        self._listener = asyncio.get_running_loop().create_task(self._listen())
        self._quiet = QuietProbe(link.side, link.server.name, timeout)

    @classmethod
    async def create(
        cls,
        on_activated: ActivationCallback,
        *,
        language: str = "pt_BR",
        action_label: str | None = None,
        bus: str = "SESSION",
        timeout: float = CALL_TIMEOUT,
    ) -> FreedesktopNotifier:
        """Connect to `bus` ("SESSION" or an address) and check that a server is running.

        Raises `Unavailable` when there is no bus or no server; it never D-Bus-activates one,
        since an activatable server that cannot start would hang every toast."""
        link = await connect(bus, timeout)
        label = action_label or open_label(language)
        return cls(link, on_activated, action_label=label, icon=_icon(), timeout=timeout)

    @property
    def server(self) -> ServerInfo:
        return self._link.server

    @property
    def open_toasts(self) -> Mapping[int, Toast]:
        """The toasts we sent that the server has not closed yet, by notification id."""
        return MappingProxyType(self._open)

    async def show(self, toast: Toast) -> None:
        if self._closed:
            raise Unavailable("the freedesktop notifier was closed")
        if self._gone is not None:
            raise Unavailable(self._gone)
        await self.gate.show(toast)

    async def _send(self, toast: Toast) -> None:
        replaces = self._ids_by_key.get(toast.replace_key, 0) if toast.replace_key else 0
        # jeepney fails its whole router if a reply arrives for a call that was cancelled a
        # moment before (InvalidStateError in its receiver), so a timeout must never cancel
        # the call itself: wait for a shielded one and let a late reply land harmlessly.
        call = asyncio.ensure_future(
            self._link.router.send_and_get_reply(self._notify(toast, replaces))
        )
        call.add_done_callback(_consume)
        try:
            reply = await asyncio.wait_for(asyncio.shield(call), self._timeout)
        except TimeoutError as exc:
            log.warning("the notification server did not answer Notify within %s s", self._timeout)
            raise NotifyError("the notification server did not answer in time") from exc
        except KeyError as exc:  # jeepney: the router closed under this very call (drop_all)
            raise NotifyError("the D-Bus link closed while the toast was sent") from exc
        except LINK_ERRORS as exc:
            self._gone = f"the session bus connection was lost ({exc!r})"
            log.warning("%s; native toasts are unavailable", self._gone)
            raise Unavailable(self._gone) from exc
        if reply.header.message_type is MessageType.error:
            error = reply.header.fields.get(HeaderFields.error_name, "unknown error")
            detail = reply.body[0] if reply.body and isinstance(reply.body[0], str) else ""
            log.warning("the notification server refused a toast: %s %s", error, detail)
            raise NotifyError(f"the notification server refused the toast ({error}: {detail})")
        self._remember(int(reply.body[0]), toast, replaces)

    async def withdraw(self, key: str) -> bool:
        """`CloseNotification` for the toast sent with `replace_key == key` (the spec: the
        server closes it and emits NotificationClosed with reason 3)."""
        nid = self._ids_by_key.get(key)
        if nid is None or self._closed or self._gone is not None:
            return False
        message = new_method_call(NOTIFICATIONS, "CloseNotification", "u", (nid,))
        call = asyncio.ensure_future(self._link.router.send_and_get_reply(message))
        call.add_done_callback(_consume)  # shielded for the reason given in _send
        try:
            await asyncio.wait_for(asyncio.shield(call), self._timeout)
        except (TimeoutError, KeyError, *LINK_ERRORS) as exc:
            raise NotifyError(f"CloseNotification failed ({exc!r})") from exc
        self._forget(nid, closed=True)
        return True

    async def do_not_disturb(self) -> bool:
        """Whether the server is in do-not-disturb (see `freedesktop_quiet`)."""
        if self._closed or self._gone is not None:
            return False
        return await self._quiet.quiet()

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._listener.cancel()
        with suppress(asyncio.CancelledError):
            await self._listener
        self.gate.close()
        for handle in self._filters:
            handle.close()
        self._open.clear()
        self._ids_by_key.clear()
        await shut(self._link.opener)
        await self._link.side.close()

    def _notify(self, toast: Toast, replaces: int) -> Message:
        markup = "body-markup" in self._link.server.capabilities
        hints: dict[str, tuple[str, Any]] = {
            "urgency": ("y", int(toast.urgency)),
            "category": ("s", CATEGORY),
            "desktop-entry": ("s", APP_ID),
        }
        if toast.sound is not None:  # the toast's own sound (the spec's sound hints)
            path = sound_path(toast.sound)
            if path is not None:
                hints["sound-file"] = ("s", str(path))
            hints["sound-name"] = ("s", theme_name(toast.sound))
        actions = [ACTIVATE, self._action_label]
        for action, label in toast.actions:
            actions += [action, label]
        return new_method_call(
            NOTIFICATIONS,
            "Notify",
            "susssasa{sv}i",
            (
                APP_NAME,
                replaces,
                self._icon,
                toast.title,
                escape_markup(toast.body) if markup else toast.body,
                actions,
                hints,
                -1,
            ),
        )

    # bookkeeping -------------------------------------------------------------------------------

    def _remember(self, nid: int, toast: Toast, replaced: int) -> None:
        if replaced and replaced != nid:
            self._forget(replaced)
        self._open[nid] = toast
        self._open.move_to_end(nid)
        if toast.replace_key is not None:
            self._ids_by_key[toast.replace_key] = nid
        while len(self._open) > MAX_TRACKED:
            self._forget(next(iter(self._open)))

    def _forget(self, nid: int, *, closed: bool = False) -> None:
        toast = self._open.pop(nid, None)
        if closed and toast is not None:
            self.gate.closed(toast)
        key = toast.replace_key if toast is not None else None
        if key is not None and self._ids_by_key.get(key) == nid:
            del self._ids_by_key[key]

    # signals ------------------------------------------------------------------------------------

    async def _listen(self) -> None:
        while True:
            message = await self._signals.get()
            try:
                self._dispatch(message)
            except Exception:
                log.exception("could not handle a notification signal")

    def _dispatch(self, message: Message) -> None:
        fields = message.header.fields
        member = fields.get(HeaderFields.member)
        sender = fields.get(HeaderFields.sender)
        signature = fields.get(HeaderFields.signature)
        if member == "NameOwnerChanged" and sender == BUS_NAME and signature == "sss":
            self._server_changed(message.body[2])
        elif sender != self._owner:
            log.debug("ignoring %s from %s: not the notification server", member, sender)
        elif member == "ActionInvoked" and signature == "us":
            nid, action = message.body
            toast = self._open.get(nid)
            if toast is not None and action == ACTIVATE:
                report_activation(self._on_activated, toast)
            elif toast is not None and action in {a for a, _ in toast.actions}:
                report_activation(self._on_activated, replace(toast, invoked=action))
        elif member == "NotificationClosed" and signature == "uu":
            self._forget(message.body[0], closed=True)

    def _server_changed(self, new_owner: str) -> None:
        self._open.clear()  # ids belong to the server that issued them
        self._ids_by_key.clear()
        self.gate.forget_all()
        if new_owner:
            log.info("the notification server was replaced (now %s)", new_owner)
            self._owner, self._gone = new_owner, None
        else:
            self._owner = None
            self._gone = "the notification server left the session bus"
            log.warning("%s; native toasts are unavailable", self._gone)


def _icon() -> str:
    path = app_icon_path()
    if path.is_file():
        return str(path)
    log.warning("the app icon %s is missing: toasts will show without it", path)
    return ""


def _consume(call: asyncio.Future[Message]) -> None:
    """Retrieve a Notify call's outcome so an abandoned one never logs "never retrieved"."""
    if not call.cancelled():
        call.exception()
