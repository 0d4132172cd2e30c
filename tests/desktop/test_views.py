"""The dashboard ("Painel") and the calls list of a live tray app, on the real session: their
numbers and rows against SQL counts after a scripted day of calls, following live inserts and
updates, the "N new calls" banner shared with the tray, and a reconnect reading again."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest
from PySide6.QtCore import Qt

from desktop_notifier.app import views
from desktop_notifier.app.tray_app import App
from tests.support.calls import insert_call, update_call
from tests.support.qt import screenshot
from tests.support.standin import Standin
from tests.support.waiting import until

pytestmark = pytest.mark.desktop
Run = Callable[..., Any]
DB = psycopg.Connection[tuple[Any, ...]]
NAMES = ["Dia %", "Ontem %", "Ao vivo Ltda", "Mais uma", "Nova <b>Padaria</b>%"]
STATUSES = ["new", "in_progress", "processing", "completed", "missed", "failed"]
AI = [None, "processing", "completed", "failed", "pending"]


@pytest.fixture(autouse=True)
def _remove_the_calls(own_standin: Standin) -> Iterator[None]:
    """The test's calls go after it: a call of the user left `in_progress` would turn on the
    privacy mode (alerts/privacy.py) for the next tests on this database."""
    yield
    with psycopg.connect(own_standin.info["dsn"], autocommit=True) as db:
        db.execute("delete from public.calls where company_name like any(%s)", (NAMES,))


def arrivals(app: App) -> set[str]:
    """The ids of the calls whose changes reached the app's windows from now on."""
    seen: set[str] = set()
    app.bridge.calls_updated.connect(lambda calls: seen.update(calls))
    return seen


def today() -> tuple[datetime, datetime]:
    now = datetime.now().astimezone()
    start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start + timedelta(days=1)


def scripted_day(db: DB, owner: str, count: int) -> list[str]:
    """`count` calls spread over today's hours so far, in every status, score and AI state,
    and a few of yesterday (which must not count)."""
    rng = random.Random(17)
    start, _ = today()
    span = max((datetime.now().astimezone() - start).total_seconds() - 60, 1)
    ids = []
    for i in range(3):
        ids.append(insert_call(db, owner, f"Ontem {i}", created_at=start - timedelta(hours=i + 1)))
    for i in range(count):
        score = rng.choice([None, rng.randint(0, 100), rng.randint(0, 30), rng.randint(90, 100)])
        created = start + timedelta(seconds=rng.uniform(0, span))
        ids.append(insert_call(db, owner, f"Dia {i}", status=rng.choice(STATUSES), score=score,
                               ai_status=rng.choice(AI), created_at=created))  # fmt: skip
    return ids


def sql_numbers(db: DB, owner: str) -> dict[str, str]:
    """What the dashboard must show, counted by PostgreSQL."""
    start, end = today()
    row = db.execute(
        """
        select count(*),
               count(*) filter (where coalesce(status, '') not in
                                ('completed', 'failed', 'cancelled', 'missed')),
               count(*) filter (where status = 'missed'),
               round(avg(score)),
               count(*) filter (where score <= 30),
               count(*) filter (where score > 30 and score < 90),
               count(*) filter (where score >= 90),
               count(*) filter (where ai_status is not null
                                and ai_status not in ('completed', 'failed')),
               count(*) filter (where ai_status = 'completed')
        from public.calls where owner_id = %s and created_at >= %s and created_at < %s
        """,
        (owner, start, end),
    ).fetchone()
    assert row is not None
    names = ("total", "active", "missed", "average", "low", "regular", "high", "pending", "done")
    return {n: "—" if v is None else str(v) for n, v in zip(names, row, strict=True)}


def test_the_dashboard_counts_what_sql_counts_and_follows_live_changes(
    live_app: App, run: Run, own_standin: Standin
) -> None:
    app, owner = live_app, own_standin.info["user_id"]

    async def scenario() -> None:
        # one coroutine: a change arriving while no loop runs would be lost (apps.py)
        with psycopg.connect(own_standin.info["dsn"], autocommit=True) as db:
            arrived = arrivals(app)
            scripted = scripted_day(db, owner, 60)
            expected = sql_numbers(db, owner)
            app.views_actions.dashboard.trigger()  # the tray menu's "Painel"
            dashboard = app.views.dashboard
            assert dashboard is not None

            def shown() -> dict[str, str]:
                assert dashboard is not None
                return {name: dashboard.number(name) for name in expected}

            await until(lambda: shown() == expected, f"the SQL numbers {expected}")
            assert sum(dashboard.chart.counts()) == int(expected["total"])
            dashboard.repaint()
            screenshot("app-dashboard.png")

            # The scripted day also streams in live (a burst: counted every 2 s); once it is all
            # in and a quiet moment passed, one live insert shows within a second.
            last = scripted[-1]
            await until(lambda: last in arrived, "the scripted day, live")
            await asyncio.sleep(
                views.BURST_INTERVAL + views.QUIET_INTERVAL
            )  # the quiet moment itself
            insert_call(db, owner, "Ao vivo Ltda", status="missed", score=12)
            expected = sql_numbers(db, owner)
            # the bound: a live insert is on the dashboard within a second
            await until(lambda: shown() == expected, "the live insert on the dashboard", 1.0)
            call = insert_call(db, owner, "Mais uma", status="in_progress")
            await until(lambda: shown() == sql_numbers(db, owner), "the second live insert", 3.0)
            update_call(db, call, status="completed", score=95, ai_status="completed")
            await until(lambda: shown() == sql_numbers(db, owner), "a live update", 3.0)

            # A reconnect reads the numbers again from the server.
            read_at = app.views.book.read_at
            app.tray.reconnect_requested.emit()
            await until(
                lambda: app.views.book.read_at != read_at, "a second read after reconnecting"
            )
            await until(lambda: shown() == sql_numbers(db, owner), "the same numbers after it")

    run(scenario())


def test_the_calls_list_inserts_updates_and_marks_read(
    live_app: App, run: Run, own_standin: Standin
) -> None:
    app, owner = live_app, own_standin.info["user_id"]

    async def scenario() -> None:
        # one coroutine: a change arriving while no loop runs would be lost (apps.py)
        with psycopg.connect(own_standin.info["dsn"], autocommit=True) as db:
            arrived = arrivals(app)
            last = scripted_day(db, owner, 25)[-1]
            await until(lambda: last in arrived, "the scripted day, live")
            app.tray.mark_read_requested.emit()  # the tray's "marcar como lidas": none new yet
            start, end = today()
            total = db.execute(
                "select count(*) from public.calls where owner_id = %s and created_at >= %s "
                "and created_at < %s",
                (owner, start, end),
            ).fetchone()
            assert total is not None
            app.views_actions.calls.trigger()  # the tray menu's "Calls de hoje"
            window = app.views.calls
            assert window is not None
            model = window.model
            await until(lambda: model.rowCount() == total[0], f"{total[0]} rows of today")
            assert not window.banner.isVisible()
            rows = [model.call_at(r) for r in range(model.rowCount())]
            times = [
                row.created_at for row in rows if row is not None and row.created_at is not None
            ]
            assert len(times) == len(rows) and times == sorted(times, reverse=True), "newest first"

            call = insert_call(db, owner, 'Nova <b>Padaria</b> & "Cia"', status="new")
            await until(lambda: model.rowCount() == total[0] + 1, "the new call in the list")
            top = model.index(0, 1)
            assert top.data() == 'Nova <b>Padaria</b> & "Cia"', "on top, as plain text"
            assert top.data(Qt.ItemDataRole.BackgroundRole) is not None, "highlighted"
            await until(window.banner.isVisible, "the new-calls banner")
            assert window.banner.text() == "1 nova call — clique para marcar como lida"
            assert app.inbox.unread() == 1, "the same count as the tray's"

            update_call(db, call, status="processing", score=91, ai_status="processing")
            await until(lambda: model.index(0, 3).data() == "91", "the score in place")
            assert model.index(0, 2).data() == "processando"
            assert model.index(0, 4).data() == "IA: analisando"
            assert model.rowCount() == total[0] + 1, "updated, not added"
            await until(lambda: app.inbox.unread() == 2, "the high score's alert, unread")
            assert window.banner.text() == "1 nova call — clique para marcar como lida", (
                "the banner counts calls; the tray counts both alerts"
            )
            window.repaint()
            screenshot("app-calls-list.png")

            window.band.setCurrentIndex(window.band.findData("high"))
            assert model.index(0, 3).data() == "91"
            assert all(int(model.index(r, 3).data()) >= 90 for r in range(model.rowCount()))
            window.band.setCurrentIndex(0)

            window.banner.click()  # "clique para marcar como lida(s)"
            assert not window.banner.isVisible()
            assert app.inbox.unread() == 0, "marked read for the tray too"
            assert model.index(0, 1).data(Qt.ItemDataRole.BackgroundRole) is None

            opened = model.index(0, 0)
            window.view.doubleClicked.emit(opened)
            windows = app.call_windows.windows
            await until(lambda: call in windows and windows[call].isVisible(), "the call's window")
            rooms = app.comments.rooms  # its comments' room joined (closed with the app)
            await until(lambda: call in rooms and rooms[call].joined, "the call's room")

    run(scenario())


MIDNIGHT_IN = 20.0  # seconds: room for the first read on a loaded machine


def zone_with_midnight_in(seconds: float) -> str:
    """A POSIX TZ whose local midnight comes `seconds` from now: the day turns for real, on
    the real clock, without moving any clock the app's session depends on."""
    utc = datetime.now(UTC)
    of_day = utc.hour * 3600 + utc.minute * 60 + utc.second + utc.microsecond / 1e6
    ahead = round(86400 - seconds - of_day) % 86400  # local = UTC + ahead
    if ahead > 43200:
        ahead -= 86400
    sign = "-" if ahead >= 0 else "+"  # POSIX counts west of Greenwich as positive
    hours, rest = divmod(abs(ahead), 3600)
    return f"<TST>{sign}{hours:02d}:{rest // 60:02d}:{rest % 60:02d}"


def test_the_dashboard_turns_to_the_new_day_at_midnight_with_no_change_arriving(
    live_app: App, run: Run, own_standin: Standin, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, owner = live_app, own_standin.info["user_id"]
    monkeypatch.setenv("TZ", zone_with_midnight_in(MIDNIGHT_IN))
    time.tzset()
    try:

        async def scenario() -> None:
            with psycopg.connect(own_standin.info["dsn"], autocommit=True) as db:
                for i in range(2):
                    insert_call(db, owner, f"Dia {i}", status="completed", score=50)
                day = today()[0].date()
                expected = sql_numbers(db, owner)["total"]  # other tests' calls may count too
                app.views_actions.dashboard.trigger()
                dashboard = app.views.dashboard
                assert dashboard is not None
                await until(lambda: dashboard.number("total") == expected, "today's calls", 20)
                assert today()[0].date() == day, "read before midnight (else raise MIDNIGHT_IN)"
                # No change arrives after midnight: the timer alone turns the day.
                await until(
                    lambda: dashboard.number("total") == "0", "a new, empty day", MIDNIGHT_IN + 10
                )
                assert app.views.book.bounds()[0].date() == day + timedelta(days=1)

        run(scenario())
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
