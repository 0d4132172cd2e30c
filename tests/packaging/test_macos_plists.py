"""The two property lists the app ships or writes on macOS round-trip through `plistlib` (XML and
binary) and carry the keys macOS requires: the .app's Info.plist (as the spec hands it to
PyInstaller's BUNDLE) and the LaunchAgent "start at login" writes to ~/Library/LaunchAgents."""

from __future__ import annotations

import ast
import plistlib
import sys
from pathlib import Path
from typing import Any

import pytest

from desktop_notifier.common.identity import APP_NAME, BUNDLE_ID, EXECUTABLE
from desktop_notifier.system import autostart
from desktop_notifier.system.deeplink import SCHEME
from tests.packaging.installer_modules import bundle_config

SPEC = Path(__file__).resolve().parents[2] / "installer" / "desktop-notifier.spec"
APP_EXECUTABLE = f"/Applications/{APP_NAME}.app/Contents/MacOS/{EXECUTABLE}"


def round_trip(data: dict[str, Any]) -> None:
    for fmt in (plistlib.FMT_XML, plistlib.FMT_BINARY):
        assert plistlib.loads(plistlib.dumps(data, fmt=fmt)) == data


def spec_info_plist_arguments() -> dict[str, str]:
    """The names the spec passes to `bundle_config.info_plist` (it runs only in PyInstaller)."""
    for node in ast.walk(ast.parse(SPEC.read_text())):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "info_plist"
        ):
            values = [node.args[0], *(keyword.value for keyword in node.keywords)]
            names = ["version", *(str(keyword.arg) for keyword in node.keywords)]
            return {n: v.id for n, v in zip(names, values, strict=True) if isinstance(v, ast.Name)}
    raise AssertionError("the spec does not call bundle_config.info_plist")


def test_the_info_plist_carries_what_macos_requires() -> None:
    assert spec_info_plist_arguments() == {
        "version": "VERSION",
        "bundle_id": "BUNDLE_ID",
        "scheme": "SCHEME",
        "name": "APP_NAME",
        "executable": "EXECUTABLE",
    }
    info = bundle_config.info_plist(
        "1.2.3", bundle_id=BUNDLE_ID, scheme=SCHEME, name=APP_NAME, executable=EXECUTABLE
    )
    round_trip(info)
    assert info["CFBundleIdentifier"] == BUNDLE_ID
    assert info["CFBundleExecutable"] == EXECUTABLE
    assert info["CFBundlePackageType"] == "APPL"
    assert info["CFBundleShortVersionString"] == info["CFBundleVersion"] == "1.2.3"
    assert info["LSMinimumSystemVersion"] == bundle_config.MACOS_MINIMUM
    assert info["LSUIElement"] is True  # a tray app: no Dock icon, no menu bar of its own
    [url_type] = info["CFBundleURLTypes"]
    assert url_type["CFBundleURLSchemes"] == ["calls-notifier"] == [SCHEME]
    assert url_type["CFBundleURLName"]


def test_start_at_login_writes_a_launch_agent_macos_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", APP_EXECUTABLE)
    autostart.enable(tmp_path / "profile")
    path = tmp_path / "Library" / "LaunchAgents" / f"{BUNDLE_ID}.plist"
    assert autostart.is_enabled()
    data = path.read_bytes()
    assert data.startswith(b"<?xml")
    agent = plistlib.loads(data)
    round_trip(agent)
    assert agent["Label"] == BUNDLE_ID == path.stem  # launchd names the job by its file
    assert agent["ProgramArguments"] == [APP_EXECUTABLE, "--profile", str(tmp_path / "profile")]
    assert agent["RunAtLoad"] is True
    autostart.disable()
    assert not path.exists()
