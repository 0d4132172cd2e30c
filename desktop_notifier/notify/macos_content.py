"""What a macOS notification request carries for a `Toast`, and back. Pure.

UNUserNotificationCenter replaces a delivered notification that has the same request identifier,
so a newer toast for the same call replaces the older one. The call id and kind travel in the
notification's `userInfo`, so a click reported after a restart (the app is launched by the
click, before any toast of this run exists) still opens the call.
"""

from __future__ import annotations

import itertools
from typing import Any

from desktop_notifier.alerts import Urgency
from desktop_notifier.notify.toast import CONNECTION_KIND, Toast
from desktop_notifier.system.deeplink import call_link, parse_call_link

THREAD = "calls"
CLAIMABLE = "claimable"  # the category of a claimable missed call: "Vou retornar", "Adiar"
TOAST_ACTIONS = ("claim", "snooze")  # alerts.team's action ids, used as UN action identifiers
_unique = itertools.count(1)


def request_identifier(toast: Toast) -> str:
    return f"call:{toast.replace_key}" if toast.replace_key else f"toast:{next(_unique)}"


def user_info(toast: Toast) -> dict[str, Any]:
    info: dict[str, Any] = {"kind": toast.kind}
    if toast.target is not None:
        info["call_id"] = toast.target
    return info


def toast_from_response(
    title: str, body: str, info: dict[str, Any], action: str | None = None
) -> Toast | None:
    """The toast a clicked notification stands for, or None when it carries nothing of ours;
    `action`: the response's action identifier (a button of ours sets `invoked`)."""
    kind = info.get("kind")
    if not isinstance(kind, str) or kind == CONNECTION_KIND:
        return None
    call_id = info.get("call_id")
    if call_id is not None and (
        not isinstance(call_id, str) or parse_call_link(call_link(call_id)) != call_id
    ):
        return None
    invoked = action if action in TOAST_ACTIONS and call_id is not None else None
    return Toast(
        title, body, Urgency.NORMAL, replace_key=None, target=call_id, kind=kind, invoked=invoked
    )


def interruption_level(urgency: Urgency) -> int:
    """`UNNotificationInterruptionLevel`: passive (0) for low urgency, otherwise active (1).
    Time-sensitive (2) would need an entitlement the app does not request."""
    return 0 if urgency is Urgency.LOW else 1
