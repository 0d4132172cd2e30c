"""What goes into the PyInstaller bundle, as plain data and pure functions (the spec reads them,
tests/packaging checks them): the version from pyproject.toml, the package metadata the frozen
app reads its version from, the modules and Qt plugins left out, and the macOS Info.plist.

Also the interpreter the bundles carry: `PYTHON_RELEASE`, the newest patch release of the Python
line in use, which the GitHub workflow installs and the spec insists on when
`REQUIRE_PINNED_PYTHON=1` (the workflow sets it; a local build only says what it bundles).

Run as a script it prints the version (`python installer/bundle_config.py version`) or the pinned
interpreter (`... python`).
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ("pt_BR", "en")
# Plain release versions (what dpkg, Inno Setup and CFBundleShortVersionString all accept).
VERSION_PATTERN = re.compile(r"\d+\.\d+\.\d+")

# The interpreter every bundle is built with (it ships inside them): the newest 3.11 patch release
# as of 2026-12-02 (uv 0.13.9 lists python-build-standalone's cpython-3.11.18 for Linux, Windows
# and macOS; actions/python-versions has Linux builds only up to 3.11.16, and python.org's last
# 3.11 installers are 3.11.9, what setup-python "3.11" gave Windows and macOS until now).
PYTHON_RELEASE = "3.11.18"
PYTHON_PIN_ENV = "REQUIRE_PINNED_PYTHON"

# The oldest macOS the bundle runs on: PySide6 6.11's macOS wheels are tagged macosx_13_0 (Qt 6.11
# supports macOS 13 Ventura and later), so the app cannot start on anything older.
MACOS_MINIMUM = "13.0"

# Python modules the app never imports at run time (the stand-in, dev tools, other GUI kits).
EXCLUDED_MODULES = [
    "desktop_notifier.devstack",
    "aiohttp",
    "psycopg",
    "psycopg_binary",
    "pytest",
    "_pytest",
    "hypothesis",
    "mypy",
    "ruff",
    "PyInstaller",
    "tkinter",
    "_tkinter",
    "pydoc",
    "lib2to3",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtSvg",
    "PySide6.QtOpenGL",
    "PySide6.QtPrintSupport",
    "PySide6.QtUiTools",
    "PySide6.QtXml",
    "PySide6.QtSql",
    "PySide6.QtTest",
    "PySide6.QtConcurrent",
]

# Qt plugins kept, by their folder under plugins/ (file name prefixes; a folder not listed keeps
# none). The plugins are filtered before PyInstaller resolves their libraries, so what a dropped
# plugin alone needs stays out too: the GTK theme plugin alone pulls GTK 3 and its stack in. The
# app needs no image-format plugin (its icons are PNG, built into QtGui), no SVG, no TLS (Python's
# ssl talks to Supabase), no SQL, print, GL-integration or QML plugin.
KEPT_QT_PLUGINS: dict[str, tuple[str, ...]] = {
    "platforms": ("libqxcb", "libqwayland", "libqoffscreen", "qwindows", "libqcocoa", "qoffscreen"),
    "platformthemes": ("libqxdgdesktopportal",),
    "platforminputcontexts": ("libcomposeplatforminputcontextplugin", "libibusplatforminput"),
    "wayland-shell-integration": ("libxdg-shell",),
    "wayland-decoration-client": ("libbradient",),
    # Linux: NetworkManager, GLib; Windows: Network List Manager; macOS: Network.framework (the
    # names in the PySide6 6.11 wheels, tests/packaging/pyside6-plugins-*.txt).
    "networkinformation": (
        "libqnetworkmanager",
        "libqglib",
        "qnetworklistmanager",
        "libqapplenetworkinformation",
    ),
    "styles": ("qwindowsvistastyle", "qmodernwindowsstyle", "libqmacstyle"),
    "imageformats": ("qico",),  # Windows: the .ico window icon
}


def interpreter_problem(version: tuple[int, ...], pinned: str = PYTHON_RELEASE) -> str | None:
    """Why a bundle must not be built with the interpreter `version` (None: it is the pinned
    release)."""
    running = ".".join(str(part) for part in version[:3])
    if running == pinned:
        return None
    return f"the bundle must carry Python {pinned} (the newest patch release), not {running}"


def project_version(pyproject: Path = ROOT / "pyproject.toml") -> str:
    """The one version of the product (`[project] version`)."""
    data: dict[str, Any] = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    version = data["project"]["version"]
    if not isinstance(version, str) or not VERSION_PATTERN.fullmatch(version):
        raise ValueError(f"unexpected project version {version!r}")
    return version


def project_name(pyproject: Path = ROOT / "pyproject.toml") -> str:
    """The distribution's name (`[project] name`), the one `desktop_notifier.version()` reads."""
    data: dict[str, Any] = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    name = data["project"]["name"]
    if not isinstance(name, str) or not name:
        raise ValueError(f"unexpected project name {name!r}")
    return name


def write_dist_info(directory: Path, version: str, name: str | None = None) -> Path:
    """A minimal `.dist-info` so `importlib.metadata.version(DIST_NAME)` answers in the frozen
    app exactly as it does in a pip install (the bundle has no pip metadata of its own)."""
    name = name or project_name()
    dist_info = directory / f"{name.replace('-', '_')}-{version}.dist-info"
    dist_info.mkdir(parents=True, exist_ok=True)
    (dist_info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8"
    )
    return dist_info


def data_kept(dest: str) -> bool:
    """Whether a collected data file stays: of Qt's own translations, only the standard-dialog
    catalogues (`qtbase_*`) of the languages the app speaks."""
    path = Path(dest)
    if path.parent.name == "translations" and "PySide6" in path.parts:
        return path.name in {f"qtbase_{language}.qm" for language in LANGUAGES}
    return True


def qt_plugin_kept(plugin_type: str, filename: str) -> bool:
    """Whether the Qt plugin `filename` of folder `plugin_type` goes into the bundle."""
    return Path(filename).name.startswith(KEPT_QT_PLUGINS.get(plugin_type, ()))


def info_plist(
    version: str, *, bundle_id: str, scheme: str, name: str, executable: str
) -> dict[str, Any]:
    """The macOS Info.plist entries of the .app: tray-only (no Dock icon), the URL scheme.

    Complete on its own: PyInstaller's BUNDLE also writes the executable and package type, but
    updates its defaults with these, so what macOS requires does not rest on its defaults."""
    return {
        "CFBundleInfoDictionaryVersion": "6.0",
        "CFBundlePackageType": "APPL",
        "CFBundleExecutable": executable,
        "CFBundleName": name,
        "CFBundleDisplayName": name,
        "CFBundleIdentifier": bundle_id,
        "CFBundleShortVersionString": version,
        "CFBundleVersion": version,
        "LSUIElement": True,
        "LSMinimumSystemVersion": MACOS_MINIMUM,
        "NSHighResolutionCapable": True,
        "NSHumanReadableCopyright": "",
        # the prompt text when the app asks to see the Focus status (do-not-disturb; see
        # desktop_notifier/notify/macos_focus.py)
        "NSFocusStatusUsageDescription": (
            "Calls Notifier holds its alerts while a Focus is on and sums them up afterwards."
        ),
        "CFBundleURLTypes": [
            {
                "CFBundleURLName": f"{bundle_id}.call-link",
                "CFBundleURLSchemes": [scheme],
                "CFBundleTypeRole": "Viewer",
            }
        ],
    }


if __name__ == "__main__":
    if sys.argv[1:] == ["version"]:
        print(project_version())
    elif sys.argv[1:] == ["python"]:
        print(PYTHON_RELEASE)
    else:
        print("usage: bundle_config.py version|python", file=sys.stderr)
        sys.exit(2)
