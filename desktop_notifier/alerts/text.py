"""What alerts say, in Brazilian Portuguese (default) and English.

Kept as a plain catalog so the pure policy can render text without Qt; the Qt UI has its own
translation files. Database text is made single-line and short here; markup escaping is the
notification backend's job.
"""

from __future__ import annotations

import unicodedata

from desktop_notifier.alerts.model import AlertKind

MAX_NAME = 60
MAX_COMMENT = 140
# Directional formatting characters: embeddings and overrides (U+202A-202E), isolates
# (U+2066-2069), marks (U+200E/F, U+061C). Dropped from database text: an override inside a
# name reverses it ("\u202eexe.evil" shows as "live.exe"), isolating it is not enough.
_BIDI_CONTROLS = str.maketrans(
    dict.fromkeys("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
)

TITLES: dict[str, dict[AlertKind, str]] = {
    "pt_BR": {
        AlertKind.NEW_CALL: "Nova call de {company}",
        AlertKind.MISSED_CALL: "Call perdida: {company}",
        AlertKind.HIGH_SCORE: "🎉 Score excelente: {score}!",
        AlertKind.LOW_SCORE: "⚠️ Score baixo: {score}",
        AlertKind.ANALYSIS_DONE: "Análise completada para {company}",
        AlertKind.CALL_COMMENT: "Novo comentário em {company}",
    },
    "en": {
        AlertKind.NEW_CALL: "New call from {company}",
        AlertKind.MISSED_CALL: "Missed call: {company}",
        AlertKind.HIGH_SCORE: "🎉 Excellent score: {score}!",
        AlertKind.LOW_SCORE: "⚠️ Low score: {score}",
        AlertKind.ANALYSIS_DONE: "Analysis completed for {company}",
        AlertKind.CALL_COMMENT: "New comment on {company}",
    },
}

BODIES: dict[str, dict[AlertKind, str]] = {
    "pt_BR": {
        AlertKind.NEW_CALL: "Status: {status}",
        AlertKind.MISSED_CALL: "Ninguém atendeu esta call.",
        AlertKind.HIGH_SCORE: "{company}",
        AlertKind.LOW_SCORE: "{company}",
        AlertKind.ANALYSIS_DONE: "Score: {score}",
        AlertKind.CALL_COMMENT: "{comment}",
    },
    "en": {
        AlertKind.NEW_CALL: "Status: {status}",
        AlertKind.MISSED_CALL: "Nobody answered this call.",
        AlertKind.HIGH_SCORE: "{company}",
        AlertKind.LOW_SCORE: "{company}",
        AlertKind.ANALYSIS_DONE: "Score: {score}",
        AlertKind.CALL_COMMENT: "{comment}",
    },
}

UNKNOWN = {"pt_BR": "empresa desconhecida", "en": "unknown company"}
PENDING = {"pt_BR": "em análise", "en": "pending"}

STATUS_LABELS: dict[str, dict[str, str]] = {
    "pt_BR": {
        "new": "nova",
        "in_progress": "em andamento",
        "processing": "processando",
        "transcribed": "transcrita",
        "completed": "concluída",
        "missed": "perdida",
    },
    "en": {
        "new": "new",
        "in_progress": "in progress",
        "processing": "processing",
        "transcribed": "transcribed",
        "completed": "completed",
        "missed": "missed",
    },
}


def one_line(text: str, limit: int = MAX_NAME) -> str:
    """Database text made safe for a one-line title (toasts, window titles, menus, labels):
    directional controls are dropped so the text shows in the order it was written, control
    characters become spaces, runs of space collapse, long text is cut with an ellipsis."""
    cleaned = text.translate(_BIDI_CONTROLS)
    cleaned = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in cleaned)
    cleaned = " ".join(cleaned.split())
    if len(cleaned) > limit:
        cleaned = cleaned[: limit - 1].rstrip() + "…"
    return cleaned


def company_label(company: str | None, language: str) -> str:
    label = one_line(company) if company else ""
    return label or UNKNOWN[language]


def status_label(status: str | None, language: str) -> str:
    if not status:
        return PENDING[language]
    return STATUS_LABELS[language].get(status.strip().lower(), one_line(status))


def render(
    kind: AlertKind,
    language: str,
    *,
    company: str | None,
    score: int | None,
    status: str | None,
    comment: str = "",
) -> tuple[str, str]:
    """(title, body) of an alert. `comment` (untrusted) is made one short line."""
    values = {
        "comment": one_line(comment, MAX_COMMENT),
        "company": company_label(company, language),
        "score": PENDING[language] if score is None else str(score),
        "status": status_label(status, language),
    }
    return TITLES[language][kind].format(**values), BODIES[language][kind].format(**values)


# How an alert is named after the " — " of a toast that leads with a more important one
# ("⚠️ Score baixo: 15 — análise completada").
ALSO: dict[str, dict[AlertKind, str]] = {
    "pt_BR": {
        AlertKind.NEW_CALL: "nova call",
        AlertKind.MISSED_CALL: "call perdida",
        AlertKind.HIGH_SCORE: "score excelente",
        AlertKind.LOW_SCORE: "score baixo",
        AlertKind.ANALYSIS_DONE: "análise completada",
        AlertKind.CALL_COMMENT: "novo comentário",
    },
    "en": {
        AlertKind.NEW_CALL: "new call",
        AlertKind.MISSED_CALL: "missed call",
        AlertKind.HIGH_SCORE: "excellent score",
        AlertKind.LOW_SCORE: "low score",
        AlertKind.ANALYSIS_DONE: "analysis completed",
        AlertKind.CALL_COMMENT: "new comment",
    },
}


# Team alerting (alerts/team.py): the toast's buttons, reminders and escalations.
ACTION_LABELS: dict[str, dict[str, str]] = {
    "pt_BR": {"claim": "Vou retornar", "snooze": "Adiar 10 min"},
    "en": {"claim": "I'll call back", "snooze": "Snooze 10 min"},
}
REMINDER = {
    "pt_BR": ("Ainda sem retorno: {company}", "Call perdida que ninguém assumiu."),
    "en": ("Still not called back: {company}", "A missed call nobody has taken."),
}
ESCALATION = {
    "pt_BR": ("Escalada: {company} sem retorno", "Ninguém da equipe assumiu esta call perdida."),
    "en": ("Escalated: {company} not called back", "Nobody on the team took this missed call."),
}


def action_label(action: str, language: str) -> str:
    labels = ACTION_LABELS.get(language, ACTION_LABELS["en"])
    return labels.get(action, action)


def reminder_text(company: str | None, language: str) -> tuple[str, str]:
    title, body = REMINDER[language]
    return title.format(company=company_label(company, language)), body


def escalation_text(company: str | None, language: str) -> tuple[str, str]:
    title, body = ESCALATION[language]
    return title.format(company=company_label(company, language)), body
