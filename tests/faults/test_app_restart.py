"""The app is quit, calls are written while it is closed, and it is started again: the
persisted cursor brings every call back by catch-up, once. More than three caught-up alerts
become one "Enquanto você estava fora: …" toast whose click opens the history, while every
alert still enters the inbox and the history on its own."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

import pytest

from desktop_notifier.alerts import AlertKind
from desktop_notifier.app.tray_app import App
from desktop_notifier.notify.freedesktop import FreedesktopNotifier
from desktop_notifier.notify.toast import SUMMARY_KIND
from tests.faults.conftest import Run, configured, started, until
from tests.support.apps import MakeApp
from tests.support.outage import Ledger, Server, in_store
from tests.support.qt import Dunst

pytestmark = pytest.mark.desktop
ALERT_KINDS = {kind.value for kind in AlertKind}


def toasts_on_screen(app: App, dunst: Dunst) -> bool:
    """Every toast the app sent is answered by the notification server and displayed."""
    notifier = app.notifier
    assert isinstance(notifier, FreedesktopNotifier), "the Linux notifier"
    shown = len(notifier.open_toasts)
    return shown > 0 and dunst.displayed() == shown


@pytest.mark.sources
def test_quit_write_start_again(
    tmp_path: Path,
    server: Server,
    ledger: Ledger,
    make_app: MakeApp,
    run: Run,
    dunst: Dunst,
) -> None:
    profile = configured(tmp_path / "profile", server)
    first, first_seen = make_app(profile)
    second, second_seen = make_app(profile)
    while_closed: Counter[tuple[str, str]] = Counter()

    async def scenario() -> None:
        await started(first, first_seen)
        await until(first_seen.live, "a live connection", 30)
        await asyncio.to_thread(ledger.some, 2)
        await until(lambda: first_seen.counts() == ledger.expected, "the live alerts", 10)
        await until(lambda: toasts_on_screen(first, dunst), "the live toasts on screen")
        await first.shutdown()
        dunst.close_all()  # the user dismissed them: what shows next is the summary
        await until(lambda: dunst.displayed() == 0, "the live toasts dismissed")
        before = Counter(ledger.expected)
        await asyncio.to_thread(ledger.some, 6)  # written while the app is closed
        while_closed.update(ledger.expected - before)
        await started(second, second_seen)
        await until(lambda: second_seen.counts() == while_closed, "the caught-up alerts", 30)
        await until(lambda: dunst.displayed() >= 1, "the summary on the notification server")
        await asyncio.sleep(0.5)  # a quiet window: no toast may follow the summary

    run(scenario(), 90)
    assert first_seen.counts() + second_seen.counts() == ledger.expected, "lost or duplicated"
    assert all(second_seen.caught_up)
    assert in_store(profile / "store.sqlite3") == ledger.expected
    [summary] = second_seen.toasts
    assert summary.kind == SUMMARY_KIND
    assert summary.title == (
        "Enquanto você estava fora: 6 novas calls, 2 calls perdidas, "
        "2 scores excelentes, 2 análises concluídas"
    )
    assert not [t for t in second_seen.toasts if t.kind in ALERT_KINDS]
    assert second.inbox.unread() == sum(while_closed.values()), "each alert is in the inbox"

    dunst.ctl("action", "0")  # click the summary on the notification server
    run(until(lambda: second.history is not None and second.history.isVisible(), "history"))
    assert second.history is not None
    history = Counter((a.kind.value, a.call_id) for a in second.history._alerts)
    assert history == ledger.expected, "the history lists every alert once"
