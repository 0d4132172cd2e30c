"""Network reachability: tells the app when the machine lost its network and when it is back.

`NetworkWatcher` owns the app's use of Qt's process-wide `QNetworkInformation` (it loads a backend
with the Reachability feature: glib/NetworkManager on Linux, Network List Manager on Windows,
SCNetworkReachability on macOS) and turns its reachability into two edge signals that alternate
strictly: `went_offline`, `came_online`.

The belief behind them (`is_online`) flips only on certain states and keeps its value otherwise:

- `Online` → online: the OS confirmed the internet, so a reconnect can succeed now;
- `Disconnected` → offline: no network at all, the link is surely dead;
- `Local`, `Site` and `Unknown` → unchanged. They mean "some network, internet not confirmed":
  a link coming up before DHCP or a captive-portal login (`Disconnected → Local/Site → Online`
  then emits `came_online` once, at `Online`, when reconnecting can actually work), or a
  corporate network that blocks the OS's connectivity probe while our server is reachable
  (`Online → Site` then raises no false `went_offline`). The cost: after a real outage on such a
  network `came_online` may never come, so `went_offline` must never stop the connection's own
  retries; these signals only make reconnection faster.

No backend (or one without Reachability) → logged once, `is_online` stays True, nothing is
emitted: the connection's own retries then do all the work.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtNetwork import QNetworkInformation

log = logging.getLogger(__name__)

Reachability = QNetworkInformation.Reachability


def believe_online(previous: bool, reachability: Reachability) -> bool:
    """The new online belief after the OS reported `reachability` (see the module docstring)."""
    if reachability is Reachability.Online:
        return True
    if reachability is Reachability.Disconnected:
        return False
    return previous


class NetworkWatcher(QObject):
    """Emits `went_offline` / `came_online` on real reachability transitions.

    Call `start()` once a QCoreApplication exists.
    """

    went_offline = Signal()
    came_online = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._online = True
        self._info: QNetworkInformation | None = None
        self._started = False

    @property
    def is_online(self) -> bool:
        """False only after the OS reported the network gone; True when unknown."""
        return self._online

    @property
    def backend(self) -> str | None:
        """The QNetworkInformation backend in use ("glib", "networkmanager", …), if any."""
        return self._info.backendName() if self._info is not None else None

    def start(self) -> None:
        """Load a reachability backend and follow it; without one, stay quiet."""
        if self._started:
            return
        self._started = True
        try:
            feature = QNetworkInformation.Feature.Reachability
            loaded = QNetworkInformation.loadBackendByFeatures(feature)
            info = QNetworkInformation.instance() if loaded else None
            if info is None or not info.supports(feature):
                log.info(
                    "no network-information backend (available: %s); network changes are "
                    "noticed by the connection's own retries only",
                    ", ".join(QNetworkInformation.availableBackends()) or "none",
                )
                return
            self._info = info
            self._online = believe_online(True, info.reachability())
            info.reachabilityChanged.connect(self._on_reachability_changed)
            log.info(
                "watching the network with the %s backend (%s)",
                info.backendName(),
                info.reachability().name,
            )
        except Exception:
            log.exception("could not watch the network; relying on the connection's retries")

    def stop(self) -> None:
        """Stop following the backend (Qt keeps it loaded for the process)."""
        self._started = False
        if self._info is not None:
            self._info.reachabilityChanged.disconnect(self._on_reachability_changed)
            self._info = None

    @Slot(QNetworkInformation.Reachability)
    def _on_reachability_changed(self, reachability: Reachability) -> None:
        try:
            online = believe_online(self._online, reachability)
            if online == self._online:
                return
            self._online = online
            log.info("network %s (%s)", "back" if online else "lost", reachability.name)
            if online:
                self.came_online.emit()
            else:
                self.went_offline.emit()
        except Exception:
            log.exception("could not handle a network change")
