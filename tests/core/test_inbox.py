"""inbox: 30 seconds, newest first, with an injected clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from desktop_notifier.alerts import Alert, AlertKind, Urgency
from desktop_notifier.alerts.inbox import Inbox

T0 = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)


def alert(n: int, at: datetime, kind: AlertKind = AlertKind.NEW_CALL) -> Alert:
    return Alert(kind, f"id{n}", f"title {n}", "body", Urgency.NORMAL, f"k{n}", at)


def test_holds_for_thirty_seconds_then_drops() -> None:
    inbox = Inbox()
    inbox.add([alert(1, T0), alert(2, T0 + timedelta(seconds=10))])
    assert [a.call_id for a in inbox.current(T0 + timedelta(seconds=29))] == ["id2", "id1"]
    assert [a.call_id for a in inbox.current(T0 + timedelta(seconds=30))] == ["id2"]
    assert inbox.next_expiry(T0 + timedelta(seconds=30)) == T0 + timedelta(seconds=40)
    assert inbox.current(T0 + timedelta(seconds=40)) == []
    assert inbox.next_expiry(T0 + timedelta(seconds=40)) is None


def test_unread_outlives_the_window_until_marked_read() -> None:
    inbox = Inbox(ttl=timedelta(seconds=5))
    inbox.add([alert(1, T0), alert(2, T0, AlertKind.MISSED_CALL)])
    assert inbox.current(T0 + timedelta(minutes=5)) == []
    assert inbox.unread() == 2 and inbox.unread(AlertKind.NEW_CALL) == 1
    inbox.mark_all_read()
    assert inbox.unread() == 0


def test_bounded_under_a_burst() -> None:
    inbox = Inbox(max_items=100)
    inbox.add(alert(n, T0) for n in range(10_000))
    assert len(inbox.current(T0)) == 100
    assert inbox.current(T0)[0].call_id == "id9999"
    assert inbox.unread() == 10_000
