"""A thousand calls committed in one transaction, as a bulk import does: the user sees at most
five toasts on the real notification server (dunst), the last a summary that counts them all
and updates itself in place, and every one of the thousand alerts is in the history."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from typing import Any

import psycopg
import pytest

from desktop_notifier.app.tray_app import App
from tests.notify.buses import NotifyMonitor
from tests.support.standin import Standin
from tests.support.waiting import until

pytestmark = pytest.mark.desktop
Run = Callable[..., Any]
CALLS = 1000
INSERT = (
    "insert into public.calls (company_name, status, owner_id) "
    "select 'Lote ' || n, 'new', %s::uuid from generate_series(1, %s) n"
)


def test_a_thousand_calls_in_one_transaction_are_at_most_five_toasts(
    live_app: App, run: Run, own_standin: Standin
) -> None:
    app = live_app
    before = app.store.count_alerts()
    monitor = run(NotifyMonitor.start())
    try:
        with psycopg.connect(own_standin.info["dsn"], autocommit=True) as db:
            db.execute(INSERT, (own_standin.info["user_id"], CALLS))
        # on a loaded machine the changes may come late, or over Realtime's per-second quota be
        # dropped as the real server drops them; the reconciliation (every 120 s) reads those
        every = until(lambda: app.store.count_alerts() - before >= CALLS, "every alert", 240)
        run(every, 270)
        run(asyncio.sleep(3))  # the summary's last update goes out
    finally:
        run(monitor.close())
    new_toasts = [call for call in monitor.calls if call.replaces_id == 0]
    assert 1 <= len(new_toasts) <= 5, [call.summary for call in new_toasts]
    counts = [re.search(r"(\d+) novas calls", call.summary) for call in monitor.calls]
    largest = max((int(found.group(1)) for found in counts if found), default=0)
    assert largest >= CALLS // 2, "a summary counts them (live, and any a catch-up read)"
    assert app.store.count_alerts() - before == CALLS
