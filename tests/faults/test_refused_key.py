"""A rejected key is not an outage: the project's key refused (as after a key rotation) puts
the tray in "needs attention" with one sentence saying what to do, retries slowly without
re-announcing it, keeps the session (no sign-out, no settings dialog), and is live again by
itself, with nothing lost or twice, once the key is accepted; also when the app starts while
the key is refused, where "Reconectar agora" retries at once."""

from __future__ import annotations

import asyncio
import collections
from pathlib import Path

import psycopg
import pytest

from desktop_notifier.connection.backoff import Backoff
from desktop_notifier.connection.supervisor import ConnectionState
from desktop_notifier.devstack.cluster import PostgresCluster
from desktop_notifier.notify.toast import CONNECTION_KIND
from desktop_notifier.ui.tray_state import TrayState
from tests.faults.conftest import Run, configured, started, until
from tests.support.apps import MakeApp
from tests.support.outage import Ledger, Server

pytestmark = [pytest.mark.desktop, pytest.mark.sources]
SENTENCE = "A chave do projeto foi recusada — confira a chave anon nas configurações."
SLOW = 0.6  # the slow retry (60 s in the app), shortened


def quick_slow_backoff() -> Backoff:
    return Backoff(base=0.2, cap=1.0, slow=SLOW)


def long_slow_backoff() -> Backoff:
    return Backoff(base=0.2, cap=1.0, slow=120.0)


def refuse_keys(server: Server, refuse: bool) -> None:
    server.standin.admin("POST", "connection", f'{{"reject_keys": {str(refuse).lower()}}}')


def keys_refused(server: Server) -> int:
    """Requests the stand-in refused for their key: upgrades, and Auth/PostgREST calls."""
    return int(server.standin.admin("GET", "connection")["keys_refused"])


def test_refused_key_needs_attention_then_live_by_itself(
    tmp_path: Path, pg_cluster: PostgresCluster, make_app: MakeApp, run: Run
) -> None:
    server = Server(tmp_path, pg_cluster, upgrade_error_delay=0.2)
    server.start()
    try:
        profile = configured(tmp_path / "profile", server)
        app, seen = make_app(profile, backoff=quick_slow_backoff)
        with psycopg.connect(pg_cluster.dsn, autocommit=True) as db:
            ledger = Ledger(db, server.info["user_id"])

            async def scenario() -> None:
                await started(app, seen)
                await until(seen.live, "a live connection", 30)
                await asyncio.to_thread(refuse_keys, server, True)
                await asyncio.to_thread(server.standin.admin, "POST", "close?code=1012")
                await until(lambda: seen.state is ConnectionState.ATTENTION, "attention", 15)
                assert app.tray.effective_state() is TrayState.ATTENTION
                assert SENTENCE in app.tray.tooltip()
                await asyncio.to_thread(ledger.some, 6)  # written while refused
                # Several slow retries, each refused, each silent.
                start = await asyncio.to_thread(keys_refused, server)
                await until(lambda: keys_refused(server) >= start + 3, "3 retries", 20, poll=0.2)
                assert seen.state is ConnectionState.ATTENTION
                await asyncio.to_thread(refuse_keys, server, False)
                await until(seen.live, "live again by itself", 15)
                await asyncio.to_thread(ledger.some, 3)
                await until(lambda: seen.counts() == ledger.expected, "every alert", 20)

            run(scenario(), 90)
        states = [s.state for s in seen.statuses]
        after_live = states[states.index(ConnectionState.LIVE) :]
        assert after_live.count(ConnectionState.ATTENTION) == 1, states
        refused = [s for s in seen.statuses if s.state is ConnectionState.ATTENTION]
        assert refused[0].error is not None and refused[0].error.code == "anon_key_rejected"
        assert ConnectionState.SIGNED_OUT not in states
        assert app.tray.effective_state() is TrayState.LIVE
        assert app.dialog is None or not app.dialog.isVisible()
        dupes = [k for k, n in collections.Counter(seen.alert_keys()).items() if n > 1]
        assert seen.counts() == ledger.expected and dupes == []
        assert seen.toast_titles(CONNECTION_KIND) == []  # not an outage
    finally:
        server.stop()


def test_started_while_the_key_is_refused(
    tmp_path: Path, pg_cluster: PostgresCluster, make_app: MakeApp, run: Run
) -> None:
    """The slow retry is left long here: "Reconectar agora" retries at once, refused or not."""
    server = Server(tmp_path, pg_cluster, upgrade_error_delay=0.2)
    server.start()
    try:
        profile = configured(tmp_path / "profile", server)
        refuse_keys(server, True)
        app, seen = make_app(profile, backoff=long_slow_backoff)

        async def scenario() -> None:
            await started(app, seen)
            await until(lambda: seen.state is ConnectionState.ATTENTION, "attention", 15)
            assert SENTENCE in app.tray.tooltip()
            # Each retry restores the session through Auth, which the gateway refuses: the
            # refresh token must survive them.
            app.tray.reconnect_requested.emit()
            await until(lambda: keys_refused(server) >= 2, "a retry at once", 10, poll=0.2)
            await asyncio.to_thread(refuse_keys, server, False)
            app.tray.reconnect_requested.emit()
            await until(seen.live, "live at once after Reconectar agora", 10)

        run(scenario(), 60)
        states = [s.state for s in seen.statuses]
        assert states.count(ConnectionState.ATTENTION) == 1, states
        assert ConnectionState.SIGNED_OUT not in states
        assert app.dialog is None or not app.dialog.isVisible()
    finally:
        server.stop()
