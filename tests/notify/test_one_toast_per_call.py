"""One toast per call and moment, on every backend: an update that drops a call's score to 15
and completes its analysis shows one critical toast that leads with the low score, and a later,
milder alert for that call never replaces it while it is on screen (the inbox still gets it).

Real dunst for Linux; the Windows and macOS backends on their fakes (tests/notify/fake_*.py).
"""

from __future__ import annotations

import asyncio
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from desktop_notifier.alerts import Alert, AlertPrefs, ToastThrottle, Urgency, decide
from desktop_notifier.alerts.inbox import Inbox
from desktop_notifier.events import Call, CallEvent, classify, parse_change
from desktop_notifier.notify import Notifier, Toast, macos, macos_content, toast_for_alert
from desktop_notifier.notify.defaults import default_factories
from desktop_notifier.notify.freedesktop import FreedesktopNotifier
from desktop_notifier.notify.gate import ToastGate
from tests.core.factories import payload, row
from tests.notify import fake_pyobjc, fake_winrt
from tests.notify.buses import NotifyMonitor
from tests.support.qt import Dunst
from tests.support.waiting import until

CALL = "7a1e5c0d-1b2c-4d3e-8f90-0a1b2c3d4e5f"
NOW = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)
LEADING = "⚠️ Score baixo: 15 — análise completada"
SCREENSHOT = Path("/tmp/dn-artifacts/notify-one-toast-per-call.png")


def _update(at: float, **after: Any) -> list[CallEvent]:
    """The events the classifier finds in one UPDATE of CALL from (score 80, analysis
    processing) to `after`."""
    before = row(CALL, at=0, score=80, ai_status="processing")
    record = {**before, "updated_at": row(CALL, at=at)["updated_at"], **after}
    change = parse_change(payload("UPDATE", record, {"id": CALL}))
    return list(classify(change, Call.from_row(before)).events)


def score_and_analysis() -> list[Alert]:
    return decide(_update(5, score=15, ai_status="completed"), AlertPrefs(), NOW)


def later_analysis() -> list[Alert]:
    """A milder alert for the same call a little later (its analysis redone)."""
    events = _update(9, ai_status="completed")
    return decide(events, AlertPrefs(), NOW + timedelta(seconds=4))


def toasts_for(alerts: list[Alert], throttle: ToastThrottle, at: datetime) -> list[Toast]:
    admitted = throttle.admit(alerts, at, language="pt_BR", caught_up=False)
    return [toast_for_alert(a) for a in admitted if isinstance(a, Alert)]


def test_the_update_raises_two_alerts_and_the_throttle_makes_one_toast() -> None:
    alerts = score_and_analysis()
    assert sorted(a.kind.value for a in alerts) == ["analysis_done", "low_score"]
    inbox = Inbox()
    inbox.add(alerts)
    assert inbox.unread() == 2, "the inbox keeps both alerts"
    (toast,) = toasts_for(alerts, ToastThrottle(), NOW)
    assert toast.title == LEADING
    assert toast.urgency is Urgency.CRITICAL and toast.replace_key == CALL
    assert toast.body == "Acme"
    assert (toast.kind, toast.covers) == ("low_score", ("analysis_done",))


def test_english_names_the_other_alert_in_english() -> None:
    alerts = decide(_update(5, score=15, ai_status="completed"), AlertPrefs(language="en"), NOW)
    admitted = ToastThrottle().admit(alerts, NOW, language="en", caught_up=False)
    assert [a.title for a in admitted] == ["⚠️ Low score: 15 — analysis completed"]


async def _shown_sequence(notifier: Notifier) -> None:
    throttle = ToastThrottle()
    for toast in toasts_for(score_and_analysis(), throttle, NOW):
        await notifier.show(toast)
    for toast in toasts_for(later_analysis(), throttle, NOW + timedelta(seconds=4)):
        await notifier.show(toast)


@pytest.mark.desktop
def test_dunst_shows_one_critical_toast_and_keeps_it(run: Any, dunst: Dunst) -> None:
    async def scenario() -> list[Any]:
        monitor = await NotifyMonitor.start()
        notifier = await FreedesktopNotifier.create(lambda toast: None, language="pt_BR")
        await _shown_sequence(notifier)
        await until(lambda: dunst.displayed() == 1, "dunst to display the toast", 3.0)
        await until(lambda: monitor.calls, "the Notify call on the bus", 3.0)
        await asyncio.sleep(0.3)  # a second Notify, if any, would have arrived by now
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["import", "-window", "root", str(SCREENSHOT)], check=True, timeout=10)
        calls = list(monitor.calls)
        (shown,) = notifier.open_toasts.values()
        assert shown.title == LEADING
        assert notifier.gate.dropped == 1
        await notifier.close()
        await monitor.close()
        return calls

    (call,) = run(scenario())
    assert call.summary == LEADING
    assert call.hints["urgency"] == ("y", 2)
    dunst.ctl("close-all")


@pytest.mark.desktop
def test_on_dunst_a_milder_toast_comes_back_once_the_urgent_one_is_closed(
    run: Any, dunst: Dunst
) -> None:
    async def scenario() -> list[Any]:
        monitor = await NotifyMonitor.start()
        notifier = await FreedesktopNotifier.create(lambda toast: None, language="pt_BR")
        throttle = ToastThrottle()
        for toast in toasts_for(score_and_analysis(), throttle, NOW):
            await notifier.show(toast)
        await until(lambda: dunst.displayed() == 1, "dunst to display the toast", 3.0)
        dunst.ctl("close-all")  # the user dismisses the urgent toast
        await until(lambda: not notifier.open_toasts, "NotificationClosed", 3.0)
        for toast in toasts_for(later_analysis(), throttle, NOW + timedelta(seconds=4)):
            await notifier.show(toast)
        await until(lambda: len(monitor.calls) == 2, "the milder toast", 3.0)
        calls = list(monitor.calls)
        await notifier.close()
        await monitor.close()
        return calls

    first, second = run(scenario())
    assert first.hints["urgency"] == ("y", 2)
    assert second.summary == "Análise completada para Acme" and second.hints["urgency"] == ("y", 0)
    dunst.ctl("close-all")


def test_windows_shows_the_same_one_toast(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = fake_winrt.install(monkeypatch)
    factory = default_factories(tray=None, language="pt_BR")[0]  # type: ignore[arg-type]

    async def scenario() -> None:
        notifier = await factory(lambda _t: None)
        await _shown_sequence(notifier)

    asyncio.run(scenario())
    (shown,) = fake.notifiers[0].shown
    assert LEADING in shown.document.xml
    assert 'duration="long"' in shown.document.xml, "shown as the critical toast it is"


def test_macos_shows_the_same_one_toast(monkeypatch: pytest.MonkeyPatch) -> None:
    center = fake_pyobjc.install(monkeypatch)
    center.decided = True

    async def scenario() -> None:
        notifier = await macos.create(lambda _t: None)
        await _shown_sequence(notifier)

    try:
        asyncio.run(scenario())
    finally:
        macos._delegate_class.cache_clear()
    ((ident, content),) = center.requests
    assert ident == f"call:{CALL}"
    assert content.fields["Title"] == LEADING
    assert content.fields["InterruptionLevel"] == macos_content.interruption_level(Urgency.CRITICAL)


def test_the_gate_lets_a_milder_toast_through_once_the_urgent_one_left_the_screen() -> None:
    shown: list[Toast] = []
    clock = [0.0]

    async def deliver(toast: Toast) -> None:
        shown.append(toast)

    async def scenario() -> None:
        gate = ToastGate(deliver, hold=25.0, clock=lambda: clock[0])
        urgent = Toast("⚠️", "Acme", Urgency.CRITICAL, replace_key="c", kind="low_score")
        mild = Toast("Análise", "Acme", Urgency.LOW, replace_key="c", kind="analysis_done")
        await gate.show(urgent)
        clock[0] = 10.0
        await gate.show(mild)  # the urgent one is still on screen
        clock[0] = 26.0
        await gate.show(mild)  # it has left the screen by now
        other = Toast("Nova", "Beta", Urgency.LOW, replace_key="d", kind="new_call")
        await gate.show(other)  # another call is not held back

    asyncio.run(scenario())
    assert [t.kind for t in shown] == ["low_score", "analysis_done", "new_call"]
