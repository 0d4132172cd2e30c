"""The headless command `desktop-notifier watch`: `watch` (the tray's `Session` on a Qt event
loop without a GUI), `printer` (the terminal output), `qt_loop` (a qasync loop over a
QCoreApplication, no display needed)."""

from desktop_notifier.headless.printer import AlertPrinter
from desktop_notifier.headless.watch import watch

__all__ = ["AlertPrinter", "watch"]
