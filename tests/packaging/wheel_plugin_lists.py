"""The Qt plugin files of the pinned PySide6-Essentials wheels for Windows and macOS, checked in
as `pyside6-plugins-<platform>.txt` (one path a line, from the wheel's RECORD) so the bundle's
plugin filter is tested against the real names without the 80-110 MB wheels.

Regenerate after changing the PySide6 version:
`python -m tests.packaging.wheel_plugin_lists 6.11.3` (needs pip and the network).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PLATFORMS = {"windows": "win_amd64", "macos": "macosx_13_0_universal2"}


def list_file(platform: str) -> Path:
    return HERE / f"pyside6-plugins-{platform}.txt"


def read_list(platform: str) -> tuple[str, list[str]]:
    """(PySide6 version, plugin paths) of the checked-in list for `platform`."""
    lines = list_file(platform).read_text(encoding="utf-8").splitlines()
    version = lines[0].removeprefix("# PySide6-Essentials ").split()[0]
    return version, [line for line in lines[1:] if line and not line.startswith("#")]


def plugin_paths(wheel: Path) -> list[str]:
    """The paths under a `plugins/` folder listed in the wheel's RECORD."""
    with zipfile.ZipFile(wheel) as archive:
        record = next(name for name in archive.namelist() if name.endswith(".dist-info/RECORD"))
        rows = archive.read(record).decode("utf-8").splitlines()
    return sorted(row.split(",")[0] for row in rows if "/plugins/" in row.split(",")[0])


def main(version: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for platform, tag in PLATFORMS.items():
            target = Path(tmp) / platform
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                 "--platform", tag, "--python-version", "3.11", "-d", str(target),
                 f"PySide6-Essentials=={version}"],
                check=True,
            )  # fmt: skip
            wheel = next(target.glob("*.whl"))
            header = f"# PySide6-Essentials {version} {wheel.name}\n"
            list_file(platform).write_text(
                header + "\n".join(plugin_paths(wheel)) + "\n", encoding="utf-8"
            )


if __name__ == "__main__":
    main(sys.argv[1])
