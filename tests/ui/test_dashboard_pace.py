"""The dashboard's pace (app/views.py): during a burst it counts at most every
`BURST_INTERVAL`, and a change that follows a quiet moment shows within `QUIET_INTERVAL`,
however recent the burst's last count (a CI run saw 1.7 s where a second was promised)."""

from __future__ import annotations

import time
from collections.abc import Coroutine, Iterator
from datetime import datetime
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_notifier.app import views as views_module
from desktop_notifier.app.views import Views
from desktop_notifier.profile.settings import Settings


def no_reads(coro: Coroutine[Any, Any, None]) -> None:
    coro.close()  # no account: the book reads nothing


@pytest.fixture
def views(qapp: QApplication, qtbot: QtBot) -> Iterator[Views]:
    shown = Views(lambda: None, Settings, no_reads, lambda: datetime.now().astimezone())
    shown.open_dashboard()
    assert shown.dashboard is not None
    qtbot.addWidget(shown.dashboard)
    yield shown  # qtbot closes the dashboard


def change(views: Views) -> None:
    views._on_changed([], [], [])  # what the book emits for a live change


def test_a_change_after_a_burst_and_a_quiet_moment_shows_at_once(
    views: Views, qtbot: QtBot
) -> None:
    # A burst that ends just after a count: its next count is a whole interval away.
    start = time.monotonic()
    while time.monotonic() - start < 3.0:
        change(views)
        qtbot.wait(50)
    counted = views.counts
    qtbot.waitUntil(lambda: views.counts > counted, timeout=3000)
    burst_counts = views.counts
    change(views)  # the burst's last change, right after a count
    last_change = time.monotonic()
    assert burst_counts <= 4, f"{burst_counts} counts in a 3 s burst"

    # Its count comes an interval later; a change soon after that one, but after a quiet
    # moment since the burst's last change, is no burst.
    qtbot.waitUntil(lambda: views.counts > burst_counts, timeout=3000)
    quiet = last_change + views_module.BURST_INTERVAL + 0.15 - time.monotonic()
    qtbot.wait(max(0, int(quiet * 1000)))
    counted = views.counts
    change(views)
    begun = time.monotonic()
    qtbot.waitUntil(lambda: views.counts > counted, timeout=3000)
    waited = time.monotonic() - begun
    assert waited < views_module.QUIET_INTERVAL + 0.5, (
        f"a change {begun - last_change:.1f} s after the burst waited {waited:.2f} s"
    )
