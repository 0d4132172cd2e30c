"""One toast per call and moment: the alerts raised together for one call become one.

Pure. The merged alert has the highest urgency among them and its title leads with the most
important one, naming the others after a dash ("⚠️ Score baixo: 15 — análise completada").
It is only ever shown as a toast: the inbox and the history keep every alert as raised.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from desktop_notifier.alerts.model import Alert, AlertKind
from desktop_notifier.alerts.text import ALSO

# Among alerts of one urgency, which one leads the toast.
IMPORTANCE = (
    AlertKind.MISSED_CALL,
    AlertKind.LOW_SCORE,
    AlertKind.HIGH_SCORE,
    AlertKind.NEW_CALL,
    AlertKind.ANALYSIS_DONE,
    AlertKind.CALL_COMMENT,
)


def _rank(alert: Alert) -> tuple[int, int]:
    return (-int(alert.urgency), IMPORTANCE.index(alert.kind))


def merge(alerts: Sequence[Alert], language: str) -> Alert:
    """The one alert that stands for `alerts` (all of one call) in a toast."""
    ranked = sorted(alerts, key=_rank)
    lead, rest = ranked[0], ranked[1:]
    if not rest:
        return lead
    also = ", ".join(dict.fromkeys(ALSO[language][a.kind] for a in rest if a.kind != lead.kind))
    title = f"{lead.title} — {also}" if also else lead.title
    return replace(lead, title=title, merged=tuple(a.kind for a in rest))


def one_per_call(alerts: Sequence[Alert], language: str) -> list[Alert]:
    """`alerts` with those of the same call merged, in the order their calls first appear."""
    by_call: dict[str, list[Alert]] = {}
    for alert in alerts:
        by_call.setdefault(alert.call_id, []).append(alert)
    if len(by_call) == len(alerts):
        return list(alerts)
    return [merge(group, language) for group in by_call.values()]
