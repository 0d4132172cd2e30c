"""`decide(events, prefs, now)`: the alert policy of docs/ARCHITECTURE.md, made precise.

Scores alert on crossing a threshold, not on being beyond it: a call that stays at 95 while its
scorecard is edited does not alert again. Status changes, transcription updates and deletes
refresh windows and the inbox but never alert.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from desktop_notifier.alerts.model import Alert, AlertKind, AlertPrefs, Urgency
from desktop_notifier.alerts.text import render
from desktop_notifier.events import Call, CallEvent, EventKind
from desktop_notifier.events.call import format_timestamp

URGENCY = {
    AlertKind.NEW_CALL: Urgency.NORMAL,
    AlertKind.MISSED_CALL: Urgency.CRITICAL,
    AlertKind.HIGH_SCORE: Urgency.NORMAL,
    AlertKind.LOW_SCORE: Urgency.CRITICAL,
    AlertKind.ANALYSIS_DONE: Urgency.LOW,
    AlertKind.CALL_COMMENT: Urgency.NORMAL,
}


def _score_alerts(event: CallEvent, prefs: AlertPrefs) -> list[AlertKind]:
    score = event.call.score
    if score is None:
        return []
    before = event.previous.score if event.previous is not None else None
    kinds = []
    if score >= prefs.high_score and (before is None or before < prefs.high_score):
        kinds.append(AlertKind.HIGH_SCORE)
    if score <= prefs.low_score and (before is None or before > prefs.low_score):
        kinds.append(AlertKind.LOW_SCORE)
    return kinds


def _kinds_for(event: CallEvent, prefs: AlertPrefs) -> list[AlertKind]:
    match event.kind:
        case EventKind.CREATED:
            return [AlertKind.NEW_CALL]
        case EventKind.MISSED:
            return [AlertKind.MISSED_CALL]
        case EventKind.SCORE_UPDATED:
            return _score_alerts(event, prefs)
        case EventKind.ANALYSIS_COMPLETED:
            return [AlertKind.ANALYSIS_DONE]
        case _:
            return []


def dedupe_key(kind: AlertKind, call: Call) -> str:
    """One key per real-world occurrence: a call is created once; the other kinds can recur
    (a score can cross, fall back and cross again), so they carry the row version."""
    if kind is AlertKind.NEW_CALL:
        return f"{kind.value}:{call.id}"
    return f"{kind.value}:{call.id}:{format_timestamp(call.updated_at) or '-'}"


def decide(events: Iterable[CallEvent], prefs: AlertPrefs, now: datetime) -> list[Alert]:
    """The alerts `events` deserve under `prefs`, at most one per dedupe key."""
    alerts: dict[str, Alert] = {}
    for event in events:
        for kind in _kinds_for(event, prefs):
            if kind not in prefs.enabled:
                continue
            call = event.call
            key = dedupe_key(kind, call)
            if key in alerts:
                continue
            title, body = render(
                kind,
                prefs.language,
                company=call.company_name,
                score=call.score,
                status=call.status,
            )
            alerts[key] = Alert(
                kind=kind,
                call_id=call.id,
                title=title,
                body=body,
                urgency=URGENCY[kind],
                dedupe_key=key,
                at=now,
                company=call.company_name,
                score=call.score,
            )
    return list(alerts.values())
