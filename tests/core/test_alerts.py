"""alerts: the policy table of docs/ARCHITECTURE.md, thresholds on crossing, texts in both
languages."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_notifier.alerts import Alert, AlertKind, AlertPrefs, Urgency, decide, summarize
from desktop_notifier.alerts.text import one_line
from desktop_notifier.events import Call, classify, parse_change
from tests.core.factories import payload, row

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)


def alerts_for(
    previous: Call | None,
    record: dict[str, Any],
    kind: str = "UPDATE",
    prefs: AlertPrefs | None = None,
) -> tuple[list[Alert], Call | None]:
    old = None if kind == "INSERT" else {"id": record["id"]}
    result = classify(parse_change(payload(kind, record, old)), previous)
    return decide(result.events, prefs or AlertPrefs(), NOW), result.call


def test_new_call_text_in_portuguese_and_english() -> None:
    record = row(company_name="Padaria Pão Quente")
    [alert], _ = alerts_for(None, record, "INSERT")
    assert alert.kind is AlertKind.NEW_CALL
    assert alert.title == "Nova call de Padaria Pão Quente"
    assert alert.body == "Status: nova"
    [alert], _ = alerts_for(None, record, "INSERT", AlertPrefs(language="en"))
    assert alert.title == "New call from Padaria Pão Quente"


def test_policy_table() -> None:
    call_id = str(uuid.uuid4())
    base = Call.from_row(row(call_id, status="in_progress"))
    missed, _ = alerts_for(base, row(call_id, at=1, status="missed"))
    assert [(a.kind, a.title, a.urgency) for a in missed] == [
        (AlertKind.MISSED_CALL, "Call perdida: Acme", Urgency.CRITICAL)
    ]
    high, _ = alerts_for(base, row(call_id, at=1, status="in_progress", score=92))
    assert [a.title for a in high] == ["🎉 Score excelente: 92!"]
    low, _ = alerts_for(base, row(call_id, at=1, status="in_progress", score=12))
    assert [a.title for a in low] == ["⚠️ Score baixo: 12"]
    done, _ = alerts_for(
        base, row(call_id, at=1, status="in_progress", ai_status="completed", score=50)
    )
    assert [a.title for a in done] == ["Análise completada para Acme"]
    status_only, _ = alerts_for(base, row(call_id, at=1, status="processing", transcription="oi"))
    assert status_only == []


def test_score_alerts_on_crossing_not_level() -> None:
    """95 → edit the scorecard → still 95: one high-score alert, not two."""
    call_id = str(uuid.uuid4())
    base = Call.from_row(row(call_id, score=None))
    first, after = alerts_for(base, row(call_id, at=1, score=95, scorecard={"rapport": 9}))
    second, _ = alerts_for(after, row(call_id, at=2, score=95, scorecard={"rapport": 10}))
    assert [a.kind for a in first] == [AlertKind.HIGH_SCORE]
    assert second == []


def test_thresholds_and_kinds_are_configurable() -> None:
    call_id = str(uuid.uuid4())
    base = Call.from_row(row(call_id, score=50))
    prefs = AlertPrefs(high_score=80, low_score=20, enabled=frozenset({AlertKind.HIGH_SCORE}))
    alerts, _ = alerts_for(base, row(call_id, at=1, score=85), prefs=prefs)
    assert [a.kind for a in alerts] == [AlertKind.HIGH_SCORE]
    muted = AlertPrefs(enabled=frozenset())
    assert alerts_for(base, row(call_id, at=1, score=99), prefs=muted)[0] == []


def test_hostile_company_names_become_one_short_line() -> None:
    name = "Evil\n\x00Corp\u202e" + "x" * 500
    [alert], _ = alerts_for(None, row(company_name=name), "INSERT")
    assert "\n" not in alert.title and "\x00" not in alert.title
    assert len(alert.title) < 100 and "…" in alert.title
    assert "\u202e" not in alert.title and "\u2068" not in alert.title  # no bidi controls


@pytest.mark.parametrize(
    "name",
    [
        "\u2068\u202eexe.evil\u2069",  # pre-isolated: was kept as is, and reversed
        "\u2067\u202eexe.evil\u202c\u2069",
        "\u202aexe\u202b.\u202devil\u202c",
        "\u200fexe\u200e.evil\u061c",
        "\u2066exe.evil",
    ],
)
def test_directional_controls_are_dropped_from_names(name: str) -> None:
    [alert], _ = alerts_for(None, row(company_name=name), "INSERT")
    assert alert.title == "Nova call de exe.evil"
    assert one_line("شركة الأمل \u202e123") == "شركة الأمل 123", "right-to-left text stays"


def test_dedupe_key_is_per_occurrence() -> None:
    call_id = str(uuid.uuid4())
    [created], _ = alerts_for(None, row(call_id), "INSERT")
    assert created.dedupe_key == f"new_call:{call_id}"
    base = Call.from_row(row(call_id, score=50))
    [a], _ = alerts_for(base, row(call_id, at=1, score=95))
    [b], _ = alerts_for(base, row(call_id, at=2, score=95))
    assert a.dedupe_key != b.dedupe_key  # two real crossings at two row versions


def test_summary_texts() -> None:
    records = [row(company_name=f"C{i}") for i in range(5)]
    alerts = [alerts_for(None, r, "INSERT")[0][0] for r in records]
    done = alerts_for(
        Call.from_row(records[0]),
        {**records[0], "ai_status": "completed", "updated_at": "2026-11-24T15:00:00+00:00"},
    )[0]
    away = summarize(alerts + done + done, "pt_BR", caught_up=True)
    assert away.title == "Enquanto você estava fora: 5 novas calls, 2 análises concluídas"
    burst = summarize(alerts, "en", caught_up=False)
    assert burst.title == "5 new calls" and burst.count == 5


@given(st.lists(st.none() | st.integers(min_value=0, max_value=100), min_size=1, max_size=12))
def test_high_alerts_equal_upward_crossings(scores: list[int | None]) -> None:
    call_id = str(uuid.uuid4())
    state = Call.from_row(row(call_id))
    highs = 0
    expected = 0
    last = None
    for i, score in enumerate(scores, start=1):
        alerts, new_state = alerts_for(state, row(call_id, at=i, score=score))
        highs += sum(a.kind is AlertKind.HIGH_SCORE for a in alerts)
        if score is not None and score >= 90 and (last is None or last < 90):
            expected += 1
        last = score
        assert new_state is not None
        state = new_state
    assert highs == expected


@given(st.text(max_size=80))
def test_one_line_is_idempotent(text: str) -> None:
    from desktop_notifier.alerts.text import one_line

    once = one_line(text)
    assert one_line(once) == once
