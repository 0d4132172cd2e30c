"""The real type stubs of the Windows toast APIs, for `make typecheck` on Linux: the pywinrt
projections ship `.pyi` files generated from Windows' own metadata (every class, method, overload,
property and deprecation of `Windows.UI.Notifications` and `Windows.Data.Xml.Dom`). This module
pins the wheels the app depends on on Windows (pyproject.toml), downloads them with pip for
`win_amd64` once, and keeps only their stubs in `.cache/stubs/` (`mypy --platform win32` reads them
through MYPYPATH, so `desktop_notifier/notify/windows.py` is checked against the real API).
pyobjc ships no stubs; what its UserNotifications wrapper does ship is the framework's metadata
(`_metadata.py`: every enum value and the selectors that take blocks), which `fetch_pyobjc` keeps
for the test that the macOS fake uses the real values and selectors.

Run as a script it fetches them and prints the folder (`python installer/platform_stubs.py`).
Standard library only.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The newest releases as of 2026-12-02, inside the ranges pyproject.toml gives for Windows.
WHEELS = (
    "winrt-runtime==4.1.0",
    "winrt-Windows.Data.Xml.Dom==4!10.0.28000.2705",
    "winrt-Windows.UI.Notifications==4!10.0.28000.2705",
)
STUBS = ROOT / ".cache" / "stubs" / "winrt-4.1.0-10.0.28000.2705"
PYOBJC_WHEEL = "pyobjc-framework-UserNotifications==12.2.2"
PYOBJC = ROOT / ".cache" / "stubs" / "pyobjc-usernotifications-12.2.2"


def stub_files(wheel: Path) -> dict[str, bytes]:
    """What mypy reads of a wheel, by its path inside it: the stubs, the typed Python modules
    (`winrt.system` is one) and the `py.typed` markers; not the Windows binaries."""
    with zipfile.ZipFile(wheel) as archive:
        return {
            name: archive.read(name)
            for name in archive.namelist()
            if name.startswith("winrt/") and name.endswith((".pyi", ".py", "/py.typed"))
        }


def download(platform: str, wheels: tuple[str, ...], folder: str, python: str) -> list[Path]:
    subprocess.run(
        [python, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
         "--platform", platform, "--python-version", "3.11", "-d", folder, *wheels],
        check=True,
    )  # fmt: skip
    return sorted(Path(folder).glob("*.whl"))


def fetch(target: Path = STUBS, python: str = sys.executable) -> Path:
    if (target / "winrt" / "system" / "__init__.py").is_file():
        return target
    with tempfile.TemporaryDirectory() as tmp:
        wheels = download("win_amd64", WHEELS, tmp, python)
        partial = target.with_name(target.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        for wheel in wheels:
            for name, data in stub_files(wheel).items():
                path = partial / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)
    return target


def fetch_pyobjc(target: Path = PYOBJC, python: str = sys.executable) -> Path:
    """The UserNotifications wrapper's `_metadata.py`, as text (never imported: it needs objc)."""
    metadata = target / "_metadata.py"
    if metadata.is_file():
        return metadata
    with tempfile.TemporaryDirectory() as tmp:
        (wheel,) = download("macosx_13_0_universal2", (PYOBJC_WHEEL,), tmp, python)
        with zipfile.ZipFile(wheel) as archive:
            data = archive.read("UserNotifications/_metadata.py")
    target.mkdir(parents=True, exist_ok=True)
    partial = metadata.with_suffix(".partial")
    partial.write_bytes(data)
    partial.rename(metadata)
    return metadata


if __name__ == "__main__":
    fetch_pyobjc()
    print(fetch())
