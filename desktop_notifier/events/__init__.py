"""Pure domain: what a call is and what a row change means.

No Qt, no I/O, no clock reads. Everything above this layer speaks these types.
"""

from desktop_notifier.events.call import Call, InvalidPayload, JSONValue
from desktop_notifier.events.change import ChangeType, RowChange, parse_change, snapshot_change
from desktop_notifier.events.classify import (
    CallEvent,
    CallRules,
    Classification,
    EventKind,
    classify,
)

__all__ = [
    "Call",
    "CallEvent",
    "CallRules",
    "ChangeType",
    "Classification",
    "EventKind",
    "InvalidPayload",
    "JSONValue",
    "RowChange",
    "classify",
    "parse_change",
    "snapshot_change",
]
