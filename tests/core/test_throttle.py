"""throttle: a few toasts one by one, a burst as one self-updating summary, a backlog as one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from desktop_notifier.alerts import Alert, AlertKind, Summary, ToastThrottle, Urgency

T0 = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)


def alerts(n: int, kind: AlertKind = AlertKind.NEW_CALL) -> list[Alert]:
    return [Alert(kind, f"c{i}", f"t{i}", "b", Urgency.NORMAL, f"{kind}{i}", T0) for i in range(n)]


def test_a_steady_trickle_is_shown_one_by_one() -> None:
    throttle = ToastThrottle()
    for n in range(30):
        shown = throttle.admit(
            alerts(1), T0 + timedelta(seconds=2.5 * n), language="en", caught_up=False
        )
        assert [type(t) for t in shown] == [Alert]


def test_few_alerts_are_shown_individually() -> None:
    throttle = ToastThrottle()
    shown = throttle.admit(alerts(3), T0, language="pt_BR", caught_up=False)
    assert all(isinstance(t, Alert) for t in shown) and len(shown) == 3


def test_a_burst_becomes_one_growing_summary() -> None:
    throttle = ToastThrottle()
    first = throttle.admit(alerts(2), T0, language="pt_BR", caught_up=False)
    burst = throttle.admit(alerts(10), T0 + timedelta(seconds=1), language="pt_BR", caught_up=False)
    assert len(first) == 2
    assert [t.title for t in burst if isinstance(t, Summary)] == ["12 novas calls"]
    assert sum(isinstance(t, Alert) for t in burst) == 2  # the bucket held four
    more = throttle.admit(alerts(25), T0 + timedelta(seconds=3), language="pt_BR", caught_up=False)
    assert [t.title for t in more] == ["37 novas calls"]
    later = throttle.admit(alerts(1), T0 + timedelta(seconds=60), language="pt_BR", caught_up=False)
    assert [type(t) for t in later] == [Alert]  # the burst is over


def test_a_caught_up_backlog_becomes_one_summary() -> None:
    throttle = ToastThrottle()
    backlog = alerts(5) + alerts(2, AlertKind.ANALYSIS_DONE)
    [summary] = throttle.admit(backlog, T0, language="pt_BR", caught_up=True)
    assert isinstance(summary, Summary)
    assert summary.title == "Enquanto você estava fora: 5 novas calls, 2 análises concluídas"
    assert len(throttle.admit(alerts(3), T0, language="pt_BR", caught_up=True)) == 3
