"""What the tray app says about the connection: no toast while it flaps within the grace
period, one "Conexão perdida" after it, one "Conectado novamente" when it is back; the tray
says since when and why it is offline ("sem rede" when the OS reports no network)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from PySide6.QtNetwork import QNetworkInformation

from desktop_notifier.connection.supervisor import ConnectionState
from desktop_notifier.notify.toast import CONNECTION_KIND
from desktop_notifier.ui.tray_state import TrayState
from tests.faults.conftest import Run, configured, fast_backoff, started, until
from tests.support.apps import MakeApp
from tests.support.outage import Ledger, Server, in_store
from tests.support.qt import Dunst

pytestmark = [pytest.mark.desktop, pytest.mark.sources]
GRACE = 2
Reachability = QNetworkInformation.Reachability


def test_one_toast_after_the_grace_period_and_one_when_back(
    tmp_path: Path,
    server: Server,
    ledger: Ledger,
    make_app: MakeApp,
    run: Run,
    dunst: Dunst,
) -> None:
    profile = configured(tmp_path / "profile", server, lost_connection_grace_seconds=GRACE)
    app, seen = make_app(profile, backoff=fast_backoff)
    offline_since: set[object] = set()

    async def scenario() -> None:
        await started(app, seen)
        await until(seen.live, "a live connection", 30)
        for _ in range(3):  # the server drops us, we are back within the grace period
            lives = sum(s.state is ConnectionState.LIVE for s in seen.statuses)
            await asyncio.to_thread(server.standin.admin, "POST", "close?code=1012")
            await until(
                lambda: sum(s.state is ConnectionState.LIVE for s in seen.statuses) > lives,  # noqa: B023
                "live again",
                GRACE,
            )
        assert seen.toast_titles(CONNECTION_KIND) == []
        await asyncio.to_thread(server.stop)
        await until(lambda: app.tray.effective_state() is TrayState.OFFLINE, "offline", 10)
        assert "Desconectado desde" in app.tray.tooltip()
        await asyncio.to_thread(ledger.some, 2)
        await until(lambda: seen.toast_titles(CONNECTION_KIND), "the lost toast", GRACE + 5)
        await asyncio.sleep(GRACE + 1.0)  # retries go on; the toast is not repeated
        offline_since.update(s.since for s in seen.statuses[-6:] if s.state.value == "offline")
        assert seen.toast_titles(CONNECTION_KIND) == ["Conexão perdida"]
        assert dunst.displayed() == 1
        await asyncio.to_thread(server.start)
        await until(seen.live, "live again", 15)
        await until(lambda: len(seen.toast_titles(CONNECTION_KIND)) == 2, "the back toast", 5)
        await until(lambda: seen.counts() == ledger.expected, "the caught-up alerts", 10)
        await asyncio.sleep(0.5)  # a quiet window: no third connection toast may follow

    run(scenario(), 90)
    assert seen.toast_titles(CONNECTION_KIND) == ["Conexão perdida", "Conectado novamente"]
    assert len(offline_since) == 1, "the retries do not move 'offline since'"
    assert seen.counts() == ledger.expected
    assert in_store(app.profile.store_path) == ledger.expected


def test_no_network_goes_offline_at_once_and_back_without_waiting(
    tmp_path: Path, server: Server, ledger: Ledger, make_app: MakeApp, run: Run
) -> None:
    """The OS's reachability signal drives the app (the real netlink path is exercised with
    `watch` in test_network_cut): offline at once with "sem rede", live again at once."""
    profile = configured(tmp_path / "profile", server)
    app, seen = make_app(profile)

    async def scenario() -> None:
        await started(app, seen)
        await until(seen.live, "a live connection", 30)
        app.network._on_reachability_changed(Reachability.Disconnected)
        await until(lambda: seen.state is ConnectionState.OFFLINE, "offline", 2)
        assert seen.statuses[-1].detail == "no network"
        assert app.tray.effective_state() is TrayState.OFFLINE
        assert "— sem rede" in app.tray.tooltip()
        await asyncio.to_thread(ledger.some, 3)
        await asyncio.sleep(1.0)  # offline for a while: the calls wait for the network
        app.network._on_reachability_changed(Reachability.Online)
        waited = await until(seen.live, "live again", 5)
        assert waited < 2, f"reconnected {waited:.1f} s after the network came back"
        await until(lambda: seen.counts() == ledger.expected, "the caught-up alerts", 10)

    run(scenario(), 60)
    assert seen.counts() == ledger.expected
