"""Where the toast sounds live, and the freedesktop sound theme name each one falls back to.

The WAV files were synthesised for the project by scripts/make_sounds.py (one per alert kind).
"""

from __future__ import annotations

from pathlib import Path

# Sound theme names (freedesktop sound naming spec) for servers that play names, not files.
THEME_NAMES = {
    "new_call": "message-new-instant",
    "missed_call": "phone-incoming-call",
    "high_score": "complete",
    "low_score": "dialog-warning",
    "analysis_done": "complete",
    "call_comment": "message-new-instant",
}


def sound_path(name: str) -> Path | None:
    """The absolute path of the sound `name`, or None when there is no such file."""
    path = Path(__file__).resolve().parent.parent / "assets" / "sounds" / f"{name}.wav"
    return path if path.is_file() else None


def theme_name(name: str) -> str:
    return THEME_NAMES.get(name, "message-new-instant")
