"""The Linux package as a user gets it: the bundle and the .deb built from this checkout, the
.deb unpacked into a temporary root (`dpkg-deb -x`), its metadata validated by the real tools,
and the INSTALLED launcher started on the desktop session against the stand-in: the tray icon
is embedded, a toast is shown, its click opens the call window, a deep link reaches it."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest

from desktop_notifier.system.deeplink import call_link
from tests.installer.gui_process import GuiApp, launch, wait_for_window
from tests.packaging.installer_modules import bundle_config
from tests.support.calls import insert_call
from tests.support.qt import Dunst
from tests.support.standin import REPO, Standin
from tests.support.waiting import until_blocking

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the .deb is Linux-only"),
    pytest.mark.timeout(900),  # the build takes 1 to 3 minutes on two cores
]
ARTIFACTS = Path("/tmp/dn-artifacts")
BUNDLE_LIMIT_MIB = 150  # measured 143 MiB; ICU data (31) and cryptography (11) are most of the rest
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256)
VERSION = bundle_config.project_version()


@dataclass
class Package:
    deb: Path
    root: Path  # the .deb unpacked
    build_seconds: float

    @property
    def launcher(self) -> Path:
        return self.root / "usr" / "bin" / "desktop-notifier"

    @property
    def app_dir(self) -> Path:
        return self.root / "opt" / "calls-notifier"


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Package]:
    pytest.importorskip(
        "PyInstaller", reason="pyinstaller is not installed: add it to the dev extra (bootstrap)"
    )
    out = tmp_path_factory.mktemp("deb")
    started = time.monotonic()
    done = subprocess.run(
        [str(REPO / "installer" / "linux" / "build-deb.sh"), str(out)],
        capture_output=True,
        text=True,
        timeout=840,
        env={**os.environ, "PYTHON": sys.executable, "TMPDIR": str(out)},
    )
    elapsed = time.monotonic() - started
    assert done.returncode == 0, done.stderr[-4000:]
    deb = Path(done.stdout.strip().splitlines()[-1])
    print(done.stderr.strip().splitlines()[-1])  # bundle and .deb sizes, build times
    root = out / "root"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True, timeout=120)
    yield Package(deb, root, elapsed)


def control(package: Package) -> dict[str, str]:
    text = subprocess.run(
        ["dpkg-deb", "-f", str(package.deb)], capture_output=True, text=True, check=True
    ).stdout
    return dict(re.findall(r"^([\w-]+): (.*)$", text, re.M))


def test_the_deb_carries_the_project_version_and_installs_under_opt(package: Package) -> None:
    fields = control(package)
    assert fields["Package"] == "calls-notifier"
    assert fields["Version"] == VERSION
    assert package.deb.name == f"calls-notifier_{VERSION}_{fields['Architecture']}.deb"
    assert re.fullmatch(r"libc6 \(>= 2\.\d+\), .*libegl1.*", fields["Depends"])
    assert package.launcher.is_symlink()
    assert os.readlink(package.launcher) == "../../opt/calls-notifier/desktop-notifier"
    assert (package.app_dir / "desktop-notifier").stat().st_mode & 0o111
    done = subprocess.run([str(package.launcher), "--version"], capture_output=True, text=True)
    assert done.stdout.strip() == f"desktop-notifier {VERSION}"
    listing = subprocess.run(
        ["dpkg-deb", "-c", str(package.deb)], capture_output=True, text=True, check=True
    ).stdout
    assert all(" root/root " in line for line in listing.splitlines())


def test_the_desktop_entry_validates_and_handles_call_links(package: Package) -> None:
    entry = package.root / "usr/share/applications/calls-notifier.desktop"
    done = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    text = entry.read_text()
    assert "MimeType=x-scheme-handler/calls-notifier;" in text.splitlines()
    assert "Exec=desktop-notifier %u" in text.splitlines()
    assert "Icon=calls-notifier" in text.splitlines()


def test_the_metainfo_validates_and_carries_the_version(package: Package) -> None:
    metainfo = package.root / "usr/share/metainfo/com.callsnotifier.CallsNotifier.metainfo.xml"
    done = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(metainfo)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    text = metainfo.read_text()
    assert re.search(rf'<release version="{re.escape(VERSION)}" date="\d{{4}}-\d\d-\d\d"/>', text)
    assert "@" not in text.split("-->", 1)[1]
    tree = subprocess.run(
        ["appstreamcli", "validate-tree", "--no-net", str(package.root)],
        capture_output=True,
        text=True,
    )
    assert tree.returncode == 0, tree.stdout + tree.stderr


def test_hicolor_icons_are_in_place(package: Package) -> None:
    hicolor = package.root / "usr/share/icons/hicolor"
    for size in ICON_SIZES:
        png = (hicolor / f"{size}x{size}/apps/calls-notifier.png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", png[16:24]) == (size, size)
    assert (hicolor / "scalable/apps/calls-notifier.svg").read_text().lstrip().startswith("<")


def test_the_bundle_is_lean(package: Package) -> None:
    files = [p for p in package.app_dir.rglob("*") if p.is_file() and not p.is_symlink()]
    mib = sum(p.stat().st_size for p in files) / 2**20
    print(
        f"bundle: {mib:.0f} MiB in {len(files)} files; build + .deb: {package.build_seconds:.0f} s"
    )
    assert mib <= BUNDLE_LIMIT_MIB
    names = {p.name for p in files}
    assert not [
        n for n in names if n.startswith(("libgtk-3", "libgdk-3", "libQt6Qml", "libQt6Svg"))
    ]
    plugins = package.app_dir / "_internal/PySide6/Qt/plugins"
    assert sorted(p.name for p in plugins.iterdir()) == sorted(
        folder
        for folder in bundle_config.KEPT_QT_PLUGINS
        if any((plugins / folder).glob("*"))  # Windows/macOS-only folders are absent here
    )
    assert "calls_notifier-" + VERSION + ".dist-info" in {
        p.name for p in package.app_dir.rglob("*.dist-info")
    }
    assert not list(package.app_dir.rglob("devstack")), "the stand-in stays out of the bundle"


def tray_icon_embedded() -> bool:
    """Whether trayer's panel window holds a window of ours (the XEmbed tray icon)."""
    tree = subprocess.run(
        ["xwininfo", "-root", "-tree"], capture_output=True, text=True, timeout=10
    ).stdout.splitlines()
    panel_indent = None
    for line in tree:
        indent = len(line) - len(line.lstrip())
        if '("panel" "trayer")' in line:
            panel_indent = indent
        elif panel_indent is not None:
            if indent <= panel_indent:
                panel_indent = None
            elif '"calls-notifier")' in line:
                return True
    return False


def wait_until(condition: Any, what: str, timeout: float = 30.0, app: GuiApp | None = None) -> None:
    try:
        until_blocking(condition, what, timeout, poll=0.1)
    except AssertionError as timed_out:  # with what the app logged
        raise AssertionError(f"{timed_out}\n{app.log_tail() if app else ''}") from None


@pytest.mark.desktop
def test_the_installed_app_shows_its_tray_icon_a_toast_and_the_call(
    package: Package,
    standin: Standin,
    db: psycopg.Connection[tuple[Any, ...]],
    dunst: Dunst,
    tmp_path: Path,
) -> None:
    # As on a user's desktop: no PYTHONPATH, keyring finds its backend through the bundle's
    # entry points (no PYTHON_KEYRING_BACKEND), and the launcher is the one on PATH.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHON_KEYRING_BACKEND")}
    env["PATH"] = f"{package.root / 'usr/bin'}:{env['PATH']}"
    command = [str(package.launcher)]
    profile = tmp_path / "profile"
    info = standin.info
    configured = subprocess.run(
        [*command, "--profile", str(profile), "configure", "--password-stdin", "--url", info["url"],
         "--anon-key", info["anon_key"], "--email", info["email"]],
        input=info["password"] + "\n", capture_output=True, text=True, timeout=60, env=env,
    )  # fmt: skip
    assert configured.returncode == 0, configured.stderr
    app = GuiApp.start(profile, command=command, env=env)
    try:
        wait_until(tray_icon_embedded, "the tray icon in the panel", app=app)
        app.wait_log(r"connection .*live")
        call = insert_call(db, info["user_id"], "Instalada & Cia")
        wait_until(lambda: dunst.displayed() >= 1, "a toast on screen", app=app)
        time.sleep(0.5)  # for the screenshot only (another process's window): nothing waits on it
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        dunst.ctl("action", "0")
        wait_for_window("Instalada & Cia", app=app)
        time.sleep(0.8)  # for the screenshot only, as above
        shot = ARTIFACTS / "installed-app.png"
        if shutil.which("import"):
            subprocess.run(["import", "-window", "root", str(shot)], check=True, timeout=30)

        other = insert_call(db, info["user_id"], "Link Instalado Ltda")
        second = launch(profile, call_link(other), command=command, env=env)
        assert second.returncode == 0, second.stderr
        wait_for_window("Link Instalado Ltda", app=app)
        assert call != other
    finally:
        assert app.stop() == 0
