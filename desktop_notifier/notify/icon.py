"""Where the toast icon lives: an absolute PNG path, the form every notification server accepts.

The PNG was rendered once (128 px) from the SVG next to it in `assets/notify/`.
"""

from __future__ import annotations

from pathlib import Path

ICON_FILE = "calls-notifier.png"


def app_icon_path() -> Path:
    """The absolute path of the app icon shown in toasts."""
    return Path(__file__).resolve().parent.parent / "assets" / "notify" / ICON_FILE
