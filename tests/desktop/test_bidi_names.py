"""Bidi spoofing: company names carrying directional controls (an override inside an isolate,
a name already wrapped in U+2068 … U+2069, embeddings, marks) reach the toast and the call
window as the letters in the order they were written, with no control left: checked on the
`Notify` arguments dunst receives, and on pixels: each name as shown renders exactly like the
same letters typed plainly. Screenshots for the eye: /tmp/dn-artifacts/bidi-toasts.png (dunst
on the screen) and bidi-names.png (before and after, side by side)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QApplication, QGridLayout, QLabel, QWidget

from desktop_notifier.alerts import ToastThrottle
from desktop_notifier.alerts.text import one_line
from desktop_notifier.app.tray_app import App
from tests.notify.buses import NotifyMonitor
from tests.support.calls import insert_call
from tests.support.qt import Dunst
from tests.support.standin import Standin
from tests.support.waiting import until

pytestmark = pytest.mark.desktop
ARTIFACTS = Path("/tmp/dn-artifacts")
CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
# (name in the database, the letters a reader must see)
SPOOFS = [
    ("\u2068\u202eexe.evil\u2069", "exe.evil"),  # pre-isolated: was left as is, reversed
    ("Fatura \u2067\u202efdp.exe\u2069", "Fatura fdp.exe"),
    ("\u202aAcme\u202b \u202dSA\u202c", "Acme SA"),
    ("Banco\u200f \u200eCentral\u061c", "Banco Central"),
    ("شركة الأمل", "شركة الأمل"),  # right-to-left letters themselves stay
]


def test_directional_controls_never_reach_toasts(
    live_app: App, run: Any, own_standin: Standin, dunst: Dunst
) -> None:
    live_app.throttle = ToastThrottle(capacity=100)  # every toast, not a summary
    monitor = run(NotifyMonitor.start())
    with psycopg.connect(own_standin.info["dsn"], autocommit=True) as db:
        ids = [insert_call(db, own_standin.info["user_id"], name) for name, _ in SPOOFS]
    run(until(lambda: len(monitor.calls) >= len(SPOOFS), "the Notify calls", 20))
    run(until(lambda: dunst.displayed() >= len(SPOOFS), "the toasts on screen", 10))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    QGuiApplication.primaryScreen().grabWindow(0).save(str(ARTIFACTS / "bidi-toasts.png"))
    run(monitor.close())
    for call, (_, shown) in zip(monitor.calls, SPOOFS, strict=True):
        assert call.summary == f"Nova call de {shown}"
        assert not CONTROLS & set(call.summary + call.body)
    for call_id, (_, shown) in zip(ids, SPOOFS, strict=True):
        live_app.open_call(call_id)
        window = live_app.call_windows.windows[call_id]
        label = window.findChild(QLabel, "company")
        assert label is not None and label.text().replace("\u200b", "") == shown
        assert window.windowTitle().startswith(shown)
        window.close()


def rendered(text: str) -> QImage:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.adjustSize()
    image = label.grab().toImage()
    label.deleteLater()
    return image


def test_names_render_as_the_letters_written(qapp: QApplication) -> None:
    sheet = QWidget()
    grid = QGridLayout(sheet)
    headers = ("stored (controls spelled out)", "raw text renders as", "shown now")
    for column, header in enumerate(headers):
        grid.addWidget(QLabel(f"<b>{header}</b>"), 0, column)
    for row, (name, shown) in enumerate(SPOOFS, start=1):
        visible = "".join(f"<U+{ord(ch):04X}>" if ch in CONTROLS else ch for ch in name)
        for column, text in enumerate((visible, name, one_line(name))):
            label = QLabel(sheet)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setText(text)
            grid.addWidget(label, row, column)
        assert rendered(one_line(name)) == rendered(shown), name
    sheet.adjustSize()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    assert sheet.grab().save(str(ARTIFACTS / "bidi-names.png"))
    sheet.deleteLater()
