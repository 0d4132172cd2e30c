"""Shaping untrusted database text for widgets: one line, bounded length, no markup surprises.

Widgets show database text (company names, alert titles) as plain text; these helpers make it
fit a menu entry, a window title or a table cell without letting it break the layout.
"""

from __future__ import annotations

import unicodedata

from desktop_notifier.alerts.text import one_line

MENU_WIDTH = 60
_BREAK_EVERY = 24


def single_line(text: str | None, limit: int = MENU_WIDTH) -> str:
    """Control characters become spaces, whitespace runs collapse, long text gets an ellipsis."""
    return one_line(text or "", limit)


def menu_text(text: str | None, limit: int = MENU_WIDTH) -> str:
    """Text for a QAction: single line, and `&` doubled so Qt does not take it as a mnemonic."""
    return single_line(text, limit).replace("&", "&&")


def without_leading_symbols(text: str) -> str:
    """Drop leading emoji/pictographs ("🎉 Score…"): widgets show a kind icon instead, and the
    desktop's fonts may not have the glyph."""
    index = 0
    while index < len(text) and (
        unicodedata.category(text[index]) in {"So", "Sk", "Mn", "Cf"} or text[index].isspace()
    ):
        index += 1
    return text[index:] or text


def breakable(text: str, every: int = _BREAK_EVERY) -> str:
    """Insert zero-width spaces into very long unbroken words so a word-wrapping label can wrap
    them instead of growing the window."""
    words = []
    for word in text.split(" "):
        if len(word) > every:
            word = "\u200b".join(word[i : i + every] for i in range(0, len(word), every))
        words.append(word)
    return " ".join(words)


def plain_tooltip(heading: str, *lines: str) -> str:
    """A tooltip that shows its text literally on every tray host: plain text, the app's own
    `heading` (never markup) on the first line and the other, possibly untrusted, `lines`
    below it. Qt's X11 tray shows the tooltip through QToolTip, which renders it as rich
    text when its first line looks like markup (`Qt.mightBeRichText` reads no further than
    the first line break), so a server's `<h1>` error text must never start it. Escaped
    HTML would not do: where tooltips are plain text (Windows, macOS) the tags would show."""
    return "\n".join([heading, *(single_line(line, 200) for line in lines if line)])
