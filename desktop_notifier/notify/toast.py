"""`Toast`: what a notification backend shows, and the text rules every backend shares.

Pure: no Qt, no I/O. Text is made safe to carry when a toast is built: no NUL or other control
characters, no lone surrogates (D-Bus rejects them), no megabyte bodies. Markup escaping is not
applied here, because only a backend knows whether its server interprets markup.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from desktop_notifier.alerts import Alert, Summary, Urgency

TITLE_LIMIT = 120
BODY_LIMIT = 400
ELLIPSIS = "…"
SUMMARY_KIND = "summary"
CONNECTION_KIND = "connection"
OPEN_LABELS = {"pt_BR": "Abrir", "en": "Open"}

# The freedesktop body-markup subset: escaping these five makes any text literal.
_MARKUP_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
)


def open_label(language: str) -> str:
    """The label of the "open this call" action ("Abrir", "Open")."""
    return OPEN_LABELS.get(language, OPEN_LABELS["en"])


def escape_markup(text: str) -> str:
    """`text` made literal for servers that interpret body markup (`<b>`, `<a href>`, entities)."""
    return text.translate(_MARKUP_ESCAPES)


def shorten(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, ending with an ellipsis when cut."""
    if limit < 1:
        raise ValueError("the limit must be at least one character")
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + ELLIPSIS


def _clean(text: str, *, one_line: bool) -> str:
    chars = []
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Cs":  # a lone surrogate cannot be encoded as UTF-8
            chars.append("\ufffd")
        elif category == "Cc" and not (ch == "\n" and not one_line):
            chars.append(" ")
        else:
            chars.append(ch)
    cleaned = "".join(chars)
    return " ".join(cleaned.split()) if one_line else cleaned.strip()


@dataclass(frozen=True)
class Toast:
    """One toast. `replace_key` (a call id) makes a newer toast for the same call replace the
    older one; `target` is the call to open on click (None opens the history); `kind` is the
    alert kind, "summary" or "connection". The title becomes one line of at most `TITLE_LIMIT`
    characters, the body at most `BODY_LIMIT`."""

    title: str
    body: str
    urgency: Urgency = Urgency.NORMAL
    replace_key: str | None = None
    target: str | None = None
    kind: str = CONNECTION_KIND
    covers: tuple[str, ...] = ()  # kinds of the other alerts merged into this toast
    # Extra buttons besides the click, (action id, label): "claim", "snooze" (alerts.team).
    actions: tuple[tuple[str, str], ...] = ()
    sound: str | None = None  # the sound's name (an alert kind, notify/sounds.py); None: silent
    invoked: str | None = None  # set on a reported activation: the action the user chose

    def __post_init__(self) -> None:
        # Shorten first: cleaning a megabyte only to throw it away would be wasteful.
        title = _clean(shorten(self.title, TITLE_LIMIT + 1), one_line=True)
        object.__setattr__(self, "title", shorten(title, TITLE_LIMIT))
        body = _clean(shorten(self.body, BODY_LIMIT + 1), one_line=False)
        object.__setattr__(self, "body", shorten(body, BODY_LIMIT))


def toast_for_alert(alert: Alert) -> Toast:
    """The toast for one alert: it replaces an earlier toast for the same call, and opens it."""
    return Toast(
        title=alert.title,
        body=alert.body,
        urgency=alert.urgency,
        replace_key=alert.call_id,
        target=alert.call_id,
        kind=alert.kind.value,
        covers=tuple(kind.value for kind in alert.merged),
    )


def toast_for_summary(summary: Summary) -> Toast:
    """The toast that stands for many alerts; a click opens the history."""
    return Toast(
        title=summary.title,
        body=summary.body,
        urgency=summary.urgency,
        replace_key=None,
        target=None,
        kind=SUMMARY_KIND,
    )
