"""`desktop-notifier configure --source`: choose the live source (`common/live_sources`), alone
on a profile already signed in, or together with a sign-in. A running app follows the settings
file and reconnects with the new source."""

from __future__ import annotations

from dataclasses import replace

from desktop_notifier.profile import settings as settings_file
from desktop_notifier.profile.directory import Profile

SAID = {
    "pt_BR": "Fonte ao vivo: {source}.",
    "en": "Live source: {source}.",
}


def apply_source(profile: Profile, source: str) -> str:
    """Store `source` in the profile's settings; the line that says so."""
    current = settings_file.load(profile.directory)
    settings_file.save(profile.directory, replace(current, source=source))
    return SAID.get(current.language, SAID["en"]).format(source=source)
