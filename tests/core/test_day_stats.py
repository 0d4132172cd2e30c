"""`events.day`: the compact rows of `calls_day` parsed like rows (fast path and slow path
agree, bad items are counted and skipped), and `day_stats` counting what the dashboard shows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from desktop_notifier.events import Call, CallRules, JSONValue
from desktop_notifier.events.day import DayCall, day_stats, newest_first, parse_compact

ID = "0b6c1f9e-6f1e-4d43-9c1a-2f0f3f0c8a11"
OWNER = "7d3c2b1a-0000-4000-8000-000000000001"
AT = "2026-12-03T09:15:00.123456+00:00"


def test_a_compact_row_becomes_a_day_call() -> None:
    [call], bad = parse_compact([[ID, "Padaria", "missed", 40, "completed", OWNER, AT, AT]])
    assert bad == 0
    assert call == DayCall(ID, "Padaria", "missed", 40, "completed", OWNER,
                           datetime(2026, 12, 3, 9, 15, 0, 123456, UTC),
                           datetime(2026, 12, 3, 9, 15, 0, 123456, UTC))  # fmt: skip


def test_other_forms_take_the_slow_path_and_bad_items_are_skipped() -> None:
    upper = ID.upper()
    items: list[JSONValue] = [
        [upper, None, None, None, None, None, "2026-12-03 09:15:00+00", None],  # not canonical
        [ID, "x", "new", "90", None, None, AT, AT],  # a score as text
        [ID, "x", "new", 5.5, None, None, AT, AT],  # a fraction
        ["not-a-uuid", "x", "new", None, None, None, AT, AT],
        [ID, "x"],  # too short
        "nonsense",
    ]
    calls, bad = parse_compact(items)
    assert [c.id for c in calls] == [ID]
    assert calls[0].created_at == datetime(2026, 12, 3, 9, 15, tzinfo=UTC)
    assert bad == 5


def one(status: str | None, score: int | None, ai: str | None, hour: int) -> DayCall:
    at = datetime(2026, 12, 3, hour, 30, tzinfo=UTC)
    return DayCall.from_call(Call(id=ID, status=status, score=score, ai_status=ai, created_at=at))


def test_day_stats_counts_what_the_dashboard_shows() -> None:
    calls = [
        one("new", None, None, 8),
        one("in_progress", None, "processing", 8),
        one("completed", 95, "completed", 9),
        one("completed", 30, "completed", 9),
        one("missed", None, None, 10),
        one("completed", 60, "failed", 23),
    ]
    stats = day_stats(calls, CallRules(), 30, 90, UTC)
    assert (stats.total, stats.active, stats.missed) == (6, 2, 1)
    assert (stats.low, stats.regular, stats.high, stats.scored) == (1, 1, 1, 3)
    assert stats.average_score == (95 + 30 + 60) / 3
    assert (stats.ai_pending, stats.ai_completed) == (1, 2)
    assert stats.per_hour[8] == 2 and stats.per_hour[9] == 2 and stats.per_hour[23] == 1
    later = day_stats(calls, CallRules(), 30, 90, timezone(timedelta(hours=-3)))
    assert later.per_hour[5] == 2 and later.per_hour[20] == 1, "hours are the local zone's"


@given(st.lists(st.tuples(st.sampled_from(["new", "missed", "completed", None]),
                          st.one_of(st.none(), st.integers(0, 100)),
                          st.integers(0, 23)), max_size=60))  # fmt: skip
def test_every_call_is_counted_once(rows: list[tuple[str | None, int | None, int]]) -> None:
    calls = [one(status, score, None, hour) for status, score, hour in rows]
    stats = day_stats(calls, CallRules(), 30, 90, UTC)
    assert sum(stats.per_hour) == stats.total == len(rows)
    assert stats.low + stats.regular + stats.high == stats.scored
    assert stats.active + sum(1 for s, _, _ in rows if s in ("missed", "completed")) == len(rows)


def test_newest_first() -> None:
    early, late = one("new", None, None, 1), one("new", None, None, 2)
    assert newest_first([early, late]) == [late, early]
