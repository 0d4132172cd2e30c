"""The portable clock-jump check, with injected clocks: no sleeping, no bus."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtDBus import QDBusConnection
from pytestqt.qtbot import QtBot

from desktop_notifier.system.power import SleepWatcher
from tests.power.conftest import FakeClocks

MakeWatcher = Callable[..., SleepWatcher]


@pytest.fixture
def watcher(
    make_watcher: MakeWatcher, no_system_bus: QDBusConnection, clocks: FakeClocks
) -> SleepWatcher:
    """A watcher whose timer never fires during a test: the test calls check_clock()."""
    return make_watcher(
        bus=no_system_bus,
        wall_clock=clocks.wall_clock,
        monotonic_clock=clocks.monotonic_clock,
        check_interval_ms=60_000,
        jump_threshold_s=20.0,
    )


@pytest.mark.parametrize("seconds", [21, 3600, 86_400 * 3])
def test_suspend_hidden_from_the_monotonic_clock_is_a_wake(
    watcher: SleepWatcher, clocks: FakeClocks, qtbot: QtBot, seconds: float
) -> None:
    clocks.suspend(seconds)
    with qtbot.waitSignal(watcher.resumed, timeout=0) as resumed:
        watcher.check_clock()
    assert resumed.args == ["clock-jump"]


def test_a_tick_far_too_late_is_a_wake(
    watcher: SleepWatcher, clocks: FakeClocks, qtbot: QtBot
) -> None:
    """Where the monotonic clock keeps counting in suspend, the tick itself comes late."""
    clocks.advance(60 + 3600)
    with qtbot.waitSignal(watcher.resumed, timeout=0) as resumed:
        watcher.check_clock()
    assert resumed.args == ["clock-jump"]


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda c: c.advance(60), id="on-time tick"),
        pytest.param(lambda c: c.advance(75), id="tick a little late"),
        pytest.param(lambda c: c.suspend(20), id="drift at the threshold"),
        pytest.param(lambda c: c.suspend(-3600), id="clock set back"),
        pytest.param(lambda c: None, id="no time passed"),
    ],
)
def test_ordinary_time_is_quiet(
    watcher: SleepWatcher,
    clocks: FakeClocks,
    qtbot: QtBot,
    change: Callable[[FakeClocks], None],
) -> None:
    with qtbot.assertNotEmitted(watcher.resumed, wait=0):
        for _ in range(3):
            change(clocks)
            watcher.check_clock()


def test_one_jump_is_reported_once(watcher: SleepWatcher, clocks: FakeClocks, qtbot: QtBot) -> None:
    clocks.suspend(3600)
    reasons: list[str] = []
    watcher.resumed.connect(reasons.append)
    for _ in range(3):
        watcher.check_clock()
        clocks.advance(60)
    assert reasons == ["clock-jump"]


def test_the_timer_runs_the_check(
    make_watcher: MakeWatcher, no_system_bus: QDBusConnection, clocks: FakeClocks, qtbot: QtBot
) -> None:
    watcher = make_watcher(
        bus=no_system_bus,
        wall_clock=clocks.wall_clock,
        monotonic_clock=clocks.monotonic_clock,
        check_interval_ms=20,
    )
    with qtbot.assertNotEmitted(watcher.resumed, wait=200):
        pass
    with qtbot.waitSignal(watcher.resumed, timeout=1000) as resumed:
        clocks.suspend(3600)
    assert resumed.args == ["clock-jump"]


def test_a_stopped_watcher_does_not_check(
    watcher: SleepWatcher, clocks: FakeClocks, qtbot: QtBot
) -> None:
    watcher.stop()
    clocks.suspend(3600)
    with qtbot.assertNotEmitted(watcher.resumed, wait=0):
        watcher.check_clock()
