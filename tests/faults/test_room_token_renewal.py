"""A call window left open longer than the access token lives: Realtime shuts a channel whose
token has expired ("Token has expired N seconds ago", modelled by the stand-in as the real
server does), so the window's room must be handed each renewed token as the calls feed is.
Three lifetimes after the window opened, a teammate's comment still arrives live, in the
same room (not a rejoin), and the room still shows who else is there."""

from __future__ import annotations

import asyncio
from pathlib import Path

import psycopg
import pytest

from desktop_notifier.devstack.cluster import PostgresCluster
from tests.faults.conftest import Run, app_on_server, started, until
from tests.support.apps import MakeApp
from tests.support.calls import insert_call
from tests.support.outage import Server

pytestmark = pytest.mark.desktop
LIFETIME = 6  # seconds; the app renews with half of it left


def test_an_open_call_window_outlives_the_access_token(
    tmp_path: Path, pg_cluster: PostgresCluster, make_app: MakeApp, run: Run
) -> None:
    server = Server(tmp_path, pg_cluster, jwt_expiry=LIFETIME)
    with app_on_server(server, pg_cluster, tmp_path, make_app) as (_ledger, app, seen):
        info = server.info

        async def scenario() -> None:
            await started(app, seen)
            await until(seen.live, "a live connection", 30)
            with psycopg.connect(info["dsn"], autocommit=True) as db:
                call = insert_call(db, info["user_id"], "Janela Aberta SA", status="completed")
                app.open_call(call)
                await until(lambda: call in app.comments.rooms, "the call's room")
                room = app.comments.rooms[call]
                await until(lambda: room.joined, "the room joined", 10)
                await asyncio.sleep(3 * LIFETIME)  # three tokens later
                db.execute(
                    "insert into public.call_comments (call_id, author_id, author_email, body) "
                    "values (%s, %s, 'colega@example.com', 'Ainda ao vivo?')",
                    (call, info["user_id"]),
                )
                panel = app.comments.panels[call]
                await until(lambda: panel.count() == 1, "the comment, live", 5)
                assert app.comments.rooms.get(call) is room, "the same room, never rejoined"

        run(scenario(), 90)
