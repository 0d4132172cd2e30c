"""OutageNotice: one `lost` after the grace period however much the link flaps, one `back`
after it, nothing for a sleep, a sign-out or a stop."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_notifier.connection.outage_notice import OutageNotice
from desktop_notifier.connection.supervisor import ConnectionState

LIVE = ConnectionState.LIVE
OFFLINE = ConnectionState.OFFLINE
CONNECTING = ConnectionState.CONNECTING
GRACE = 0.2


@pytest.fixture
def notice(qapp: QApplication) -> tuple[OutageNotice, list[str]]:
    made = OutageNotice(GRACE)
    said: list[str] = []
    made.lost.connect(lambda: said.append("lost"))
    made.back.connect(lambda: said.append("back"))
    return made, said


def test_flapping_within_the_grace_period_says_nothing(
    notice: tuple[OutageNotice, list[str]], qtbot: QtBot
) -> None:
    made, said = notice
    made.state_changed(LIVE)
    for _ in range(3):
        for state in (OFFLINE, CONNECTING, LIVE):
            made.state_changed(state)
        qtbot.wait(int(GRACE * 400))
    qtbot.wait(int(GRACE * 1500))
    assert said == []


def test_one_lost_and_one_back_per_outage(
    notice: tuple[OutageNotice, list[str]], qtbot: QtBot
) -> None:
    made, said = notice
    made.state_changed(LIVE)
    made.state_changed(OFFLINE)
    qtbot.waitUntil(lambda: said == ["lost"], timeout=2000)
    for state in (CONNECTING, OFFLINE) * 3:  # retries go on
        made.state_changed(state)
    qtbot.wait(int(GRACE * 2000))
    made.state_changed(LIVE)
    made.state_changed(LIVE)
    assert said == ["lost", "back"]
    made.state_changed(OFFLINE)
    qtbot.waitUntil(lambda: said == ["lost", "back", "lost"], timeout=2000)


def test_a_sleep_is_not_an_outage_and_the_count_restarts_at_the_wake(
    notice: tuple[OutageNotice, list[str]], qtbot: QtBot
) -> None:
    made, said = notice
    made.state_changed(LIVE)
    made.about_to_sleep()
    made.state_changed(OFFLINE)
    qtbot.wait(int(GRACE * 2000))
    assert said == [] and not made.counting
    made.resumed("logind")
    assert made.counting
    made.state_changed(LIVE)
    qtbot.wait(int(GRACE * 1500))
    assert said == []


@pytest.mark.parametrize("end", [ConnectionState.SIGNED_OUT, ConnectionState.STOPPED])
def test_signing_out_or_stopping_says_nothing(
    notice: tuple[OutageNotice, list[str]], qtbot: QtBot, end: ConnectionState
) -> None:
    made, said = notice
    made.state_changed(OFFLINE)
    made.state_changed(end)
    qtbot.wait(int(GRACE * 2000))
    assert said == []
