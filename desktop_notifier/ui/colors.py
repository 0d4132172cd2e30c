"""The few colours the widgets share (status pills, score bands, badges), in one place.

Each entry is (foreground, background) so pills and badges stay readable on light and dark
palettes alike; the icons in `assets/icons/` use the same hues.
"""

from __future__ import annotations

Pair = tuple[str, str]

NEUTRAL: Pair = ("#3d4451", "#e6e9ee")
BLUE: Pair = ("#1d4fa8", "#dde8fb")
AMBER: Pair = ("#8a5300", "#fbecd0")
VIOLET: Pair = ("#5b34a0", "#ebe2f8")
GREEN: Pair = ("#136c3a", "#d8f1e2")
RED: Pair = ("#a42626", "#f9dddd")

STATUS: dict[str, Pair] = {
    "new": BLUE,
    "ringing": BLUE,
    "in_progress": AMBER,
    "processing": VIOLET,
    "transcribed": VIOLET,
    "completed": GREEN,
    "missed": RED,
    "failed": RED,
}

AI_STATUS: dict[str, Pair] = {
    "pending": NEUTRAL,
    "processing": VIOLET,
    "completed": GREEN,
    "failed": RED,
    "error": RED,
}

UNREAD_BADGE = "#e5484d"
ERROR_TEXT = "#c62828"
MUTED_TEXT = "#6b7280"
CARD_BORDER = "#dde1e7"


def status_colors(status: str | None) -> Pair:
    return STATUS.get((status or "").strip().lower(), NEUTRAL)


def ai_status_colors(ai_status: str | None) -> Pair:
    return AI_STATUS.get((ai_status or "").strip().lower(), NEUTRAL)


def score_colors(score: int, low: int, high: int) -> Pair:
    """Score bands: at or below `low` red, at or above `high` green, amber in the lower half of
    the middle, blue in the upper half."""
    if score <= low:
        return RED
    if score >= high:
        return GREEN
    return AMBER if score < (low + high) / 2 else BLUE
