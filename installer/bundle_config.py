"""What goes into the PyInstaller bundle, as plain data and pure functions (the spec reads them,
tests/packaging checks them): the version from pyproject.toml, the package metadata the frozen
app reads its version from, the modules and Qt plugins left out, and the macOS Info.plist.

Run as a script it prints the version: `python installer/bundle_config.py version`.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DIST_NAME = "desktop-notifier"
LANGUAGES = ("pt_BR", "en")
# Plain release versions (what dpkg, Inno Setup and CFBundleShortVersionString all accept).
VERSION_PATTERN = re.compile(r"\d+\.\d+\.\d+")

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
    "networkinformation": ("libqnetworkmanager", "libqglib", "qnlm", "qscnetworkreachability"),
    "styles": ("qwindowsvistastyle", "qmodernwindowsstyle", "libqmacstyle"),
    "imageformats": ("qico",),  # Windows: the .ico window icon
}


def project_version(pyproject: Path = ROOT / "pyproject.toml") -> str:
    """The one version of the product (`[project] version`)."""
    data: dict[str, Any] = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    version = data["project"]["version"]
    if not isinstance(version, str) or not VERSION_PATTERN.fullmatch(version):
        raise ValueError(f"unexpected project version {version!r}")
    return version


def write_dist_info(directory: Path, version: str) -> Path:
    """A minimal `.dist-info` so `importlib.metadata.version("desktop-notifier")` answers in the
    frozen app exactly as it does in a pip install (the bundle has no pip metadata of its own)."""
    dist_info = directory / f"{DIST_NAME.replace('-', '_')}-{version}.dist-info"
    dist_info.mkdir(parents=True, exist_ok=True)
    (dist_info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {DIST_NAME}\nVersion: {version}\n", encoding="utf-8"
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


def info_plist(version: str, *, bundle_id: str, scheme: str, name: str) -> dict[str, Any]:
    """The macOS Info.plist entries of the .app: tray-only (no Dock icon), the URL scheme."""
    return {
        "CFBundleName": name,
        "CFBundleDisplayName": name,
        "CFBundleIdentifier": bundle_id,
        "CFBundleShortVersionString": version,
        "CFBundleVersion": version,
        "LSUIElement": True,
        "LSMinimumSystemVersion": "11.0",
        "NSHighResolutionCapable": True,
        "NSHumanReadableCopyright": "",
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
    else:
        print("usage: bundle_config.py version", file=sys.stderr)
        sys.exit(2)
