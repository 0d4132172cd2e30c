"""A qasync loop on a `QCoreApplication` for the headless command: the sleep and network
watchers are Qt objects (D-Bus signals, QNetworkInformation) and need Qt's event loop, but no
display and no widgets.

`run_on_qt_loop(main)` runs the coroutine `main()` on such a loop in this thread. When it is
called from inside another asyncio loop (the command line starts `watch` with `asyncio.run`),
that loop is set aside while the Qt loop runs and is back afterwards; the caller's coroutine
simply waits, as it would for any blocking call.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import qasync
from PySide6.QtCore import QCoreApplication

T = TypeVar("T")


def on_qt_loop() -> bool:
    """True when the running asyncio loop is a qasync loop (Qt events are being delivered)."""
    try:
        return isinstance(asyncio.get_running_loop(), qasync.QEventLoop)
    except RuntimeError:
        return False


def run_on_qt_loop(main: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run `main()` to completion on a qasync loop over the (possibly new) QCoreApplication."""
    app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    # asyncio refuses to start a loop while another one is marked running in this thread.
    outer = asyncio.events._get_running_loop()
    asyncio.events._set_running_loop(None)
    try:
        loop = qasync.QEventLoop(app)
        try:
            result: T = loop.run_until_complete(main())
            return result
        finally:
            loop.close()
    finally:
        asyncio.events._set_running_loop(outer)
