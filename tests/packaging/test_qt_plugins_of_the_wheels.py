"""The bundle's Qt plugin filter against the real plugin files of the pinned PySide6 wheels for
Windows and macOS (their RECORDs, checked in by tests/packaging/wheel_plugin_lists.py): network
change detection, the platform, style and (Windows) .ico plugins are kept; TLS (Python's ssl
talks to Supabase), SVG, the other image formats, SQL, QML and the rest are left out."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import PurePosixPath

import pytest

from installer import bundle_config
from tests.packaging.wheel_plugin_lists import PLATFORMS, read_list

EXPECTED = {
    "windows": {
        "networkinformation/qnetworklistmanager.dll",
        "platforms/qwindows.dll",
        "platforms/qoffscreen.dll",
        "styles/qmodernwindowsstyle.dll",
        "imageformats/qico.dll",
    },
    "macos": {
        "networkinformation/libqapplenetworkinformation.dylib",
        "platforms/libqcocoa.dylib",
        "platforms/libqoffscreen.dylib",
        "styles/libqmacstyle.dylib",
    },
}


def kept(platform: str) -> set[str]:
    _version, paths = read_list(platform)
    found = set()
    for path in paths:
        parts = PurePosixPath(path).parts
        folder, name = parts[-2], parts[-1]
        if bundle_config.qt_plugin_kept(folder, f"C:/x/{name}"):
            found.add(f"{folder}/{name}")
    return found


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_the_filter_keeps_what_the_app_needs_from_the_real_wheel(platform: str) -> None:
    assert kept(platform) == EXPECTED[platform]


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_the_lists_are_of_the_pyside6_line_in_use(platform: str) -> None:
    listed, paths = read_list(platform)
    assert listed.split(".")[:2] == version("PySide6-Essentials").split(".")[:2], (
        "regenerate the lists: python -m tests.packaging.wheel_plugin_lists <version>"
    )
    folders = {PurePosixPath(path).parts[-2] for path in paths}
    assert {"networkinformation", "platforms", "tls", "imageformats"} <= folders
