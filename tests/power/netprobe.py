"""Runs a `NetworkWatcher` in its own process and prints what it sees, one line each:
`READY <backend|none> <online>`, then `OFFLINE <online>` / `ONLINE <online>`. The tests start it
inside a network namespace; it quits when its stdin closes (or after 60 s).

`--no-plugins` empties Qt's plugin path first, so no network-information backend can load.
"""

from __future__ import annotations

import logging
import os
import sys

from PySide6.QtCore import QCoreApplication, QSocketNotifier, QTimer

from desktop_notifier.system.network import NetworkWatcher


def main() -> None:
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(name)s: %(message)s")
    app = QCoreApplication(sys.argv)
    if "--no-plugins" in sys.argv:
        QCoreApplication.setLibraryPaths([])
    watcher = NetworkWatcher()

    def say(what: str) -> None:
        print(what, watcher.is_online, flush=True)

    watcher.went_offline.connect(lambda: say("OFFLINE"))
    watcher.came_online.connect(lambda: say("ONLINE"))
    watcher.start()
    print("READY", watcher.backend or "none", watcher.is_online, flush=True)

    def stdin_ready() -> None:
        if not os.read(sys.stdin.fileno(), 4096):
            app.quit()

    stdin = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    stdin.activated.connect(stdin_ready)
    QTimer.singleShot(60_000, app.quit)
    app.exec()


if __name__ == "__main__":
    main()
