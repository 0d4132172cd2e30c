"""Alert value types and the user's alert preferences."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum, StrEnum

from desktop_notifier.common.languages import DEFAULT_LANGUAGE, LANGUAGES


class AlertKind(StrEnum):
    NEW_CALL = "new_call"
    MISSED_CALL = "missed_call"
    HIGH_SCORE = "high_score"
    LOW_SCORE = "low_score"
    ANALYSIS_DONE = "analysis_done"
    CALL_COMMENT = "call_comment"  # someone else commented on a call I own


class Urgency(IntEnum):
    """The freedesktop urgency levels; other backends map them."""

    LOW = 0
    NORMAL = 1
    CRITICAL = 2


ALL_KINDS = frozenset(AlertKind)
# Comment alerts are opt-in (issue 17): off until the user ticks them in the alert settings.
DEFAULT_KINDS = ALL_KINDS - {AlertKind.CALL_COMMENT}


@dataclass(frozen=True)
class AlertPrefs:
    enabled: frozenset[AlertKind] = field(default=DEFAULT_KINDS)
    high_score: int = 90
    low_score: int = 30
    language: str = DEFAULT_LANGUAGE

    def __post_init__(self) -> None:
        if self.low_score >= self.high_score:
            raise ValueError("the low-score threshold must be below the high-score threshold")
        if self.language not in LANGUAGES:
            raise ValueError(f"unsupported language {self.language!r}")


@dataclass(frozen=True)
class Alert:
    """One thing worth telling the user. `dedupe_key` is unique per real-world occurrence, so
    the same occurrence seen live and again in a catch-up is raised once."""

    kind: AlertKind
    call_id: str
    title: str
    body: str
    urgency: Urgency
    dedupe_key: str
    at: datetime
    company: str | None = None
    score: int | None = None
    merged: tuple[AlertKind, ...] = ()  # the other alerts this one stands for in a toast
    claimed_by: str | None = None  # who said they will call back (shown in the inbox)

    def as_json(self) -> dict[str, str | int | None]:
        return {
            "kind": self.kind.value,
            "call_id": self.call_id,
            "title": self.title,
            "body": self.body,
            "at": self.at.isoformat(timespec="milliseconds"),
            "urgency": int(self.urgency),
            "dedupe_key": self.dedupe_key,
        }
