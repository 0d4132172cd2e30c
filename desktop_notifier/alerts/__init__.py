"""The alert policy: which call events deserve the user's attention, and what to say.

Pure: no Qt, no I/O, no clock reads (`now` is passed in). Backends decide how to show an alert,
never whether.
"""

from desktop_notifier.alerts.model import Alert, AlertKind, AlertPrefs, Urgency
from desktop_notifier.alerts.policy import decide
from desktop_notifier.alerts.summary import Summary, summarize
from desktop_notifier.alerts.throttle import ToastThrottle

__all__ = [
    "Alert",
    "AlertKind",
    "AlertPrefs",
    "Summary",
    "ToastThrottle",
    "Urgency",
    "decide",
    "summarize",
]
