"""The pure parts of the bundle build: one version, the metadata the frozen app reads it from,
the Qt plugins kept, the macOS Info.plist, and the .ico/.icns assembled from the PNGs."""

from __future__ import annotations

import importlib.metadata
import plistlib
import re
import struct
import sys
import tomllib
from pathlib import Path

import pytest

from desktop_notifier import DIST_NAME, version
from desktop_notifier.common.identity import (
    APP_NAME,
    APP_USER_MODEL_ID,
    BUNDLE_ID,
    EXECUTABLE,
    WINDOWS_RUN_VALUE,
)
from desktop_notifier.system.deeplink import SCHEME
from tests.packaging.installer_modules import bundle_config, icon_files

REPO = Path(__file__).resolve().parents[2]


def test_the_version_comes_from_pyproject(tmp_path: Path) -> None:
    text = (REPO / "pyproject.toml").read_text()
    declared = re.search(r'^version = "(.+)"$', text, re.M)
    assert declared is not None and bundle_config.project_version() == declared[1]
    bad = tmp_path / "pyproject.toml"
    bad.write_text('[project]\nversion = "one"\n')
    with pytest.raises(ValueError, match="unexpected project version"):
        bundle_config.project_version(bad)


def test_the_distribution_is_ours_not_the_pypi_desktop_notifier() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert bundle_config.project_name() == project["name"] == DIST_NAME == "calls-notifier"
    assert "calls-notifier[devstack]" in project["optional-dependencies"]["dev"]
    assert project["scripts"] == {"desktop-notifier": "desktop_notifier.cli:main"}
    assert project["gui-scripts"] == {"calls-notifier-gui": "desktop_notifier.cli:main"}


def test_the_generated_metadata_answers_importlib_metadata(tmp_path: Path) -> None:
    dist_info = bundle_config.write_dist_info(tmp_path, "1.2.3")
    assert dist_info.name == "calls_notifier-1.2.3.dist-info"
    found = importlib.metadata.distributions(path=[str(tmp_path)])
    assert [(d.metadata["Name"], d.version) for d in found] == [("calls-notifier", "1.2.3")]


def test_version_reads_our_distribution_not_one_named_desktop_notifier(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The PyPI `desktop-notifier` beside ours on sys.path must not lend us its version."""
    bundle_config.write_dist_info(tmp_path, "9.9.9", name="desktop-notifier")
    bundle_config.write_dist_info(tmp_path, "1.2.3")
    monkeypatch.syspath_prepend(str(tmp_path))
    version.cache_clear()
    try:
        assert version() == "1.2.3"
    finally:
        version.cache_clear()


@pytest.mark.parametrize(
    ("plugin_type", "filename", "kept"),
    [
        ("platforms", "/x/PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("platforms", "/x/libqwayland.so", True),
        ("platforms", "/x/libqvnc.so", False),
        ("platformthemes", "/x/libqgtk3.so", False),
        ("platformthemes", "/x/libqxdgdesktopportal.so", True),
        ("imageformats", "/x/libqsvg.so", False),
        ("tls", "/x/libqopensslbackend.so", False),
        ("networkinformation", "/x/libqnetworkmanager.so", True),
        ("platforminputcontexts", "/x/libqtvirtualkeyboardplugin.so", False),
        ("sqldrivers", "/x/libqsqlite.so", False),
        ("platforms", "C:/x/qwindows.dll", True),
        ("styles", "C:/x/qmodernwindowsstyle.dll", True),
    ],
)
def test_only_the_qt_plugins_the_app_uses_are_kept(
    plugin_type: str, filename: str, kept: bool
) -> None:
    assert bundle_config.qt_plugin_kept(plugin_type, filename) is kept


def test_qt_translations_are_kept_for_our_languages_only() -> None:
    keep = bundle_config.data_kept
    assert keep("PySide6/Qt/translations/qtbase_pt_BR.qm")
    assert keep("PySide6/Qt/translations/qtbase_en.qm")
    assert not keep("PySide6/Qt/translations/qtbase_de.qm")
    assert not keep("PySide6/Qt/translations/qt_help_pt_BR.qm")
    assert keep("desktop_notifier/i18n/calls_notifier_pt_BR.qm")


def test_the_macos_info_plist_is_tray_only_and_claims_the_scheme() -> None:
    info = bundle_config.info_plist(
        "1.2.3", bundle_id=BUNDLE_ID, scheme=SCHEME, name=APP_NAME, executable=EXECUTABLE
    )
    assert plistlib.loads(plistlib.dumps(info)) == info
    assert info["LSUIElement"] is True
    assert info["CFBundleIdentifier"] == BUNDLE_ID
    assert info["CFBundleShortVersionString"] == "1.2.3"
    assert info["CFBundleURLTypes"][0]["CFBundleURLSchemes"] == ["calls-notifier"]


def test_the_windows_installer_repeats_the_identity_and_reads_the_version() -> None:
    iss = (REPO / "installer" / "windows" / "desktop-notifier.iss").read_text()
    assert f'#define AppUserModelID "{APP_USER_MODEL_ID}"' in iss
    assert f'#define RunValue "{WINDOWS_RUN_VALUE}"' in iss
    assert "#ifndef AppVersion" in iss, "the version is passed in (/DAppVersion=…), never typed"
    assert "PrivilegesRequired=lowest" in iss
    assert 'Root: HKCU; Subkey: "Software\\Classes\\calls-notifier"' in iss


def test_the_ico_holds_every_size_as_png() -> None:
    pngs = {size: icon_files.app_png(size) for size in icon_files.ICO_SIZES}
    data = icon_files.ico_bytes(pngs)
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind, count) == (0, 1, len(pngs))
    for index, size in enumerate(sorted(pngs)):
        width, height, _, _, planes, bits, length, offset = struct.unpack_from(
            "<BBBBHHII", data, 6 + 16 * index
        )
        assert (width or 256, height or 256, planes, bits) == (size, size, 1, 32)
        assert data[offset : offset + length] == pngs[size]


def test_the_icns_is_a_sequence_of_png_elements() -> None:
    pngs = {size: icon_files.app_png(size) for _, size in icon_files.ICNS_TYPES}
    data = icon_files.icns_bytes(pngs)
    assert data[:4] == b"icns" and struct.unpack_from(">I", data, 4)[0] == len(data)
    offset, kinds = 8, []
    while offset < len(data):
        kind, length = data[offset : offset + 4], struct.unpack_from(">I", data, offset + 4)[0]
        assert data[offset + 8 : offset + 16] == icon_files.PNG_MAGIC
        kinds.append(kind)
        offset += length
    assert offset == len(data)
    assert kinds == [kind for kind, _ in icon_files.ICNS_TYPES]


def test_icons_are_written_where_the_spec_asks(tmp_path: Path) -> None:
    ico, icns = icon_files.write_icons(tmp_path / "icons")
    assert ico.stat().st_size > 1000 and icns.stat().st_size > 1000


def test_the_version_script_prints_the_version() -> None:
    import subprocess

    done = subprocess.run(
        [sys.executable, str(REPO / "installer" / "bundle_config.py"), "version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == bundle_config.project_version()


def test_every_bundle_is_built_with_the_pinned_interpreter() -> None:
    """The workflow installs the newest patch release (bundle_config.PYTHON_RELEASE) in every
    job, never a floating "3.11" (setup-python resolved that to 3.11.9 on Windows and macOS),
    and makes the bundle build refuse any other interpreter."""
    workflow = (REPO / ".github" / "workflows" / "build.yml").read_text()
    pinned = re.search(r'^  PYTHON_VERSION: "([\d.]+)"$', workflow, re.M)
    assert pinned is not None and pinned[1] == bundle_config.PYTHON_RELEASE
    assert re.search(r'^  REQUIRE_PINNED_PYTHON: "1"$', workflow, re.M)
    assert "actions/setup-python" not in workflow and "python-version:" not in workflow
    jobs = re.split(r"^  (?=\w+:\n    runs-on)", workflow, flags=re.M)[1:]
    assert [job.split(":")[0] for job in jobs] == ["linux", "windows", "macos"]
    for job in jobs:
        assert "uv python install" in job or "uv venv --seed --python" in job, job
        assert "PYTHON_VERSION" in job
    assert bundle_config.PYTHON_RELEASE.startswith("3.11.")  # the line pyproject.toml targets
    assert bundle_config.interpreter_problem((3, 11, 7)) is not None
    assert (
        bundle_config.interpreter_problem(
            tuple(int(p) for p in bundle_config.PYTHON_RELEASE.split("."))
        )
        is None
    )
