"""What makes the connection move before its own retries would: sleep, wake and the network.

`ConnectionTriggers` wires a `SleepWatcher` and a `NetworkWatcher` to whichever `Supervisor` is
current (the `Session` replaces it on sign-in), so the tray app and `watch` run the very same
rules:

- about to sleep → the supervisor closes the link cleanly and holds it offline, then the sleep
  inhibitor is released (sleep waits at most `SLEEP_READY_TIMEOUT`; logind gives us 5 s);
- woke up → reconnect now;
- network gone → offline at once ("no network"); retries go on and fail fast;
- network back → reconnect now (no backoff wait).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Slot

from desktop_notifier.connection.supervisor import Supervisor
from desktop_notifier.system.network import NetworkWatcher
from desktop_notifier.system.power import SleepWatcher

log = logging.getLogger(__name__)

SLEEP_READY_TIMEOUT = 1.5
NO_NETWORK = "no network"


class ConnectionTriggers(QObject):
    """Connect the watchers' signals to the current supervisor; `start()`/`stop()` the
    watchers (they need a QCoreApplication and a running qasync loop)."""

    def __init__(
        self,
        supervisor: Callable[[], Supervisor | None],
        sleep: SleepWatcher,
        network: NetworkWatcher,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._supervisor = supervisor
        self.sleep = sleep
        self.network = network
        self._tasks: set[asyncio.Future[None]] = set()
        sleep.about_to_sleep.connect(self._on_about_to_sleep)
        sleep.resumed.connect(self._on_resumed)
        network.went_offline.connect(self._on_went_offline)
        network.came_online.connect(self._on_came_online)

    def start(self) -> None:
        self.sleep.start()
        self.network.start()

    def stop(self) -> None:
        self.sleep.stop()
        self.network.stop()

    @Slot()
    def _on_about_to_sleep(self) -> None:
        task = asyncio.ensure_future(self._prepare_for_sleep())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _prepare_for_sleep(self) -> None:
        try:
            supervisor = self._supervisor()
            if supervisor is not None:
                await asyncio.wait_for(supervisor.go_offline_for_sleep(), SLEEP_READY_TIMEOUT)
        except TimeoutError:
            log.warning("the connection did not close in time; letting sleep go ahead")
        except Exception:
            log.exception("could not go offline before sleep")
        finally:
            self.sleep.release_inhibitor()

    @Slot(str)
    def _on_resumed(self, reason: str) -> None:
        self._reconnect(f"woke up ({reason})")

    @Slot()
    def _on_came_online(self) -> None:
        self._reconnect("network back")

    @Slot()
    def _on_went_offline(self) -> None:
        supervisor = self._supervisor()
        if supervisor is not None:
            supervisor.go_offline(NO_NETWORK)

    def _reconnect(self, reason: str) -> None:
        supervisor = self._supervisor()
        if supervisor is not None:
            supervisor.reconnect_now(reason)
