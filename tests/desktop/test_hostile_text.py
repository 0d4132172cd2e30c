"""Hostile text from the database reaches the user as the literal characters: in the `Notify`
arguments dunst receives (captured on the bus) and in the call window, with nothing fetched,
linked or interpreted, and with long values cut for toasts."""

from __future__ import annotations

import html
import time
from typing import Any

import psycopg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from desktop_notifier.alerts import ToastThrottle
from desktop_notifier.alerts.text import one_line
from desktop_notifier.app.tray_app import App
from tests.notify.buses import NotifyMonitor
from tests.support.calls import insert_call
from tests.support.qt import Dunst
from tests.support.standin import Standin
from tests.support.waiting import until

pytestmark = pytest.mark.desktop

HOSTILE = [
    '<b>Acme</b> & <a href="http://evil.example/x">clique</a> <img src="http://evil.example/p.png">',
    "&lt;already&gt; &amp; escaped &#x41;",
    "Linha 1\nLinha 2\tTab\x07sino\x1b[31m",
    "\u202eexe.evil\u202c Ltda",
    "🚀 Foguete Ltda 🇧🇷 👩🏽‍💻",
]
HOSTILE_STATUS = "<i>novo</i> & <a href='x'>y</a>"


def test_hostile_company_names_are_literal_in_toasts_and_windows(
    live_app: App, run: Any, own_standin: Standin, dunst: Dunst
) -> None:
    app = live_app
    app.throttle = ToastThrottle(capacity=100)  # this test reads every toast, not a summary
    monitor = run(NotifyMonitor.start())
    names = [*HOSTILE, "A" * 1_000_000]
    ids = []
    with psycopg.connect(own_standin.info["dsn"], autocommit=True) as db:
        for name in names:
            ids.append(insert_call(db, own_standin.info["user_id"], name, status=HOSTILE_STATUS))
            # Awaited in this same iteration: the closure sees this iteration's `ids`.
            run(until(lambda: len(monitor.calls) >= len(ids), "the Notify call", 20))
    for name, call in zip(names, monitor.calls, strict=True):
        assert call.summary == f"Nova call de {one_line(name)}"  # dunst escapes the summary
        assert html.unescape(call.body) == f"Status: {one_line(HOSTILE_STATUS)}"
        assert "<" not in call.body and "<" not in call.body.replace("&lt;", "")
        assert len(call.summary) <= 120 and "\n" not in call.summary
    assert "…" in monitor.calls[-1].summary, "a 1 MB name is cut for the toast"
    run(monitor.close())

    for name, call_id in zip(names, ids, strict=True):
        started = time.monotonic()
        app.open_call(call_id)
        window = app.call_windows.windows[call_id]
        label = window.findChild(QLabel, "company")
        assert label is not None and label.textFormat() == Qt.TextFormat.PlainText
        shown = label.text().replace("\u200b", "")
        # The header is one line: control characters become spaces, a huge name is cut;
        # markup, entities, emoji and bidi text stay the literal characters.
        assert shown == one_line(name, 120)
        assert window.windowTitle().startswith(one_line(name, 60))
        assert time.monotonic() - started < 3, "a huge value must not freeze the window"
        window.close()
