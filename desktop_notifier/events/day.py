"""A day of calls as the dashboard and the calls list see it: `DayCall` (the few columns they
show, compact enough for 100,000 rows) and `day_stats` (today's counts, the average score, the
score bands and the calls per hour). Pure: the thresholds and the time zone are passed in.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from desktop_notifier.events.call import Call, InvalidPayload, JSONValue, parse_timestamp
from desktop_notifier.events.classify import CallRules

HOURS = 24


@dataclass(frozen=True, slots=True)
class DayCall:
    """One call in a list or a count: no transcription, no JSON columns, no unknown columns."""

    id: str
    company_name: str | None
    status: str | None
    score: int | None
    ai_status: str | None
    owner_id: str | None
    created_at: datetime | None
    updated_at: datetime | None

    @classmethod
    def from_call(cls, call: Call) -> DayCall:
        return cls(
            call.id,
            call.company_name,
            _word(call.status),
            call.score,
            _word(call.ai_status),
            None if call.owner_id is None else sys.intern(call.owner_id),
            call.created_at,
            call.updated_at,
        )

    @classmethod
    def from_compact(cls, item: JSONValue) -> DayCall:
        """From `[id, company_name, status, score, ai_status, owner_id, created_at,
        updated_at]` (resources/sql/005_views_comments.sql), validated like a row. The
        canonical forms PostgreSQL writes (lower-case uuids, ISO timestamps) are checked on
        a fast path, 100,000 of them in well under a second; anything else goes the way of
        `Call.from_row`."""
        if not isinstance(item, list) or len(item) != 8:
            raise InvalidPayload("a compact call must be a list of 8 values")
        call_id, company, status, score, ai_status, owner, created, updated = item
        if (
            isinstance(call_id, str) and _CANONICAL_UUID.fullmatch(call_id)
            and (owner is None or (isinstance(owner, str) and _CANONICAL_UUID.fullmatch(owner)))
            and (company is None or isinstance(company, str))
            and (status is None or isinstance(status, str))
            and (ai_status is None or isinstance(ai_status, str))
            and (score is None or type(score) is int)
        ):  # fmt: skip
            try:
                return cls(
                    call_id, company, _word(status), score, _word(ai_status),
                    None if owner is None else sys.intern(owner),
                    _instant(created), _instant(updated),
                )  # fmt: skip
            except ValueError:
                pass  # a timestamp in another form: the slow path says what is wrong
        names = ("id", "company_name", "status", "score", "ai_status", "owner_id")
        row: dict[str, JSONValue] = dict(zip(names, item[:6], strict=True))
        row["created_at"], row["updated_at"] = created, updated
        return cls.from_call(Call.from_row(row))


_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _instant(value: JSONValue) -> datetime | None:
    """An ISO timestamp with its offset (ValueError otherwise), in UTC."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("not a timestamp")
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError("no offset")
    return moment.astimezone(UTC)


def _word(value: str | None) -> str | None:
    """Statuses repeat across 100,000 rows: one string object each."""
    return None if value is None else sys.intern(value)


def parse_compact(items: JSONValue) -> tuple[list[DayCall], int]:
    """The calls of a compact list, and how many items could not be understood (skipped)."""
    if not isinstance(items, list):
        raise InvalidPayload("the calls must be a list")
    calls: list[DayCall] = []
    bad = 0
    for item in items:
        try:
            calls.append(DayCall.from_compact(item))
        except InvalidPayload:
            bad += 1
    return calls, bad


def read_at(value: JSONValue) -> datetime | None:
    try:
        return parse_timestamp(value, "read_at")
    except InvalidPayload:
        return None


@dataclass(frozen=True)
class DayStats:
    """What the dashboard shows of one day."""

    total: int = 0
    active: int = 0
    missed: int = 0
    scored: int = 0
    score_sum: int = 0
    low: int = 0  # score ≤ the low threshold
    regular: int = 0
    high: int = 0  # score ≥ the high threshold
    ai_pending: int = 0
    ai_completed: int = 0
    per_hour: tuple[int, ...] = (0,) * HOURS

    @property
    def average_score(self) -> float | None:
        return self.score_sum / self.scored if self.scored else None


def day_stats(
    calls: Iterable[DayCall], rules: CallRules, low: int, high: int, zone: tzinfo
) -> DayStats:
    """Today's numbers from today's calls. Active: not over (`rules.terminal_statuses`);
    missed: in one of the team's missed statuses; pending analysis: an `ai_status` that is
    neither completed nor failed; hours are `zone`'s."""
    terminal = rules.terminal_statuses
    total = active = missed = scored = score_sum = 0
    bands = [0, 0, 0]
    pending = completed = 0
    per_hour = [0] * HOURS
    for call in calls:
        total += 1
        status = (call.status or "").strip().lower()
        if status not in terminal:
            active += 1
        if rules.is_missed(call.status):
            missed += 1
        hour = call.created_at.astimezone(zone).hour if call.created_at is not None else None
        if hour is not None:
            per_hour[hour] += 1
        if call.score is not None:
            scored += 1
            score_sum += call.score
            bands[0 if call.score <= low else 2 if call.score >= high else 1] += 1
        if rules.is_completed(call.ai_status):
            completed += 1
        elif call.ai_status is not None and call.ai_status.strip().lower() != "failed":
            pending += 1
    return DayStats(
        total, active, missed, scored, score_sum, bands[0], bands[1], bands[2], pending,
        completed, tuple(per_hour),
    )  # fmt: skip


def newest_first(calls: Sequence[DayCall]) -> list[DayCall]:
    """`calls` by (created_at, id), newest first (a call without created_at last)."""
    return sorted(calls, key=_order_key, reverse=True)


def _order_key(call: DayCall) -> tuple[float, str]:
    return (call.created_at.timestamp() if call.created_at is not None else 0.0, call.id)
