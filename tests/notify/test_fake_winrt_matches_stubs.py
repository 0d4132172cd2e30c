"""The WinRT fake (tests/notify/fake_winrt.py) models only what Windows really has: every class
the fake installs, and every public method and attribute it gives them, exists under the same
name in pywinrt's own stubs (installer/platform_stubs.py), as an instance member, a property or a
static method of the class. (`make typecheck` checks the app's calls against the same stubs; this
keeps the tests' Windows from drifting away from the real one.)"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from tests.notify import fake_winrt
from tests.packaging.installer_modules import platform_stubs

# What the fake keeps for the tests to read (what was shown, with which document and app id).
BOOKKEEPING = {"document", "shown", "app_id", "xml"}


def stub_members(module: str) -> dict[str, set[str]]:
    """Class name → member names (methods, properties, static methods of its `_Static` metaclass)
    of one projection module, read from its .pyi."""
    root: Path = platform_stubs.fetch()
    path = root.joinpath(*module.split(".")) / "__init__.pyi"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    members: dict[str, set[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            names = {item.name for item in node.body if isinstance(item, ast.FunctionDef)}
            members.setdefault(node.name.removesuffix("_Static"), set()).update(names)
    return members


def public(obj: object) -> set[str]:
    names = {n for n in vars(obj) if not n.startswith("_")}
    if isinstance(obj, type):  # instance attributes the fake sets in __init__
        init = getattr(obj, "__init__", None)
        code = getattr(init, "__code__", None)
        if code is not None:
            names |= {n for n in code.co_names if not n.startswith("_")}
        names |= set(getattr(obj, "__dataclass_fields__", {}))
    return names - BOOKKEEPING


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the stubs downloaded here")
def test_every_class_and_member_of_the_fake_exists_in_pywinrt(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = fake_winrt.install(monkeypatch)
    modules = {
        name: sys.modules[name]
        for name in ("winrt.windows.ui.notifications", "winrt.windows.data.xml.dom")
    }
    checked = 0
    for name, module in modules.items():
        real = stub_members(name)
        for class_name, obj in vars(module).items():
            assert class_name in real, f"{name}.{class_name} is not a WinRT class"
            faked = public(obj) - {"value", "self", "__init__"}
            if class_name == "ToastNotificationManager":
                faked = {n for n in faked if callable(getattr(obj, n))}
            missing = faked - real[class_name]
            assert not missing, f"{name}.{class_name} has no {sorted(missing)} in pywinrt"
            checked += len(faked)
    notifier = fake.create_toast_notifier("id")
    real_notifier = stub_members("winrt.windows.ui.notifications")["ToastNotifier"]
    assert public(type(notifier)) <= real_notifier, public(type(notifier)) - real_notifier
    checked += len(public(type(notifier)))
    assert checked >= 6  # create_toast_notifier, tag, group, load_xml, show, setting
