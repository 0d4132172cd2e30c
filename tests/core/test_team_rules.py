"""The pure parts of team alerting, exhaustively (hypothesis): who may claim and which alerts
still hold (alerts.team, events.claim), the repeat schedule with snooze and escalation
(alerts.reminders), privacy and sound pacing (alerts.privacy), the team settings' round trip."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import replace
from datetime import timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_notifier.alerts import Alert, AlertKind, Urgency
from desktop_notifier.alerts.inbox import Inbox
from desktop_notifier.alerts.privacy import (
    PRIVATE_TITLES,
    SOUND_GAP,
    SoundPacer,
    own_call_live,
    private,
    private_text,
)
from desktop_notifier.alerts.reminders import Reminders
from desktop_notifier.alerts.team import (
    CLAIM_ACTION,
    SNOOZE_ACTION,
    TeamPrefs,
    claimable,
    still_holds,
    toast_actions,
)
from desktop_notifier.events import Call, CallRules, ChangeType, EventKind, RowChange, classify
from desktop_notifier.events.claim import claim_of
from desktop_notifier.profile.settings import Settings
from tests.core.factories import BASE, row

RULES = CallRules()
STATUSES = st.sampled_from([None, "new", "in_progress", "missed", "completed", "MISSED ", "x"])
USERS = [str(uuid.UUID(int=n)) for n in range(1, 4)]
CLAIM_VALUES = st.one_of(
    st.none(), st.sampled_from(USERS), st.text(max_size=8), st.integers(), st.booleans()
)
KINDS = st.sampled_from(list(AlertKind))


def a_call(status: str | None, claimed_by: Any = None, owner: str | None = None) -> Call:
    extra = {} if claimed_by is None else {"claimed_by": claimed_by, "claimed_by_name": "Ana"}
    return Call.from_row(row(USERS[0].replace("1", "a"), status=status, owner_id=owner, **extra))


def is_uuid(value: Any) -> bool:
    try:
        uuid.UUID(value)
    except (TypeError, ValueError, AttributeError):
        return False
    return isinstance(value, str)


# --- claims and what still holds ----------------------------------------------------------


@given(CLAIM_VALUES, st.one_of(st.none(), st.text(max_size=5), st.integers()))
def test_a_claim_is_read_from_a_valid_uuid_only_and_never_raises(claimed: Any, at: Any) -> None:
    call = replace(a_call("missed"), extra={"claimed_by": claimed, "claimed_at": at})
    claim = claim_of(call)
    assert (claim is not None) == is_uuid(claimed)
    if claim is not None:
        assert claim.user_id == str(uuid.UUID(claimed))


@given(STATUSES, CLAIM_VALUES, KINDS, st.booleans())
def test_which_alerts_still_hold_and_what_a_toast_offers(
    status: str | None, claimed: Any, kind: AlertKind, deleted: bool
) -> None:
    call = None if deleted else a_call(status, claimed)
    missed_unclaimed = call is not None and RULES.is_missed(status) and not is_uuid(claimed)
    assert claimable(call, RULES) == missed_unclaimed
    if deleted:
        assert not still_holds(kind, call, RULES), "a deleted call withdraws every alert"
    elif kind is AlertKind.MISSED_CALL:
        assert still_holds(kind, call, RULES) == missed_unclaimed
    else:
        assert still_holds(kind, call, RULES), "other alerts stay true once said"
    actions = toast_actions(kind, call, RULES)
    offered = kind is AlertKind.MISSED_CALL and (call is None or missed_unclaimed)
    assert actions == ((CLAIM_ACTION, SNOOZE_ACTION) if offered else ())


@given(CLAIM_VALUES, CLAIM_VALUES, STATUSES)
def test_claimed_is_an_event_exactly_when_a_claim_appears(
    before: Any, after: Any, status: str | None
) -> None:
    call_id = str(uuid.uuid4())
    previous = Call.from_row(row(call_id, at=0, status=status, claimed_by=before))
    change = RowChange(
        ChangeType.UPDATE, row(call_id, at=1, status=status, claimed_by=after), {"id": call_id}
    )
    kinds = [e.kind for e in classify(change, previous).events]
    assert (EventKind.CLAIMED in kinds) == (is_uuid(after) and not is_uuid(before))


# --- the repeat schedule --------------------------------------------------------------------

OPS = st.lists(
    st.tuples(
        st.sampled_from(["track", "settle", "snooze", "tick"]),
        st.sampled_from(USERS),
        st.integers(min_value=0, max_value=400),  # seconds since the last operation
    ),
    max_size=40,
)


@settings(max_examples=300)
@given(
    OPS,
    st.sampled_from([0.0, 1.0, 2.5]),
    st.sampled_from([1.0, 10.0]),
    st.sampled_from([0.0, 3.0]),
    st.booleans(),
)
def test_reminders_follow_the_schedule_snooze_and_settle(
    ops: list[tuple[str, str, int]], every: float, snooze: float, escalate: float, lead: bool
) -> None:
    prefs = TeamPrefs(repeat_minutes=every, snooze_minutes=snooze, escalate_minutes=escalate)
    reminders = Reminders(prefs)
    now = BASE
    since: dict[str, Any] = {}  # the reference model: when each tracked call started
    not_before: dict[str, Any] = {}  # no reminder of a call before this moment
    escalated: set[str] = set()
    for op, call, wait in ops:
        now += timedelta(seconds=wait)
        if op == "track":
            reminders.track(call, now)
            if call not in since:
                since[call] = now
                not_before[call] = now + timedelta(minutes=every) if every else None
        elif op == "settle":
            reminders.settle(call)
            since.pop(call, None)
            escalated.discard(call)
        elif op == "snooze":
            reminders.snooze(call, now)
            if call in since:
                not_before[call] = now + prefs.snooze
        else:
            next_due = reminders.next_due(lead=lead)
            due = reminders.due(now, lead=lead)
            ids = [r.call_id for r in due]
            assert len(ids) == len(set(ids)), "each call at most once"
            assert set(ids) <= set(since), "never a settled or unknown call"
            if due:
                assert next_due is not None and next_due <= now
            for reminder in due:
                if reminder.escalation:
                    assert lead and escalate and reminder.call_id not in escalated
                    assert now - since[reminder.call_id] >= timedelta(minutes=escalate)
                    escalated.add(reminder.call_id)
                else:
                    limit = not_before[reminder.call_id]
                    assert limit is not None and now >= limit, "not before its time"
                if every:
                    not_before[reminder.call_id] = now + timedelta(minutes=every)
            for call_id in set(since) - set(ids):  # what was due came out
                limit = not_before.get(call_id)
                assert limit is None or limit > now or reminders.due_at(call_id) is None
    assert set(reminders.tracked()) == set(since)


def test_a_missed_call_repeats_every_period_and_a_snooze_moves_it() -> None:
    reminders = Reminders(TeamPrefs(repeat_minutes=10))
    reminders.track("c", BASE)
    assert reminders.due(BASE + timedelta(minutes=9), lead=False) == []
    [first] = reminders.due(BASE + timedelta(minutes=10), lead=False)
    assert first.call_id == "c" and not first.escalation
    reminders.snooze("c", BASE + timedelta(minutes=11))
    assert reminders.next_due(lead=False) == BASE + timedelta(minutes=21)
    reminders.settle("c")
    assert reminders.next_due(lead=False) is None


# --- privacy and sounds --------------------------------------------------------------------


@given(st.booleans(), st.booleans(), st.booleans())
def test_privacy_is_on_while_the_own_call_is_live_or_the_screen_is_shared(
    enabled: bool, own: bool, shared: bool
) -> None:
    prefs = TeamPrefs(privacy=enabled)
    assert private(prefs, own_call=own, screen_shared=shared) == (enabled and (own or shared))


@given(STATUSES, st.sampled_from([None, *USERS]), st.sampled_from([None, *USERS]))
def test_the_own_call_is_live_only_in_progress_and_owned(
    status: str | None, owner: str | None, me: str | None
) -> None:
    call = a_call(status, owner=owner)
    live = (status or "").strip().lower() == "in_progress" and me is not None and owner == me
    assert own_call_live([call], me) == live


@given(KINDS, st.sampled_from(["pt_BR", "en"]))
def test_a_private_toast_names_the_kind_only(kind: AlertKind, language: str) -> None:
    title, body = private_text(kind, language)
    assert title == PRIVATE_TITLES[language][kind]
    assert "{" not in title + body


@given(
    st.lists(st.tuples(KINDS, st.integers(0, 5000), st.booleans(), st.booleans()), max_size=30),
    st.frozensets(KINDS),
)
def test_sounds_are_paced_and_silent_under_privacy_dnd_or_when_off(
    toasts: list[tuple[AlertKind, int, bool, bool]], enabled: frozenset[AlertKind]
) -> None:
    pacer, prefs, now = SoundPacer(), TeamPrefs(sounds=enabled), BASE
    played: list[Any] = []
    for kind, wait_ms, hidden, quiet in toasts:
        now += timedelta(milliseconds=wait_ms)
        sound = pacer.sound_for(kind, prefs, now, private=hidden, quiet=quiet)
        if hidden or quiet or kind not in enabled:
            assert sound is None
        if sound is not None:
            assert sound == kind.value
            played.append(now)
    assert all(b - a >= SOUND_GAP for a, b in itertools.pairwise(played))


# --- inbox and settings ----------------------------------------------------------------------


def test_the_inbox_shows_who_claimed_every_entry_of_the_call() -> None:
    inbox = Inbox()
    alerts = [
        Alert(kind, call, "t", "b", Urgency.NORMAL, f"{kind}:{call}", BASE)
        for call in ("c1", "c2")
        for kind in (AlertKind.NEW_CALL, AlertKind.MISSED_CALL)
    ]
    inbox.add(alerts)
    assert inbox.claimed({"c1": "Ana", "c9": "Bia"}) and not inbox.claimed({"c1": "Ana"})
    assert {(a.call_id, a.claimed_by) for a in inbox.current(BASE)} == {
        ("c1", "Ana"),
        ("c2", None),
    }
    assert inbox.unread() == 4, "a claim marks nothing read"


@given(
    st.floats(0, 120, allow_nan=False),
    st.floats(0, 120, allow_nan=False),
    st.floats(0, 120, allow_nan=False),
    st.booleans(),
    st.frozensets(KINDS),
)
def test_team_settings_survive_the_file(
    repeat: float, snooze: float, escalate: float, privacy: bool, sounds: frozenset[AlertKind]
) -> None:
    team = TeamPrefs(repeat, snooze, escalate, privacy, sounds)
    saved = Settings(team=team)
    assert Settings.from_json(saved.to_json()) == saved


def test_bad_team_settings_fall_back_to_the_defaults() -> None:
    data = {"repeat_minutes": -1, "privacy_mode": "yes", "sound_kinds": ["nope"]}
    assert Settings.from_json(data).team == TeamPrefs()
