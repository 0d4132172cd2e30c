"""`classify(change, previous)`: turn one row change into domain events.

Diffs are computed against OUR last-seen row, never against `old_record` alone: with the default
replica identity (or with RLS on) `old_record` holds only the primary key, and an UPDATE's
`record` omits unchanged TOASTed columns (a long transcription). Missing columns are filled from
what we remember.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from desktop_notifier.events.call import Call, InvalidPayload, JSONValue
from desktop_notifier.events.change import ChangeType, RowChange
from desktop_notifier.events.claim import claim_of
from desktop_notifier.events.json_depth import PrunedRow


class EventKind(StrEnum):
    CREATED = "created"
    STATUS_CHANGED = "status_changed"
    MISSED = "missed"
    TRANSCRIPTION_UPDATED = "transcription_updated"
    SCORE_UPDATED = "score_updated"
    ANALYSIS_COMPLETED = "analysis_completed"
    DELETED = "deleted"
    CLAIMED = "claimed"  # a teammate said they will call back (004_claims.sql)


# Statuses after which a call is over, besides the team's "missed" ones (`missed_statuses`).
ENDED_STATUSES = frozenset({"completed", "failed", "cancelled"})


@dataclass(frozen=True)
class CallRules:
    """The team's vocabulary: which statuses mean "missed", which ai_status means "done"."""

    missed_statuses: frozenset[str] = frozenset({"missed"})
    completed_ai_status: str = "completed"

    @property
    def terminal_statuses(self) -> frozenset[str]:
        """The statuses of a call that is over: ended, or missed in the team's words."""
        return ENDED_STATUSES | self.missed_statuses

    def is_missed(self, status: str | None) -> bool:
        return status is not None and status.strip().lower() in self.missed_statuses

    def is_completed(self, ai_status: str | None) -> bool:
        return ai_status is not None and ai_status.strip().lower() == self.completed_ai_status


@dataclass(frozen=True)
class CallEvent:
    kind: EventKind
    call: Call
    previous: Call | None = None


@dataclass(frozen=True)
class Classification:
    """The state to remember (None once deleted) and what happened."""

    call: Call | None
    events: tuple[CallEvent, ...] = field(default=())
    stale: bool = False


def _merged_row(
    record: Mapping[str, JSONValue], base: Call | None, old_record: Mapping[str, JSONValue]
) -> dict[str, JSONValue]:
    row: dict[str, JSONValue] = {}
    if base is not None:
        row.update(base.to_row())
    elif len(old_record) > 1:  # REPLICA IDENTITY FULL without RLS: a real old row
        row.update(old_record)
    row.update(record)
    return row


def _previous_from_old_record(old_record: Mapping[str, JSONValue]) -> Call | None:
    if len(old_record) <= 1:
        return None
    try:
        return Call.from_row(old_record)
    except InvalidPayload:
        return None


def _diff(previous: Call | None, current: Call, rules: CallRules) -> list[EventKind]:
    before = previous if previous is not None else Call(id=current.id)
    kinds: list[EventKind] = []
    if current.status != before.status:
        kinds.append(EventKind.STATUS_CHANGED)
        if rules.is_missed(current.status) and not rules.is_missed(before.status):
            kinds.append(EventKind.MISSED)
    if current.transcription != before.transcription:
        kinds.append(EventKind.TRANSCRIPTION_UPDATED)
    if current.score != before.score or current.scorecard != before.scorecard:
        kinds.append(EventKind.SCORE_UPDATED)
    if rules.is_completed(current.ai_status) and not rules.is_completed(before.ai_status):
        kinds.append(EventKind.ANALYSIS_COMPLETED)
    if claim_of(current) is not None and claim_of(before) is None:
        kinds.append(EventKind.CLAIMED)
    return kinds


def _created_events(current: Call, rules: CallRules) -> list[EventKind]:
    kinds = [EventKind.CREATED]
    if rules.is_missed(current.status):
        kinds.append(EventKind.MISSED)
    if current.score is not None or current.scorecard is not None:
        kinds.append(EventKind.SCORE_UPDATED)
    if rules.is_completed(current.ai_status):
        kinds.append(EventKind.ANALYSIS_COMPLETED)
    if claim_of(current) is not None:
        kinds.append(EventKind.CLAIMED)
    return kinds


def classify(
    change: RowChange, previous: Call | None, rules: CallRules | None = None
) -> Classification:
    """Classify `change` against `previous`, the last row we saw for that call (or None).

    Raises `InvalidPayload` when the change cannot be understood.
    """
    rules = rules or CallRules()
    if isinstance(change.record, PrunedRow):  # a column too deep to read: skip the whole row
        raise InvalidPayload(change.record.reason())
    if change.type is ChangeType.DELETE:
        gone = previous or _previous_from_old_record(change.old_record)
        if gone is None:
            gone = Call.from_row({"id": change.call_id})
        return Classification(None, (CallEvent(EventKind.DELETED, gone, gone),))

    current = Call.from_row(_merged_row(change.record, previous, change.old_record))
    if (
        previous is not None
        and previous.updated_at is not None
        and current.updated_at is not None
        and current.updated_at < previous.updated_at
    ):
        return Classification(previous, (), stale=True)  # an older state arrived late

    if previous is None and change.type is ChangeType.INSERT:
        kinds = _created_events(current, rules)
        before = None
    else:
        before = previous or _previous_from_old_record(change.old_record)
        kinds = _diff(before, current, rules)
    return Classification(current, tuple(CallEvent(kind, current, before) for kind in kinds))
