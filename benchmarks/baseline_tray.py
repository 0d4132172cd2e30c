"""The bare baseline the idle and startup figures are compared with: a minimal PySide6 + qasync
tray app that shows one icon and does nothing else (no network, no store, no D-Bus client).
It prints "tray shown" once the icon is shown and quits on SIGTERM/SIGINT.

With `--with-clients` it also imports the Supabase client libraries the product is built on
(`realtime`, `supabase`) and does nothing with them: the floor any app on this stack pays, so
the idle figure can tell what the libraries cost from what our own code costs.

Run: python -m benchmarks.baseline_tray [--with-clients]
"""

from __future__ import annotations

import asyncio
import signal
import sys

import qasync
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QSystemTrayIcon


def main() -> int:
    if "--with-clients" in sys.argv[1:]:
        import realtime  # noqa: F401
        import supabase  # noqa: F401
    qapp = QApplication(sys.argv[:1])
    qapp.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    pixmap = QPixmap(22, 22)
    pixmap.fill(QColor("#2e7d32"))
    tray = QSystemTrayIcon(QIcon(pixmap))
    tray.setToolTip("baseline")
    tray.show()
    print("tray shown", flush=True)
    done = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, done.set)
    with loop:
        loop.run_until_complete(done.wait())
    tray.hide()
    return 0


if __name__ == "__main__":
    sys.exit(main())
