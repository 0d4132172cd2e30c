"""A qasync loop on a `QCoreApplication` for the headless command: the sleep and network
watchers are Qt objects (D-Bus signals, QNetworkInformation) and need Qt's event loop, but no
display and no widgets.

`run_on_qt_loop(main)` runs the coroutine `main()` on such a loop in this thread; it is the
thread's only loop (the command line starts `watch` with it instead of `asyncio.run`).
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication

from desktop_notifier.system.event_loop import new_event_loop

T = TypeVar("T")


def run_on_qt_loop(main: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run `main()` to completion on a qasync loop over the (possibly new) QCoreApplication."""
    app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    loop = new_event_loop(app)
    asyncio.set_event_loop(loop)
    try:
        result: T = loop.run_until_complete(main())
        return result
    finally:
        loop.close()
        asyncio.set_event_loop(None)
