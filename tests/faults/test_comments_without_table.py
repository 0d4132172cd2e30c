"""A project without `call_comments` (its schema stops at 004: 005 not applied) and a user who
ticked the comment alert: Realtime refuses a whole channel when one of its bindings names a
table it cannot find, and the catch-up's comment reads would fail every pass, so the app used
to retry for ever and never be live. Now it goes live, a new call toasts, and one toast says
why comment alerts are on hold; a reconnect does not say it again."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from desktop_notifier.alerts import AlertKind
from desktop_notifier.connection.supervisor import ConnectionState
from desktop_notifier.devstack.cluster import PostgresCluster
from desktop_notifier.notify.toast import CONNECTION_KIND
from tests.faults.conftest import Run, configured, fast_backoff, started, until
from tests.support.apps import MakeApp
from tests.support.gaps import private_server, serving
from tests.support.outage import Ledger, Server
from tests.support.qt import screenshot

pytestmark = pytest.mark.desktop
TICKED = sorted(kind.value for kind in AlertKind)
ON_HOLD = "Alertas de comentários em pausa"


@pytest.fixture
def server(tmp_path: Path, pg_cluster: PostgresCluster) -> Iterator[Server]:
    yield from serving(private_server(tmp_path, pg_cluster, migrations_upto="004"))


def test_comment_alert_ticked_on_a_project_without_the_table(
    tmp_path: Path, server: Server, make_app: MakeApp, run: Run
) -> None:
    profile = configured(tmp_path / "profile", server, enabled_alerts=TICKED)
    app, seen = make_app(profile, backoff=fast_backoff)

    async def scenario(ledger: Ledger) -> None:
        await started(app, seen)
        await until(seen.live, "a live connection", 30)
        await until(lambda: seen.toast_titles(CONNECTION_KIND), "the on-hold toast", 10)
        await asyncio.sleep(0.3)  # drawn by dunst
        screenshot("comments-on-hold.png")
        call = ledger.new_call("Sem Comentários SA")
        await until(lambda: seen.counts() == ledger.expected, "the new call's alert", 10)
        await until(lambda: any(t.target == call for t in seen.toasts), "its toast", 10)
        lives = live_count()
        app.session.reconnect_now()
        await until(lambda: live_count() > lives, "live again", 30)

    def live_count() -> int:
        return sum(s.state is ConnectionState.LIVE for s in seen.statuses)

    with psycopg.connect(server.info["dsn"], autocommit=True) as db:
        run(scenario(Ledger(db, server.info["user_id"])), 90)
    assert seen.toast_titles(CONNECTION_KIND) == [ON_HOLD], "said once, not at every reconnect"
    notice = next(t for t in seen.toasts if t.title == ON_HOLD)
    assert "call_comments" in notice.body and "Os outros alertas seguem" in notice.body
    assert AlertKind.CALL_COMMENT in app.settings.alerts.enabled, "the user's choice is kept"
