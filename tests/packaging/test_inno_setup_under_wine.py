"""The Windows installer script, compiled by Inno Setup's own ISCC.exe and run, under Wine: it
compiles without warnings, a silent per-user install puts the app where a user's programs go,
registers the `calls-notifier:` links and start at login (only when that task is chosen), adds the
Start-menu shortcut, and the uninstaller takes all of it away again but leaves the user's data.

What Wine cannot show: the shortcut's AppUserModelID and toast activator CLSID (Wine keeps no
property store in .lnk files; tests/packaging/test_windows_installer_script.py reads them in the
script), and {autopf}, which Wine 8 does not know (the script takes InstallRoot for it, see its
comment). The bundle is a stand-in: this checks the installer, not the PyInstaller build."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath

import pytest

from tests.packaging.installer_modules import bundle_config, icon_files
from tests.packaging.installer_modules import inno_compiler as inno

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Wine runs it on Linux"),
    pytest.mark.skipif(shutil.which("wine") is None, reason="scripts/bootstrap.sh installs Wine"),
    pytest.mark.timeout(300),
]
ISS = bundle_config.ROOT / "installer" / "windows" / "desktop-notifier.iss"
VERSION = bundle_config.project_version()
EXE = "desktop-notifier.exe"
RUN_KEY = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Run"
LINK_KEY = r"HKCU\Software\Classes\calls-notifier"
VALUE_LINE = re.compile(r"^ {4}(?P<name>.+?) {4}(?P<type>REG_\w+)(?: {4}(?P<data>.*))?$")
APP_DIR = r"C:\users\{user}\AppData\Local\Programs\Calls Notifier"


@dataclass
class Wine:
    prefix: Path
    user: str

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            ["wine", *args],
            env=inno.wine_environment(self.prefix),
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"wine {args[0]} exited {result.returncode}: {result.stdout}")
        return result

    def value(self, key: str, name: str | None) -> str | None:
        """One registry value as `reg query` prints it, or None when it (or its key) is absent."""
        which = ["/ve"] if name is None else ["/v", name]
        result = self.run("reg", "query", key, *which, check=False)
        if result.returncode != 0:
            return None
        for line in result.stdout.splitlines():
            found = VALUE_LINE.match(line)  # names may hold spaces ("URL Protocol")
            if found:
                return found["data"] or ""
        return None

    def path(self, windows: str) -> Path:
        """Where a C: path of the prefix lies on Linux."""
        relative = PureWindowsPath(windows).relative_to("C:\\")
        return self.prefix / "drive_c" / Path(*relative.parts)

    def app_dir(self) -> str:
        return APP_DIR.format(user=self.user)


@pytest.fixture(scope="module")
def wine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Wine]:
    prefix = tmp_path_factory.mktemp("wine") / "prefix"
    env = inno.wine_environment(prefix)
    subprocess.run(["wineboot", "--init"], env=env, capture_output=True, timeout=240, check=True)
    users = [p.name for p in (prefix / "drive_c" / "users").iterdir() if p.name != "Public"]
    box = Wine(prefix, users[0])
    box.run("reg", "add", r"HKCU\Software\Wine", "/v", "Version", "/d", "win10", "/f")
    yield box
    subprocess.run(["wineserver", "--kill"], env=env, timeout=60, check=False)


@pytest.fixture(scope="module")
def setup_exe(wine: Wine, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The installer built from the real script, the app's real icon and a stand-in bundle."""
    work = tmp_path_factory.mktemp("inno")
    bundle = work / "desktop-notifier"
    (bundle / "_internal").mkdir(parents=True)
    (bundle / EXE).write_bytes(b"MZ stand-in for the PyInstaller launcher")
    (bundle / "_internal" / "base_library.zip").write_bytes(b"PK stand-in")
    ico, _icns = icon_files.write_icons(work / "icons")
    out = work / "dist"
    compiled = wine.run(
        str(inno.fetch()),
        f"/DAppVersion={VERSION}",
        f"/DBundleDir={inno.windows_path(bundle)}",
        f"/DIconFile={inno.windows_path(ico)}",
        f"/DOutputDir={inno.windows_path(out)}",
        r"/DInstallRoot={localappdata}\Programs",
        inno.windows_path(ISS),
    )
    assert "Successful compile" in compiled.stdout, compiled.stdout
    assert "Warning" not in compiled.stdout, compiled.stdout
    return out / f"calls-notifier-{VERSION}-setup.exe"


def install(wine: Wine, setup: Path, tasks: str) -> None:
    log = setup.with_suffix(f".{tasks or 'none'}.log")
    wine.run(
        str(setup),
        "/VERYSILENT",
        "/SUPPRESSMSGBOXES",
        "/NORESTART",
        f"/TASKS={tasks}",
        f"/LOG={inno.windows_path(log)}",
    )
    assert "Installation process succeeded." in log.read_text(encoding="utf-8-sig")


def uninstall(wine: Wine) -> None:
    wine.run(rf"{wine.app_dir()}\unins000.exe", "/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART")
    wine.run("wineboot", "--shutdown", check=False)  # the uninstaller finishes in a child process
    subprocess.run(["wineserver", "--wait"], env=inno.wine_environment(wine.prefix), timeout=60)


def start_menu(wine: Wine) -> Path:
    return wine.path(
        rf"C:\users\{wine.user}\AppData\Roaming\Microsoft\Windows\Start Menu\Programs"
        r"\Calls Notifier.lnk"
    )


def test_the_script_compiles_into_a_windows_setup_program(setup_exe: Path) -> None:
    data = setup_exe.read_bytes()
    assert data[:2] == b"MZ"
    assert data.find(b"PE\0\0") > 0
    assert len(data) > 500_000  # Inno Setup's own setup code plus the compressed files


def test_a_per_user_install_registers_links_and_start_at_login_and_uninstall_removes_them(
    wine: Wine, setup_exe: Path
) -> None:
    install(wine, setup_exe, "startatlogin")
    app = wine.app_dir()
    launcher = f'"{app}\\{EXE}"'
    assert wine.path(rf"{app}\{EXE}").read_bytes().startswith(b"MZ")
    assert wine.path(rf"{app}\_internal\base_library.zip").is_file()
    assert wine.value(RUN_KEY, "CallsNotifier") == launcher
    assert wine.value(LINK_KEY, "URL Protocol") == ""
    assert (wine.value(LINK_KEY, None) or "").startswith("URL:")
    assert wine.value(rf"{LINK_KEY}\shell\open\command", None) == f'{launcher} "%1"'
    assert wine.value(rf"{LINK_KEY}\DefaultIcon", None) == f"{launcher},0"
    assert start_menu(wine).is_file()
    desktop = wine.path(rf"C:\users\{wine.user}\Desktop\Calls Notifier.lnk")
    assert not desktop.exists(), "the desktop icon is an unchecked task"

    data = wine.path(rf"C:\users\{wine.user}\AppData\Local\calls-notifier\settings.json")
    data.parent.mkdir(parents=True, exist_ok=True)
    data.write_text("{}", encoding="utf-8")
    uninstall(wine)
    assert wine.value(RUN_KEY, "CallsNotifier") is None
    assert wine.value(LINK_KEY, None) is None
    assert not wine.path(app).exists()
    assert not start_menu(wine).exists()
    assert data.is_file(), "settings, history and logs stay after uninstall (installer/README.md)"


def test_start_at_login_is_only_set_when_the_task_is_chosen(wine: Wine, setup_exe: Path) -> None:
    install(wine, setup_exe, "")
    try:
        assert wine.path(rf"{wine.app_dir()}\{EXE}").is_file()
        assert wine.value(RUN_KEY, "CallsNotifier") is None
        assert wine.value(rf"{LINK_KEY}\shell\open\command", None) is not None
    finally:
        uninstall(wine)
