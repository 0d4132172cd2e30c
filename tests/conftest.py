"""Shared fixtures: the local Supabase stand-in (real PostgreSQL + the stand-in process), a
qasync loop and the real dunst (tests/support/qt.py), and the rule that desktop tests run
only inside the throwaway desktop session."""

from __future__ import annotations

import os
import sys

import pytest

from tests.support.accounts import stranger  # noqa: F401
from tests.support.apps import make_app  # noqa: F401
from tests.support.qt import _toasts_dismissed, aloop, dunst, run  # noqa: F401
from tests.support.standin import _reap_standins, db, modes, pg_cluster, standin  # noqa: F401

# The private system bus (for the logind tests) must exist before anything asks Qt for the
# system bus; loading it as a plugin sets DBUS_SYSTEM_BUS_ADDRESS at configure time.
pytest_plugins = ["tests.power.system_bus"]

# A coroutine collected unawaited fails the test running at that moment (warnings are errors);
# its warning then says where it was created, which is rarely in that test.
sys.set_coroutine_origin_tracking_depth(12)


def pytest_runtest_setup(item: pytest.Item) -> None:
    """A desktop test outside the session fails with a clear reason; it never skips."""
    if item.get_closest_marker("desktop") and not os.environ.get("DN_DESKTOP_SESSION"):
        pytest.fail("this test needs the desktop session: run it with `make test`")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests of the Wayland tray (a StatusNotifierItem) run in the Wayland session
    (`make pytest-wayland`); the X11 session's run leaves them out and says so."""
    if os.environ.get("DN_SESSION_KIND") == "wayland":
        return
    wayland = [item for item in items if item.get_closest_marker("wayland")]
    if wayland:
        config.hook.pytest_deselected(items=wayland)
        items[:] = [item for item in items if not item.get_closest_marker("wayland")]
