"""The languages the app speaks, in one place: the settings, the message tables, the Qt
catalogues, the command line's `--language` and the settings dialog's list all read them here.
"""

from __future__ import annotations

DEFAULT_LANGUAGE = "pt_BR"
# code -> the language's own name, as the settings dialog lists it (in this order)
LANGUAGE_NAMES = {"pt_BR": "Português (Brasil)", "en": "English"}
LANGUAGES = tuple(LANGUAGE_NAMES)
