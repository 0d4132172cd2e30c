"""OS toast backends: show a `Toast`, report clicks; `create_notifier` picks the first that
works here (the fallback chain, `base`), and `toast` holds the text rules every backend shares.

Policy (whether, what, how often) lives in `alerts`. One transport concern stays in a backend:
the freedesktop backend sends toasts that replace one another (same `replace_key`) one at a
time, only the newest waiting, and a burst summary at most every `SUMMARY_INTERVAL`; the other
backends show each toast as it comes. Importing this package loads neither Qt nor D-Bus;
backends live in their own modules (`freedesktop`, `tray_balloon`, `windows`, `macos`) and
`defaults.default_factories` orders them for the running OS.
"""

from desktop_notifier.notify.base import (
    ActivationCallback,
    Notifier,
    NotifierFactory,
    NotifyError,
    Unavailable,
    create_notifier,
)
from desktop_notifier.notify.toast import (
    Toast,
    escape_markup,
    open_label,
    shorten,
    toast_for_alert,
    toast_for_summary,
)

__all__ = [
    "ActivationCallback",
    "Notifier",
    "NotifierFactory",
    "NotifyError",
    "Toast",
    "Unavailable",
    "create_notifier",
    "escape_markup",
    "open_label",
    "shorten",
    "toast_for_alert",
    "toast_for_summary",
]
