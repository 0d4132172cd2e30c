"""Team-grade alerting rules, pure: which alerts still hold (a claimed, completed or deleted
missed call withdraws its toast everywhere), who may claim, and the team preferences (repeat,
snooze, escalation, privacy, sounds).

`claimable` is what the app offers ("Vou retornar"); the server has the last word
(resources/sql/004_claims.sql: RLS and a trigger keep the first claim).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from desktop_notifier.alerts.model import ALL_KINDS, AlertKind
from desktop_notifier.events import Call, CallRules
from desktop_notifier.events.claim import claim_of

CLAIM_ACTION = "claim"
SNOOZE_ACTION = "snooze"


@dataclass(frozen=True)
class TeamPrefs:
    """`repeat_minutes`: an unclaimed missed call alerts again this often (0: never);
    `snooze_minutes`: what "Adiar" postpones by; `escalate_minutes`: after this long unclaimed,
    leads get an escalation (0: never); `privacy`: hide details while on a call or sharing the
    screen; `sounds`: the kinds whose toast plays its sound."""

    repeat_minutes: float = 10.0
    snooze_minutes: float = 10.0
    escalate_minutes: float = 0.0
    privacy: bool = True
    sounds: frozenset[AlertKind] = field(default=ALL_KINDS)

    def __post_init__(self) -> None:
        for name in ("repeat_minutes", "snooze_minutes", "escalate_minutes"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} cannot be negative")

    @property
    def repeat(self) -> timedelta | None:
        return timedelta(minutes=self.repeat_minutes) if self.repeat_minutes > 0 else None

    @property
    def snooze(self) -> timedelta:
        return timedelta(minutes=self.snooze_minutes or 10.0)

    @property
    def escalate(self) -> timedelta | None:
        return timedelta(minutes=self.escalate_minutes) if self.escalate_minutes > 0 else None


def claimable(call: Call | None, rules: CallRules) -> bool:
    """A missed call nobody claimed yet: its toast, inbox entry and window offer the claim."""
    return call is not None and rules.is_missed(call.status) and claim_of(call) is None


def still_holds(kind: AlertKind | str, call: Call | None, rules: CallRules) -> bool:
    """Whether an alert of `kind` about `call` (None: deleted) is still worth showing.

    A deleted call withdraws every alert; a missed-call alert also goes once the call is
    claimed or no longer missed (completed, called back). Other alerts stay true once said."""
    if call is None:
        return False
    if kind == AlertKind.MISSED_CALL:
        return claimable(call, rules)
    return True


def toast_actions(kind: AlertKind | str, call: Call | None, rules: CallRules) -> tuple[str, ...]:
    """The extra actions of an alert's toast: claim and snooze on a claimable missed call."""
    if kind == AlertKind.MISSED_CALL and (call is None or claimable(call, rules)):
        return (CLAIM_ACTION, SNOOZE_ACTION)
    return ()
