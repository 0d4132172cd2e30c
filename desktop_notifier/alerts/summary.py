"""One toast instead of many: the text for a burst or a caught-up backlog.

"12 novas calls" for a burst; "Enquanto você estava fora: 5 novas calls, 2 análises concluídas"
after an outage. Every alert still goes to the inbox and history individually; this is only the
text of the single toast that stands for them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from desktop_notifier.alerts.model import Alert, AlertKind, Urgency

# (singular, plural) per kind and language
COUNT_WORDS: dict[str, dict[AlertKind, tuple[str, str]]] = {
    "pt_BR": {
        AlertKind.NEW_CALL: ("{n} nova call", "{n} novas calls"),
        AlertKind.MISSED_CALL: ("{n} call perdida", "{n} calls perdidas"),
        AlertKind.HIGH_SCORE: ("{n} score excelente", "{n} scores excelentes"),
        AlertKind.LOW_SCORE: ("{n} score baixo", "{n} scores baixos"),
        AlertKind.ANALYSIS_DONE: ("{n} análise concluída", "{n} análises concluídas"),
        AlertKind.CALL_COMMENT: ("{n} novo comentário", "{n} novos comentários"),
    },
    "en": {
        AlertKind.NEW_CALL: ("{n} new call", "{n} new calls"),
        AlertKind.MISSED_CALL: ("{n} missed call", "{n} missed calls"),
        AlertKind.HIGH_SCORE: ("{n} excellent score", "{n} excellent scores"),
        AlertKind.LOW_SCORE: ("{n} low score", "{n} low scores"),
        AlertKind.ANALYSIS_DONE: ("{n} analysis completed", "{n} analyses completed"),
        AlertKind.CALL_COMMENT: ("{n} new comment", "{n} new comments"),
    },
}
AWAY = {"pt_BR": "Enquanto você estava fora", "en": "While you were away"}
BURST_BODY = {
    "pt_BR": "Abra o histórico para ver todas.",
    "en": "Open the history to see them all.",
}


@dataclass(frozen=True)
class Summary:
    title: str
    body: str
    urgency: Urgency
    count: int


def _counts(counter: Mapping[AlertKind, int], language: str) -> str:
    parts = []
    for kind in AlertKind:  # stable, meaningful order
        n = counter.get(kind, 0)
        if n:
            singular, plural = COUNT_WORDS[language][kind]
            parts.append((singular if n == 1 else plural).format(n=n))
    return ", ".join(parts)


def summarize(alerts: Sequence[Alert], language: str, *, caught_up: bool) -> Summary:
    """The single toast that stands for `alerts` (non-empty)."""
    if not alerts:
        raise ValueError("nothing to summarize")
    counter = Counter(alert.kind for alert in alerts)
    urgency = max(alert.urgency for alert in alerts)
    return summarize_counts(counter, urgency, language, caught_up=caught_up)


def summarize_counts(
    counter: Mapping[AlertKind, int], urgency: Urgency, language: str, *, caught_up: bool
) -> Summary:
    """The same toast from counts per kind, for callers that keep a running tally (a burst of
    thousands must not recount the whole episode on every alert)."""
    total = sum(counter.values())
    if total <= 0:
        raise ValueError("nothing to summarize")
    counts = _counts(counter, language)
    if caught_up:
        return Summary(f"{AWAY[language]}: {counts}", BURST_BODY[language], urgency, total)
    return Summary(counts[:1].upper() + counts[1:], BURST_BODY[language], urgency, total)
