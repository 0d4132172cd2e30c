"""The freedesktop backend against the session's real dunst: shown, clicked, replaced, closed.

`dunstctl` plays the user; a monitor connection captures the Notify arguments on the bus.
"""

from __future__ import annotations

import asyncio
import html
import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from jeepney import HeaderFields, Message
from jeepney.bus_messages import MatchRule
from jeepney.io.asyncio import open_dbus_router

from desktop_notifier.alerts import Alert, AlertKind, Urgency
from desktop_notifier.alerts.text import render
from desktop_notifier.notify import Toast, escape_markup, toast_for_alert
from desktop_notifier.notify.freedesktop import FreedesktopNotifier
from desktop_notifier.notify.icon import app_icon_path
from tests.notify.buses import NotifyMonitor, send_foreign_notify
from tests.support.qt import Dunst
from tests.support.waiting import until

pytestmark = pytest.mark.desktop

COMPANY = '<b>Acme</b> & <a href="http://x">y</a>'
SCREENSHOT = Path("/tmp/dn-artifacts/notify-toast.png")


def toast(call: str = "call-1", title: str = "Nova call de Acme", **changes: Any) -> Toast:
    values: dict[str, Any] = {
        "body": "Status: nova",
        "urgency": Urgency.NORMAL,
        "replace_key": call,
        "target": call,
        "kind": "new_call",
    }
    values.update(changes)
    return Toast(title, **values)


def markup_alert() -> Alert:
    title, _ = render(AlertKind.NEW_CALL, "pt_BR", company=COMPANY, score=None, status="new")
    return Alert(
        kind=AlertKind.NEW_CALL,
        call_id="5f0c1a4e-0000-4000-8000-000000000001",
        title=title,
        body=f"Empresa: {COMPANY}\nStatus: nova",
        urgency=Urgency.NORMAL,
        dedupe_key="new_call:5f0c1a4e",
        at=datetime(2026, 11, 24, 14, 0, tzinfo=UTC),
        company=COMPANY,
    )


def test_a_toast_is_shown_with_the_right_notify_arguments(run: Any, dunst: Dunst) -> None:
    async def scenario() -> None:
        monitor = await NotifyMonitor.start()
        notifier = await FreedesktopNotifier.create(lambda toast: None, language="pt_BR")
        assert notifier.server.name == "dunst"
        assert {"actions", "body-markup"} <= notifier.server.capabilities
        await notifier.show(toast(urgency=Urgency.CRITICAL))
        await until(lambda: dunst.displayed() == 1, "dunst to display the toast")
        await until(lambda: monitor.calls, "the Notify call on the bus")
        (call,) = monitor.calls
        assert call.app_name == "Calls Notifier"
        assert call.replaces_id == 0
        assert call.app_icon == str(app_icon_path()) and os.path.isabs(call.app_icon)
        assert Path(call.app_icon).is_file()
        assert (call.summary, call.body) == ("Nova call de Acme", "Status: nova")
        assert call.actions == ["default", "Abrir"]
        assert call.hints == {
            "urgency": ("y", 2),
            "category": ("s", "im.received"),
            "desktop-entry": ("s", "calls-notifier"),
        }
        assert call.expire_timeout == -1
        await notifier.close()
        await monitor.close()

    run(scenario())


def test_english_action_label(run: Any, dunst: Dunst) -> None:
    async def scenario() -> None:
        monitor = await NotifyMonitor.start()
        notifier = await FreedesktopNotifier.create(lambda toast: None, language="en")
        await notifier.show(toast())
        await until(lambda: monitor.calls, "the Notify call on the bus")
        assert monitor.calls[0].actions == ["default", "Open"]
        await notifier.close()
        await monitor.close()

    run(scenario())


def test_markup_in_a_company_name_is_shown_literally(run: Any, dunst: Dunst) -> None:
    alert = markup_alert()

    async def scenario() -> int:
        monitor = await NotifyMonitor.start()
        notifier = await FreedesktopNotifier.create(lambda toast: None)
        await notifier.show(toast_for_alert(alert))
        await until(lambda: dunst.displayed() == 1, "dunst to display the toast")
        await until(lambda: monitor.calls, "the Notify call on the bus")
        (call,) = monitor.calls
        assert call.summary == alert.title  # plain text by spec; dunst escapes it itself
        assert call.body == escape_markup(alert.body)
        (nid,) = notifier.open_toasts
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["import", "-window", "root", str(SCREENSHOT)], check=True, timeout=10)
        await notifier.close()
        await monitor.close()
        return nid

    nid = run(scenario())
    dunst.ctl("close-all")
    shown = dunst.history()[nid]
    # dunst's format is "<b>%s</b>\n%b", handed to Pango as markup: only entities may remain.
    summary_line, body = shown["message"].split("\n", 1)
    assert summary_line.startswith("<b>") and summary_line.endswith("</b>")
    for text, original in ((summary_line[3:-4], alert.title), (body, alert.body)):
        assert "<" not in text and ">" not in text
        assert html.unescape(text) == original


def test_clicking_a_toast_reports_it(run: Any, dunst: Dunst) -> None:
    clicks: list[Toast] = []
    shown = toast()

    async def scenario() -> None:
        notifier = await FreedesktopNotifier.create(clicks.append)
        await notifier.show(shown)
        await until(lambda: dunst.displayed() == 1, "dunst to display the toast")
        dunst.ctl("action", "0")
        await until(lambda: clicks, "the click to be reported")
        await notifier.close()

    run(scenario())
    assert clicks == [shown]
    assert clicks[0] is shown


def test_a_newer_toast_for_the_same_call_replaces_the_older(run: Any, dunst: Dunst) -> None:
    clicks: list[Toast] = []
    first = toast("call-1", "Nova call de Acme")
    second = toast("call-1", "Call perdida: Acme", urgency=Urgency.CRITICAL, kind="missed_call")
    other = toast("call-2", "Nova call de Globex")

    async def scenario() -> int:
        monitor = await NotifyMonitor.start()
        notifier = await FreedesktopNotifier.create(clicks.append)
        await notifier.show(first)
        await until(lambda: dunst.displayed() == 1, "the first toast")
        (nid,) = notifier.open_toasts
        await notifier.show(second)
        await until(lambda: len(monitor.calls) == 2, "the second Notify")
        assert monitor.calls[1].replaces_id == nid
        assert dict(notifier.open_toasts) == {nid: second}
        assert dunst.displayed() == 1
        await notifier.show(other)
        await until(lambda: dunst.displayed() == 2, "a toast for another call")
        assert monitor.calls[2].replaces_id == 0
        assert len(notifier.open_toasts) == 2
        dunst.ctl("action", "0")  # dunst sorts the critical, replaced toast first
        await until(lambda: clicks, "the click on the replaced toast")
        await notifier.close()
        await monitor.close()
        return nid

    nid = run(scenario())
    assert clicks == [second]
    dunst.ctl("close-all")
    assert dunst.history()[nid]["summary"] == "Call perdida: Acme"


def test_clicks_on_other_applications_toasts_are_ignored(run: Any, dunst: Dunst) -> None:
    clicks: list[Toast] = []

    async def scenario() -> None:
        notifier = await FreedesktopNotifier.create(clicks.append)
        await notifier.show(toast())
        async with open_dbus_router() as other_app:
            rule = MatchRule(type="signal", interface="org.freedesktop.Notifications")
            with other_app.filter(rule, bufsize=10) as received:
                foreign = await send_foreign_notify(other_app, "Someone else", urgency=2)
                await until(lambda: dunst.displayed() == 2, "both toasts")
                dunst.ctl("action", "0")  # the critical, foreign toast is on top
                signal: Message = await received.get()
                member = signal.header.fields[HeaderFields.member]
                assert (member, signal.body) == ("ActionInvoked", (foreign, "default"))
        await asyncio.sleep(0.3)  # a quiet window: the foreign click must not reach us
        assert clicks == []
        await notifier.close()

    run(scenario())


def test_a_closed_toast_is_forgotten(run: Any, dunst: Dunst) -> None:
    async def scenario() -> None:
        monitor = await NotifyMonitor.start()
        notifier = await FreedesktopNotifier.create(lambda toast: None)
        await notifier.show(toast())
        await until(lambda: dunst.displayed() == 1, "the toast")
        dunst.ctl("close")
        await until(lambda: not notifier.open_toasts, "NotificationClosed")
        await notifier.show(toast())
        await until(lambda: len(monitor.calls) == 2, "the second Notify")
        assert monitor.calls[1].replaces_id == 0  # a new toast, not a replacement of a dead id
        await until(lambda: dunst.displayed() == 1, "the new toast")
        await notifier.close()
        await monitor.close()

    run(scenario())
