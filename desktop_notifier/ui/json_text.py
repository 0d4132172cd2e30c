"""Any JSON value (scorecard, insights) rendered for people: rows or indented plain text.

Tolerant by design: the columns are `jsonb` a team may fill however it likes. Nothing here
interprets markup; the output is shown in plain-text widgets.
"""

from __future__ import annotations

from collections.abc import Callable

from desktop_notifier.events import JSONValue
from desktop_notifier.events.json_depth import loads_bounded

MAX_DEPTH = 24
COMPACT_LIMIT = 240
_NAME_KEYS = ("criterion", "criteria", "name", "label", "title", "key", "item")
_SCORE_KEYS = ("score", "value", "points", "grade", "nota")
_MAX_KEYS = ("max", "max_score", "out_of", "maximum", "total")
_NOTE_KEYS = ("comment", "comments", "feedback", "note", "notes", "reason", "justification",
              "comentario", "observacao", "justificativa")  # fmt: skip

Words = Callable[[bool | None], str]  # renders true/false/null in the UI language


def _default_words(value: bool | None) -> str:
    return "—" if value is None else ("yes" if value else "no")


def maybe_parse(value: JSONValue) -> JSONValue:
    """A string that holds a JSON object or array (double-encoded jsonb) becomes that value."""
    if isinstance(value, str) and value.strip()[:1] in ("{", "["):
        try:  # a document nested too deeply (TooDeep is a ValueError) stays text
            parsed: JSONValue = loads_bounded(value)
        except ValueError:
            return value
        return parsed
    return value


def humanize(key: str) -> str:
    """`next_steps` → "Next steps"; keys that already look written by a person are kept."""
    text = key.replace("_", " ").strip()
    return text[:1].upper() + text[1:] if text else key


def scalar(value: JSONValue, words: Words = _default_words) -> str:
    if value is None or isinstance(value, bool):
        return words(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def compact(value: JSONValue, words: Words = _default_words, depth: int = 0) -> str:
    """One line: `score: 8 · comment: good`, lists joined by commas."""
    if depth > MAX_DEPTH:
        return "…"
    if isinstance(value, dict):
        text = " · ".join(
            f"{humanize(k)}: {compact(v, words, depth + 1)}" for k, v in value.items()
        )
    elif isinstance(value, list):
        text = ", ".join(compact(v, words, depth + 1) for v in value)
    else:
        text = scalar(value, words)
    text = " ".join(text.split())
    return text if len(text) <= COMPACT_LIMIT else text[: COMPACT_LIMIT - 1] + "…"


def _score_text(entry: dict[str, JSONValue], words: Words) -> str | None:
    """`{"score": 8, "max": 10, "comment": "ok"}` → "8 / 10 — ok"; None when the entry has
    more to say than a score, a maximum and a comment."""
    score_key = next((k for k in _SCORE_KEYS if k in entry), None)
    if score_key is None:
        return None
    max_key = next((k for k in _MAX_KEYS if k in entry), None)
    note_key = next((k for k in _NOTE_KEYS if isinstance(entry.get(k), str)), None)
    if set(entry) - {score_key, max_key, note_key}:
        return None
    text = scalar(entry[score_key], words)
    if max_key:
        text = f"{text} / {scalar(entry[max_key], words)}"
    if note_key:
        text = f"{text} — {' '.join(str(entry[note_key]).split())}"
    return text


def _row(name: str, value: JSONValue, words: Words) -> tuple[str, str]:
    if isinstance(value, dict):
        score = _score_text(value, words)
        if score is not None:
            return name, score
    return name, compact(value, words)


def scorecard_rows(value: JSONValue, words: Words = _default_words) -> list[tuple[str, str]]:
    """Rows of (criterion, value) for any scorecard shape: an object of criteria, a list of
    `{"criterion": …, "score": …}` objects, a list of values, or a single value."""
    value = maybe_parse(value)
    if value is None:
        return []
    if isinstance(value, dict):
        return [_row(humanize(k), v, words) for k, v in value.items()]
    if isinstance(value, list):
        rows = []
        for index, item in enumerate(value, start=1):
            if isinstance(item, dict):
                name_key = next((k for k in _NAME_KEYS if isinstance(item.get(k), str)), None)
                if name_key is not None:
                    name = str(item[name_key])
                    rest = {k: v for k, v in item.items() if k != name_key}
                    rows.append(_row(name, rest, words))
                    continue
            rows.append(_row(str(index), item, words))
        return rows
    return [("", scalar(value, words))]


def readable(value: JSONValue, words: Words = _default_words) -> str:
    """Indented plain text: `Key: value` lines, nested objects indented, lists as bullets."""
    value = maybe_parse(value)
    lines: list[str] = []
    _emit(value, 0, lines, words)
    return "\n".join(lines).strip("\n")


def _emit(value: JSONValue, indent: int, lines: list[str], words: Words) -> None:
    pad = "  " * indent
    if indent > MAX_DEPTH:
        lines.append(pad + "…")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            item = maybe_parse(item)
            if isinstance(item, dict | list) and item:
                if indent == 0 and lines:
                    lines.append("")  # top-level sections get some air
                lines.append(f"{pad}{humanize(key)}:")
                _emit(item, indent + 1, lines, words)
            else:
                _emit_text(f"{humanize(key)}: ", item, pad, lines, words)
    elif isinstance(value, list):
        for item in value:
            item = maybe_parse(item)
            if isinstance(item, dict | list) and item:
                lines.append(f"{pad}•")
                _emit(item, indent + 1, lines, words)
            else:
                _emit_text("• ", item, pad, lines, words)
    else:
        _emit_text("", value, pad, lines, words)


def _emit_text(prefix: str, value: JSONValue, pad: str, lines: list[str], words: Words) -> None:
    text = "—" if isinstance(value, dict | list) else scalar(value, words)  # empty container
    first, *rest = text.splitlines() or [""]
    lines.append(f"{pad}{prefix}{first}")
    hang = pad + " " * len(prefix)
    lines.extend(hang + line for line in rest)
