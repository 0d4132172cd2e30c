"""Pure tests of the fallback chain and of the not-yet-native OS stubs."""

from __future__ import annotations

import asyncio
import functools
import logging
import sys
from typing import Any, cast

import pytest

from desktop_notifier.notify import Notifier, Toast, Unavailable, create_notifier, macos, windows
from desktop_notifier.notify.base import ActivationCallback, report_activation


class FakeNotifier:
    def __init__(self, name: str, on_activated: ActivationCallback) -> None:
        self.name = name
        self.on_activated = on_activated
        self.shown: list[Toast] = []

    async def show(self, toast: Toast) -> None:
        self.shown.append(toast)

    async def close(self) -> None:
        pass


async def working(on_activated: ActivationCallback, *, name: str) -> Notifier:
    return FakeNotifier(name, on_activated)


async def unavailable(on_activated: ActivationCallback, *, reason: str) -> Notifier:
    raise Unavailable(reason)


async def broken(on_activated: ActivationCallback) -> Notifier:
    raise RuntimeError("backend bug")


def on_activated(toast: Toast) -> None:
    pass


def test_first_working_backend_wins_and_the_log_says_why(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, "desktop_notifier.notify")
    chosen = asyncio.run(
        create_notifier(
            [
                functools.partial(unavailable, reason="no notification server"),
                functools.partial(working, name="second"),
                functools.partial(working, name="third"),
            ],
            on_activated,
        )
    )
    assert chosen.name == "second"
    assert cast(FakeNotifier, chosen).on_activated is on_activated
    assert "unavailable skipped: no notification server" in caplog.text
    assert "using second (skipped unavailable: no notification server)" in caplog.text


def test_a_crashing_backend_is_skipped_but_logged(caplog: pytest.LogCaptureFixture) -> None:
    chosen = asyncio.run(
        create_notifier([broken, functools.partial(working, name="balloon")], on_activated)
    )
    assert chosen.name == "balloon"
    assert "broken failed to start" in caplog.text
    assert "backend bug" in caplog.text


def test_the_last_backend_crashing_is_not_hidden() -> None:
    with pytest.raises(RuntimeError, match="backend bug"):
        asyncio.run(create_notifier([broken], on_activated))


def test_no_working_backend_is_reported() -> None:
    with pytest.raises(Unavailable, match=r"no notification backend works here: .*: nope"):
        asyncio.run(create_notifier([functools.partial(unavailable, reason="nope")], on_activated))
    with pytest.raises(ValueError):
        asyncio.run(create_notifier([], on_activated))


def test_a_failing_click_handler_is_logged_not_raised(caplog: pytest.LogCaptureFixture) -> None:
    def handler(toast: Toast) -> None:
        raise KeyError(toast.title)

    report_activation(handler, Toast("t", "b"))
    assert "the toast click handler failed" in caplog.text


@pytest.mark.parametrize("module", [windows, macos], ids=["windows", "macos"])
def test_native_stubs_are_unavailable_with_a_reason(module: Any) -> None:
    with pytest.raises(Unavailable, match=r"only on|not implemented yet"):
        asyncio.run(module.create(on_activated))


@pytest.mark.skipif(sys.platform != "linux", reason="the chain differs per OS")
def test_default_chain_on_linux_is_freedesktop_then_balloon() -> None:
    from desktop_notifier.notify.base import factory_name
    from desktop_notifier.notify.defaults import default_factories

    tray: Any = object()
    names = [factory_name(f) for f in default_factories(tray, language="en")]
    assert names == ["FreedesktopNotifier.create", "TrayBalloonNotifier.create"]
