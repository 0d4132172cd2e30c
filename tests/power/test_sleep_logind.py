"""SleepWatcher against a fake logind on the private system bus: PrepareForSleep, the delay
inhibitor (a real fd the fake watches), and what happens without logind or without a bus."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import pytest
from PySide6.QtDBus import QDBusConnection
from pytestqt.qtbot import QtBot

from desktop_notifier.system.power import SleepWatcher
from tests.power.conftest import FakeClocks
from tests.power.fake_logind import FakeLogind

MakeWatcher = Callable[..., SleepWatcher]
INHIBIT = ("sleep", "Calls Notifier", "Closing the connection before the machine sleeps", "delay")
QUIET_MS = 300


def held_one(watcher: SleepWatcher, fake: FakeLogind, qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: watcher.inhibitor_held and len(fake.held()) == 1, timeout=3000)


def test_sleep_and_wake_release_and_retake_the_inhibitor(
    fake_logind: FakeLogind, make_watcher: MakeWatcher, qtbot: QtBot
) -> None:
    watcher = make_watcher()
    events: list[str] = []
    watcher.about_to_sleep.connect(lambda: events.append("about_to_sleep"))
    watcher.resumed.connect(lambda reason: events.append(f"resumed:{reason}"))
    held_one(watcher, fake_logind, qtbot)
    [first] = fake_logind.inhibitors
    assert (first.what, first.who, first.why, first.mode) == INHIBIT

    with qtbot.waitSignal(watcher.about_to_sleep, timeout=3000):
        fake_logind.prepare_for_sleep(True)
    qtbot.wait(QUIET_MS)
    assert not first.released, "sleep must wait until the app says it is ready"

    asked = time.monotonic()
    watcher.release_inhibitor()
    qtbot.waitUntil(lambda: first.released, timeout=2000)
    assert first.released_at is not None
    assert first.released_at - asked < 0.5
    assert not watcher.inhibitor_held

    with qtbot.waitSignal(watcher.resumed, timeout=3000) as resumed:
        fake_logind.prepare_for_sleep(False)
    assert resumed.args == ["logind"]
    held_one(watcher, fake_logind, qtbot)
    assert len(fake_logind.inhibitors) == 2, "the inhibitor is taken again after the wake"
    assert events == ["about_to_sleep", "resumed:logind"]


def test_releasing_from_the_about_to_sleep_slot_lets_sleep_go_at_once(
    fake_logind: FakeLogind,
    make_watcher: MakeWatcher,
    qtbot: QtBot,
    caplog: pytest.LogCaptureFixture,
) -> None:
    watcher = make_watcher()
    watcher.about_to_sleep.connect(watcher.release_inhibitor)
    held_one(watcher, fake_logind, qtbot)
    [inhibitor] = fake_logind.inhibitors

    with caplog.at_level(logging.WARNING, "desktop_notifier.system.power"):
        fake_logind.prepare_for_sleep(True)
        qtbot.waitUntil(lambda: inhibitor.released, timeout=2000)
        qtbot.wait(QUIET_MS)
    assert inhibitor.released_at is not None
    assert inhibitor.released_at - fake_logind.sent_at(True) < 0.5
    assert not caplog.records


def test_inhibitor_is_released_by_itself_when_the_app_never_answers(
    fake_logind: FakeLogind,
    make_watcher: MakeWatcher,
    qtbot: QtBot,
    caplog: pytest.LogCaptureFixture,
) -> None:
    watcher = make_watcher(release_timeout_ms=300)
    held_one(watcher, fake_logind, qtbot)
    [inhibitor] = fake_logind.inhibitors

    with caplog.at_level(logging.WARNING, "desktop_notifier.system.power"):
        with qtbot.waitSignal(watcher.about_to_sleep, timeout=3000):
            fake_logind.prepare_for_sleep(True)
        qtbot.waitUntil(lambda: inhibitor.released, timeout=3000)
    assert inhibitor.released_at is not None
    assert 0.25 <= inhibitor.released_at - fake_logind.sent_at(True) < 1.5
    assert not watcher.inhibitor_held
    assert "did not get ready for sleep in time" in caplog.text


def test_clock_jump_during_a_logind_sleep_reports_the_wake_once(
    fake_logind: FakeLogind, make_watcher: MakeWatcher, qtbot: QtBot, clocks: FakeClocks
) -> None:
    watcher = make_watcher(wall_clock=clocks.wall_clock, monotonic_clock=clocks.monotonic_clock)
    held_one(watcher, fake_logind, qtbot)
    with qtbot.waitSignal(watcher.about_to_sleep, timeout=3000):
        fake_logind.prepare_for_sleep(True)
    watcher.release_inhibitor()
    clocks.suspend(3600)

    with qtbot.waitSignal(watcher.resumed, timeout=1000) as resumed:
        watcher.check_clock()  # the clock check happens to run before logind's signal
    assert resumed.args == ["clock-jump"]
    with qtbot.assertNotEmitted(watcher.resumed, wait=QUIET_MS):
        fake_logind.prepare_for_sleep(False)
    held_one(watcher, fake_logind, qtbot)


def test_logind_wake_resets_the_clock_check(
    fake_logind: FakeLogind, make_watcher: MakeWatcher, qtbot: QtBot, clocks: FakeClocks
) -> None:
    watcher = make_watcher(wall_clock=clocks.wall_clock, monotonic_clock=clocks.monotonic_clock)
    held_one(watcher, fake_logind, qtbot)
    with qtbot.waitSignal(watcher.about_to_sleep, timeout=3000):
        fake_logind.prepare_for_sleep(True)
    clocks.suspend(3600)

    with qtbot.waitSignal(watcher.resumed, timeout=3000) as resumed:
        fake_logind.prepare_for_sleep(False)
    assert resumed.args == ["logind"]
    with qtbot.assertNotEmitted(watcher.resumed, wait=0):
        watcher.check_clock()


def test_stop_lets_go_and_stops_listening(
    fake_logind: FakeLogind, make_watcher: MakeWatcher, qtbot: QtBot
) -> None:
    watcher = make_watcher()
    held_one(watcher, fake_logind, qtbot)
    [inhibitor] = fake_logind.inhibitors

    watcher.stop()
    qtbot.waitUntil(lambda: inhibitor.released, timeout=2000)
    assert not watcher.logind_subscribed
    with qtbot.assertNotEmitted(watcher.about_to_sleep, wait=QUIET_MS):
        fake_logind.prepare_for_sleep(True)


def test_without_logind_it_logs_once_and_relies_on_the_clock(
    private_system_bus: str,
    make_watcher: MakeWatcher,
    qtbot: QtBot,
    clocks: FakeClocks,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.INFO, "desktop_notifier.system.power"):
        watcher = make_watcher(wall_clock=clocks.wall_clock, monotonic_clock=clocks.monotonic_clock)
        qtbot.waitUntil(lambda: "logind is not available" in caplog.text, timeout=3000)
        qtbot.wait(QUIET_MS)
    assert caplog.text.count("logind is not available") == 1
    assert watcher.logind_subscribed  # it would hear logind if it came up later
    assert not watcher.inhibitor_held

    clocks.suspend(3600)
    with qtbot.waitSignal(watcher.resumed, timeout=1000) as resumed:
        watcher.check_clock()
    assert resumed.args == ["clock-jump"]


def test_without_a_system_bus_it_logs_once_and_relies_on_the_clock(
    no_system_bus: QDBusConnection,
    make_watcher: MakeWatcher,
    qtbot: QtBot,
    clocks: FakeClocks,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.INFO, "desktop_notifier.system.power"):
        watcher = make_watcher(
            bus=no_system_bus,
            wall_clock=clocks.wall_clock,
            monotonic_clock=clocks.monotonic_clock,
            check_interval_ms=20,
        )
    assert caplog.text.count("no system D-Bus") == 1
    assert not watcher.logind_subscribed

    with qtbot.waitSignal(watcher.resumed, timeout=1000) as resumed:
        clocks.suspend(3600)  # the timer notices by itself
    assert resumed.args == ["clock-jump"]
