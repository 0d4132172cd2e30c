"""The WinRT toast of a `Toast`, as the XML `ToastNotification` takes, and its tag. Pure.

Clicking a toast about a call activates the protocol `calls-notifier://call/<id>`: Windows starts
(or reaches, through the single-instance hand-over) the app with that link, so a toast clicked in
the Action Center opens its call even after the app or the machine restarted. A summary opens the
history the same way; a connection notice only informs. The text is XML-escaped here; a toast
for the same call carries the same tag, so it replaces the older one.
"""

from __future__ import annotations

import itertools
from xml.sax.saxutils import escape, quoteattr

from desktop_notifier.alerts import AlertKind, Urgency
from desktop_notifier.notify.toast import CONNECTION_KIND, Toast, open_label
from desktop_notifier.system.deeplink import HISTORY_LINK, action_link, call_link, comments_link

GROUP = "calls"
TAG_LIMIT = 64  # Windows refuses longer tags
_unique = itertools.count(1)


def toast_link(toast: Toast) -> str | None:
    """The deep link a click on `toast` activates, or None when the toast only informs."""
    if toast.kind == CONNECTION_KIND:
        return None
    if toast.target is None:
        return HISTORY_LINK
    if toast.kind == AlertKind.CALL_COMMENT.value:  # opens on the Comments tab
        return comments_link(toast.target)
    return call_link(toast.target)


def toast_tag(toast: Toast) -> str:
    """Same call → same tag (Windows replaces the toast); otherwise a fresh one."""
    key = toast.replace_key or f"toast-{next(_unique)}"
    return key[:TAG_LIMIT]


def toast_xml(toast: Toast, *, language: str, icon_uri: str | None = None) -> str:
    link = toast_link(toast)
    attributes = ""
    actions = ""
    if link is not None:
        attributes = f' activationType="protocol" launch={quoteattr(link)}'
        label = quoteattr(open_label(language))
        buttons = "".join(  # claim, snooze: each a link the app handles like a click
            f'<action content={quoteattr(text)} activationType="protocol" '
            f"arguments={quoteattr(action_link(toast.target, action))}/>"
            for action, text in toast.actions
            if toast.target is not None
        )
        actions = (
            f'<actions>{buttons}<action content={label} activationType="protocol" '
            f"arguments={quoteattr(link)}/></actions>"
        )
    if toast.urgency is Urgency.CRITICAL:
        attributes += ' duration="long"'
    if toast.actions and link is not None:  # a claimable missed call stays until acted on
        attributes += ' scenario="reminder"'
    image = ""
    if icon_uri is not None:
        image = f'<image placement="appLogoOverride" src={quoteattr(icon_uri)}/>'
    return (
        f'<toast{attributes}><visual><binding template="ToastGeneric">'
        f'<text hint-maxLines="1">{escape(toast.title)}</text>'
        f"<text>{escape(toast.body)}</text>{image}"
        f"</binding></visual>{actions}{toast_audio(toast)}</toast>"
    )


# Unpackaged apps may not play their own files in a toast: the closest system sounds.
WINDOWS_SOUNDS = {
    "missed_call": "ms-winsoundevent:Notification.Looping.Call",
    "low_score": "ms-winsoundevent:Notification.Reminder",
}


def toast_audio(toast: Toast) -> str:
    """The toast's `<audio>`: its kind's sound; an alert without one is silent (privacy,
    do-not-disturb, sound off); notices and summaries keep Windows' default."""
    if toast.sound is None:
        return '<audio silent="true"/>' if toast.target is not None else ""
    src = WINDOWS_SOUNDS.get(toast.sound, "ms-winsoundevent:Notification.IM")
    loop = ' loop="false"' if "Looping" in src else ""
    return f"<audio src={quoteattr(src)}{loop}/>"
