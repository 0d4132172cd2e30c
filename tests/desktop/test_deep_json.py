"""A `jsonb` value nested 1000 levels deep (PostgreSQL accepts 5000), written through SQL, in a
detail column (scorecard): catch-up reads only the brief columns, so that row is read and
alerted like the rows around it and the floor moves past it (a page nested too deeply is
still skipped row by row: tests/core/test_catchup.py, tests/core/test_json_depth.py), live
delivery goes on over the same link, and the call window of that call opens at once and shows
its other fields. Before, Python's JSON parser raised
RecursionError, mapped to a retryable server error: catch-up retried the same page for ever."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import psycopg
import pytest
from PySide6.QtWidgets import QLabel

from desktop_notifier.app.tray_app import App
from tests.desktop.conftest import live
from tests.support.apps import MakeApp
from tests.support.calls import insert_call
from tests.support.cli import configure
from tests.support.standin import Standin
from tests.support.waiting import until

pytestmark = pytest.mark.desktop
DEEP = "[" * 1000 + '"fundo"' + "]" * 1000  # parsed by PostgreSQL into a 1000-level jsonb
MID = "[" * 100 + "1" + "]" * 100


def company_shown(app: App, call_id: str) -> str:
    window = app.call_windows.windows.get(call_id)
    label = window.findChild(QLabel, "company") if window is not None else None
    return label.text().replace("\u200b", "") if label is not None else ""


def test_a_row_nested_1000_levels_deep_is_skipped_and_nothing_stalls(
    make_app: MakeApp, run: Any, own_standin: Standin, tmp_path: Path
) -> None:
    assert configure(tmp_path / "profile", own_standin).returncode == 0
    first, _ = make_app()
    run(first.start())
    run(until(lambda: live(first), "a live connection (the first sync sets the cursor)"))
    run(first.shutdown())

    owner = own_standin.info["user_id"]
    try:
        check_deep_rows(make_app, run, own_standin, first.profile.directory, owner)
    finally:  # the session's PostgreSQL is shared: other tests read this user's rows too
        with psycopg.connect(own_standin.info["dsn"], autocommit=True) as db:
            db.execute("delete from public.calls where company_name like any(%s)", [DEEP_NAMES])


DEEP_NAMES = ["Funda%", "Texto Ltda", "Meio ao vivo"]


def check_deep_rows(
    make_app: MakeApp, run: Any, own_standin: Standin, profile: Path, owner: str
) -> None:
    with psycopg.connect(own_standin.info["dsn"], autocommit=True) as db:
        before = insert_call(db, owner, "Antes Ltda")
        deep = insert_call(db, owner, "Funda Ltda", scorecard=DEEP)
        # A jsonb *string* holding the same document: the window's JSON rendering parses it.
        as_text = insert_call(db, owner, "Texto Ltda", insights=json.dumps(DEEP))
        after = insert_call(db, owner, "Depois Ltda")
        depth = db.execute(
            "select jsonb_typeof(scorecard), length(scorecard::text) from public.calls "
            "where id = %s",
            [deep],
        ).fetchone()
        assert depth == ("array", len(DEEP)), "PostgreSQL holds the 1000-level value"

        app, _ = make_app(profile)
        first_floor = app.store.xid_floor() or 0
        run(app.start())
        run(until(lambda: live(app), "catch-up completed and live", 30))
        assert app.session.pipeline.stats.invalid == 0, "the catch-up never reads the scorecard"
        for call_id in (before, deep, as_text, after):
            assert app.store.get_call(call_id) is not None, "every row is processed"
        alerted = {(a.kind.value, a.call_id) for a in app.store.recent_alerts()}
        assert {("new_call", c) for c in (before, deep, as_text, after)} <= alerted
        floor = app.store.xid_floor()  # read whole (exact mode), not by timestamp around it
        assert app.store.catchup_mode() == "xid" and floor is not None and floor > first_floor

        # Live, over the same link: the 1000-level row (its frame is beyond the realtime
        # client's own JSON limit, ~200 levels: the library drops it), a 100-level one (the
        # client parses it; our payload check refuses and counts it), then an ordinary one.
        supervisor = app.bridge.supervisor
        assert supervisor is not None
        link = supervisor.link
        live_deep = insert_call(db, owner, "Funda ao vivo", scorecard=DEEP)
        live_mid = insert_call(db, owner, "Meio ao vivo", scorecard=MID)
        live_after = insert_call(db, owner, "Depois ao vivo")
        run(until(lambda: app.store.get_call(live_after) is not None, "the next live row", 20))
        assert supervisor.link is link and live(app), "delivery went on without a reconnect"
        assert app.store.get_call(live_deep) is None and app.store.get_call(live_mid) is None
        assert supervisor.invalid_changes == 1, "the 100-level change is counted"
        assert ("new_call", live_after) in {
            (a.kind.value, a.call_id) for a in app.store.recent_alerts()
        }

    # The call window of the deep call: fetched, shown with its other fields, at once.
    started = time.monotonic()
    app.open_call(deep)
    run(until(lambda: company_shown(app, deep) == "Funda Ltda", "the deep call's window", 10))
    assert time.monotonic() - started < 3, "the window must not freeze"
    started = time.monotonic()
    app.open_call(as_text)  # brief from the store; its insights (a string holding the deep
    assert company_shown(app, as_text) == "Texto Ltda"  # JSON) are fetched with the row
    assert time.monotonic() - started < 3
