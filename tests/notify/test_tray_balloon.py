"""The tray-balloon fallback in the real session (trayer hosts the icon), and the chain falling
back to it when no notification server is on the bus."""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QSystemTrayIcon, QWidget
from pytestqt.qtbot import QtBot

from desktop_notifier.alerts import Urgency
from desktop_notifier.notify import NotifierFactory, Toast, Unavailable, create_notifier
from desktop_notifier.notify.freedesktop import FreedesktopNotifier
from desktop_notifier.notify.icon import app_icon_path
from desktop_notifier.notify.tray_balloon import TrayBalloonNotifier
from tests.notify.buses import has_owner, private_bus

pytestmark = pytest.mark.desktop

MARKUP = '<b>Acme</b> & <a href="http://x">y</a>'


@pytest.fixture
def tray(qapp: QApplication, qtbot: QtBot) -> Iterator[QSystemTrayIcon]:
    icon = QSystemTrayIcon(QIcon(str(app_icon_path())))
    icon.show()
    qtbot.waitUntil(lambda: icon.geometry().x() > 0, timeout=3000)  # embedded by trayer
    yield icon
    icon.hide()
    icon.deleteLater()


def balloon(qapp: QApplication) -> QWidget | None:
    for widget in qapp.topLevelWidgets():
        if widget.metaObject().className() == "QBalloonTip" and widget.isVisible():
            return widget
    return None


def test_balloon_shows_plain_text_and_reports_the_last_toast_on_click(
    run: Any, qapp: QApplication, qtbot: QtBot, tray: QSystemTrayIcon
) -> None:
    clicks: list[Toast] = []
    first = Toast("Nova call de Acme", "Status: nova", Urgency.NORMAL, "c1", "c1", "new_call")
    second = Toast(f"Call perdida: {MARKUP}", MARKUP, Urgency.CRITICAL, "c2", "c2", "missed_call")
    notifier: TrayBalloonNotifier = run(TrayBalloonNotifier.create(clicks.append, tray=tray))
    assert QSystemTrayIcon.isSystemTrayAvailable()
    run(notifier.show(first))
    run(notifier.show(second))
    qtbot.waitUntil(lambda: balloon(qapp) is not None, timeout=3000)
    tip = balloon(qapp)
    assert tip is not None
    labels = {label.text(): label.textFormat() for label in tip.findChildren(QLabel)}
    assert labels[second.title] == Qt.TextFormat.PlainText
    assert labels[second.body] == Qt.TextFormat.PlainText
    with qtbot.waitSignal(tray.messageClicked, timeout=3000):
        QTest.mouseClick(tip, Qt.MouseButton.LeftButton)
    assert clicks == [second]
    run(notifier.close())
    tray.messageClicked.emit()
    assert clicks == [second]  # closed: no more reports
    with pytest.raises(Unavailable, match="closed"):
        run(notifier.show(first))


def test_without_a_notification_server_the_chain_falls_back_to_the_balloon(
    run: Any, tray: QSystemTrayIcon, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, "desktop_notifier.notify")
    with private_bus() as (address, _daemon):
        factories: list[NotifierFactory] = [
            functools.partial(FreedesktopNotifier.create, bus=address),
            functools.partial(TrayBalloonNotifier.create, tray=tray),
        ]
        started = time.monotonic()
        notifier = run(create_notifier(factories, lambda toast: None))
        assert time.monotonic() - started < 3
        assert notifier.name == "tray-balloon"
        assert "FreedesktopNotifier.create skipped: no notification server is running" in (
            caplog.text
        )
        assert "using tray-balloon" in caplog.text
        assert not run(has_owner(address))
        run(notifier.close())
