"""The macOS version the bundle claims to need (Info.plist `LSMinimumSystemVersion`, the
install guide) is the one the pinned PySide6 wheel is built for (its `macosx_<major>_<minor>`
tag), not an older one on which Qt would not start."""

from __future__ import annotations

import re

from installer import bundle_config
from tests.packaging.wheel_plugin_lists import list_file


def wheel_minimum() -> str:
    header = list_file("macos").read_text(encoding="utf-8").splitlines()[0]
    found = re.search(r"macosx_(\d+)_(\d+)_", header)
    assert found, header
    return f"{found[1]}.{found[2]}"


def test_the_info_plist_asks_for_the_macos_the_wheel_needs() -> None:
    info = bundle_config.info_plist("1.2.3", bundle_id="x.y", scheme="s", name="N", executable="n")
    assert info["LSMinimumSystemVersion"] == wheel_minimum() == "13.0"


def test_the_install_guide_states_the_same_minimum() -> None:
    readme = (bundle_config.ROOT / "installer" / "README.md").read_text(encoding="utf-8")
    major = wheel_minimum().split(".")[0]
    assert f"## macOS {major} " in readme
    assert not re.search(r"macOS 1[0-2]\b|macOS 11\+", readme)
