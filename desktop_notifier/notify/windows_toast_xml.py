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

from desktop_notifier.alerts import Urgency
from desktop_notifier.notify.toast import CONNECTION_KIND, Toast, open_label
from desktop_notifier.system.deeplink import HISTORY_LINK, call_link

GROUP = "calls"
TAG_LIMIT = 64  # Windows refuses longer tags
_unique = itertools.count(1)


def toast_link(toast: Toast) -> str | None:
    """The deep link a click on `toast` activates, or None when the toast only informs."""
    if toast.kind == CONNECTION_KIND:
        return None
    return HISTORY_LINK if toast.target is None else call_link(toast.target)


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
        actions = (
            f'<actions><action content={label} activationType="protocol" '
            f"arguments={quoteattr(link)}/></actions>"
        )
    if toast.urgency is Urgency.CRITICAL:
        attributes += ' duration="long"'
    image = ""
    if icon_uri is not None:
        image = f'<image placement="appLogoOverride" src={quoteattr(icon_uri)}/>'
    return (
        f'<toast{attributes}><visual><binding template="ToastGeneric">'
        f'<text hint-maxLines="1">{escape(toast.title)}</text>'
        f"<text>{escape(toast.body)}</text>{image}"
        f"</binding></visual>{actions}</toast>"
    )
