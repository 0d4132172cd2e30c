"""Privacy mode and toast sounds, pure decisions.

Privacy: while the user's own call is live (status `in_progress` with their `owner_id`) or
their screen is shared or presented (where the OS tells), a toast names the kind only ("Call
perdida" — no company, no score) and plays no sound; the inbox keeps the details. The setting
`TeamPrefs.privacy` turns it off.

Sounds: one per kind (a longer one for missed calls, see resources/sounds/README.md), played as
the toast's own sound; at most one every `SOUND_GAP`, none under privacy or do-not-disturb,
none for a kind the user silenced.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from desktop_notifier.alerts.model import AlertKind
from desktop_notifier.alerts.team import TeamPrefs
from desktop_notifier.events import Call

LIVE_STATUS = "in_progress"
SOUND_GAP = timedelta(seconds=2.5)

PRIVATE_TITLES: dict[str, dict[str, str]] = {
    "pt_BR": {
        AlertKind.NEW_CALL: "Nova call",
        AlertKind.MISSED_CALL: "Call perdida",
        AlertKind.HIGH_SCORE: "Score excelente",
        AlertKind.LOW_SCORE: "Score baixo",
        AlertKind.ANALYSIS_DONE: "Análise completada",
        AlertKind.CALL_COMMENT: "Novo comentário",
    },
    "en": {
        AlertKind.NEW_CALL: "New call",
        AlertKind.MISSED_CALL: "Missed call",
        AlertKind.HIGH_SCORE: "Excellent score",
        AlertKind.LOW_SCORE: "Low score",
        AlertKind.ANALYSIS_DONE: "Analysis completed",
        AlertKind.CALL_COMMENT: "New comment",
    },
}
PRIVATE_BODY = {"pt_BR": "Detalhes no app.", "en": "Details in the app."}


def own_call_live(calls: Iterable[Call], me: str | None) -> bool:
    """Whether one of `calls` is the user's own call, in progress now."""
    if me is None:
        return False
    return any(
        call.owner_id == me and (call.status or "").strip().lower() == LIVE_STATUS for call in calls
    )


def private(prefs: TeamPrefs, *, own_call: bool, screen_shared: bool) -> bool:
    """Whether toasts hide their details now."""
    return prefs.privacy and (own_call or screen_shared)


def private_text(kind: AlertKind | str, language: str) -> tuple[str, str]:
    """(title, body) of a toast under privacy: the kind only."""
    titles = PRIVATE_TITLES.get(language, PRIVATE_TITLES["en"])
    return titles.get(str(kind), titles[AlertKind.NEW_CALL]), PRIVATE_BODY.get(language, "")


class SoundPacer:
    """At most one toast sound every `gap`: a burst of toasts does not become a din."""

    def __init__(self, gap: timedelta = SOUND_GAP) -> None:
        self._gap = gap
        self._last: datetime | None = None

    def sound_for(
        self,
        kind: AlertKind | str,
        prefs: TeamPrefs,
        now: datetime,
        *,
        private: bool,
        quiet: bool,
    ) -> str | None:
        """The sound (its kind's name) this toast plays, or None; a sound given is counted."""
        if private or quiet or kind not in {k.value for k in prefs.sounds}:
            return None
        if self._last is not None and now - self._last < self._gap and now >= self._last:
            return None
        self._last = now
        return str(kind)
