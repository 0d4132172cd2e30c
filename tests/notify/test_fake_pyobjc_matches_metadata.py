"""The macOS fake (tests/notify/fake_pyobjc.py) and the backend use macOS's real values and
selectors: pyobjc's UserNotifications wrapper ships the framework's metadata (every enum value,
and the selectors that take a completion block), read here from the pinned macOS wheel
(installer/platform_stubs.py). A constant the fake gives a wrong value, or a completion-handler
method macOS does not have, would let the tests pass while the app fails on a Mac."""

from __future__ import annotations

import ast
import re
import sys
from functools import cache
from pathlib import Path

import pytest

from desktop_notifier.alerts import Urgency
from desktop_notifier.notify import macos
from desktop_notifier.notify.macos_content import interruption_level
from tests.notify import fake_pyobjc
from tests.packaging.installer_modules import platform_stubs

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads the metadata downloaded here"
)


@cache
def metadata() -> str:
    return str(platform_stubs.fetch_pyobjc().read_text(encoding="utf-8"))


def enums() -> dict[str, int]:
    (listing,) = re.findall(r'^enums = """(.*?)"""', metadata(), re.M | re.S)
    return {name: int(value) for name, value in re.findall(r"\$(\w+)@(-?\d+)", listing)}


def block_selectors() -> set[str]:
    return set(re.findall(r'b"([A-Za-z:]+Handler:)"', metadata()))


def selector(python_name: str) -> str:
    return python_name.replace("_", ":")


def test_the_fakes_constants_have_macos_values(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_pyobjc.install(monkeypatch)
    un = vars(sys.modules["UserNotifications"])
    real = enums()
    constants = {name: value for name, value in un.items() if isinstance(value, int)}
    assert len(constants) >= 4
    for name, value in constants.items():
        assert real.get(name) == value, f"{name} is {real.get(name)} on macOS, {value} in the fake"


def test_the_interruption_levels_are_macos_values() -> None:
    real = enums()
    assert interruption_level(Urgency.LOW) == real["UNNotificationInterruptionLevelPassive"]
    assert interruption_level(Urgency.NORMAL) == real["UNNotificationInterruptionLevelActive"]
    assert interruption_level(Urgency.CRITICAL) == real["UNNotificationInterruptionLevelActive"]


def test_every_completion_handler_method_is_a_real_selector() -> None:
    """The fake center's methods and the app's delegate methods that take a block."""
    real = block_selectors()
    assert "requestAuthorizationWithOptions:completionHandler:" in real
    faked = [n for n in vars(fake_pyobjc.Center) if "Handler" in n]
    source = ast.parse(Path(macos.__file__).read_text(encoding="utf-8"))
    delegate = [
        node.value
        for node in ast.walk(source)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value.startswith("userNotificationCenter_")
    ]
    assert len(faked) >= 2 and len(delegate) == 2
    for name in [*faked, *delegate]:
        assert selector(name) in real, f"{name}: macOS has no {selector(name)}"
