"""Do-not-disturb as the user turns it on in the real notification server (dunst's pause on X11,
mako's "do-not-disturb" mode on Wayland): alerts still reach the inbox, the tray and the
history, no toast is sent (nothing piles up in the server either), and when it ends exactly
one summary toast stands for them; a click on it opens the history."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import psycopg
import pytest

from desktop_notifier.app.tray_app import App
from tests.notify.buses import NotifyMonitor
from tests.support.calls import insert_call, update_call
from tests.support.qt import Dunst, screenshot
from tests.support.standin import Standin
from tests.support.waiting import until

pytestmark = pytest.mark.desktop
Run = Callable[..., Any]


def test_alerts_wait_for_the_end_of_do_not_disturb_and_come_back_as_one_summary(
    live_app: App, run: Run, own_standin: Standin, dunst: Dunst
) -> None:
    app = live_app
    monitor = run(NotifyMonitor.start())
    try:
        dunst.set_quiet(True)
        with psycopg.connect(own_standin.info["dsn"], autocommit=True) as db:
            user = own_standin.info["user_id"]
            first = insert_call(db, user, "Quieta Ltda")
            insert_call(db, user, "Silêncio SA")
            update_call(db, first, status="missed")
            run(until(lambda: app.toasts.dnd.held == 3, "three alerts held"))
            assert app.inbox.unread() >= 2, "the alerts are in the inbox"

            def in_menu() -> bool:  # the tray refreshes a moment after the alerts
                menu = [a.text() for a in app.tray.menu.actions()]
                return "Call perdida: Quieta Ltda" in menu and "Nova call de Silêncio SA" in menu

            run(until(in_menu, "the alerts in the tray menu"))
            assert app.store.count_alerts() >= 3, "the history has them"
            run(asyncio.sleep(1.2))  # a poll of the quiet state went by
            assert monitor.calls == [], "no toast while do-not-disturb is on"
            assert dunst.displayed() == 0 and dunst.waiting() == 0

            dunst.set_quiet(False)
            run(until(lambda: monitor.calls, "the summary toast", 5))
            run(asyncio.sleep(1.2))
            [summary] = monitor.calls
            assert summary.summary == (
                "Enquanto você estava fora: 2 novas calls, 1 call perdida"
            ), summary
            assert dunst.displayed() == 1
            run(asyncio.sleep(0.3))
            screenshot("do-not-disturb-summary.png")
            dunst.click_newest()
            run(until(lambda: app.history is not None and app.history.isVisible(), "history"))
            assert app.history is not None
            assert set(app.history.visible_call_ids()) >= {first}
            app.history.close()

            insert_call(db, user, "Depois Ltda")  # after the quiet: toasts as usual
            run(until(lambda: len(monitor.calls) == 2, "the next toast"))
            assert monitor.calls[1].summary == "Nova call de Depois Ltda"
    finally:
        dunst.set_quiet(False)
        run(monitor.close())
