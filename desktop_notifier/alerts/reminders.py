"""`Reminders`: an unclaimed missed call alerts again every N minutes until it is claimed or no
longer missed; "Adiar" snoozes one call; after M minutes unclaimed a lead gets one escalation.

Pure: time is passed in. The app arms one timer for `next_due()` and asks `due(now)` when it
fires; `settle` ends a call's reminders (claimed, completed, deleted).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from desktop_notifier.alerts.team import TeamPrefs

MAX_TRACKED = 1000  # a flood of missed calls must not grow without bound (oldest dropped)


@dataclass(frozen=True)
class Reminder:
    call_id: str
    escalation: bool = False  # for a lead: nobody claimed it for `escalate_minutes`


class Reminders:
    def __init__(self, prefs: TeamPrefs) -> None:
        self._prefs = prefs
        self._due: dict[str, datetime] = {}
        self._since: dict[str, datetime] = {}
        self._escalated: set[str] = set()

    def set_prefs(self, prefs: TeamPrefs) -> None:
        self._prefs = prefs

    def track(self, call_id: str, now: datetime) -> None:
        """A missed call was alerted at `now`: remind from then on (no-op if tracked)."""
        if call_id in self._since:
            return
        self._since[call_id] = now
        every = self._prefs.repeat
        if every is not None:
            self._due[call_id] = now + every
        while len(self._since) > MAX_TRACKED:
            self.settle(next(iter(self._since)))

    def settle(self, call_id: str) -> None:
        """Claimed, completed or deleted: no more reminders for it."""
        self._since.pop(call_id, None)
        self._due.pop(call_id, None)
        self._escalated.discard(call_id)

    def snooze(self, call_id: str, now: datetime) -> None:
        """ "Adiar": the next reminder of this call comes `snooze_minutes` from now."""
        if call_id in self._since:
            self._due[call_id] = now + self._prefs.snooze

    def tracked(self) -> list[str]:
        return list(self._since)

    def due_at(self, call_id: str) -> datetime | None:
        return self._due.get(call_id)

    def _escalation_at(self, call_id: str) -> datetime | None:
        after = self._prefs.escalate
        if after is None or call_id in self._escalated:
            return None
        return self._since[call_id] + after

    def next_due(self, *, lead: bool) -> datetime | None:
        """When the next reminder or (for a lead) escalation is due, if any."""
        moments = list(self._due.values())
        if lead:
            moments += [m for c in self._since if (m := self._escalation_at(c)) is not None]
        return min(moments, default=None)

    def due(self, now: datetime, *, lead: bool) -> list[Reminder]:
        """What is due at `now` (each call once), the next reminder of each rescheduled."""
        out: list[Reminder] = []
        every = self._prefs.repeat
        for call_id in list(self._since):
            escalate_at = self._escalation_at(call_id) if lead else None
            if escalate_at is not None and escalate_at <= now:
                self._escalated.add(call_id)
                out.append(Reminder(call_id, escalation=True))
            elif (at := self._due.get(call_id)) is not None and at <= now:
                out.append(Reminder(call_id))
            else:
                continue
            if every is None:
                self._due.pop(call_id, None)
            else:
                self._due[call_id] = now + every
        return out
