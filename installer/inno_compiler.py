"""Inno Setup's compiler on Linux, for the check that the Windows installer script compiles and
installs (tests/packaging/test_inno_setup_under_wine.py): the npm package `innosetup` ships
Inno Setup's own `ISCC.exe` and its files, which run under Debian's Wine (32-bit, `wine32:i386`;
scripts/bootstrap.sh installs it). This module pins that package, fetches it from the npm registry
into `.cache/` once (its sha512 integrity checked, as npm would), and says how to run it.

Run as a script it fetches the compiler and prints the path of `ISCC.exe`
(`python installer/inno_compiler.py`). Standard library only: bootstrap runs it before the venv.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import shutil
import sys
import tarfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Inno Setup 6.4.1 (the Windows job gets a 6.x from Chocolatey too; the script needs 6).
VERSION = "6.4.1"
TARBALL = f"https://registry.npmjs.org/innosetup/-/innosetup-{VERSION}.tgz"
# From the registry's metadata (`npm view innosetup@6.4.1 dist.integrity`).
INTEGRITY = (
    "sha512-Bh/dNlyyFsFKBGoTf19n1msPnm4Njfb0CWVirw2CV1MSJXYy0ajRI+xjo/"
    "Yr9DtZFLLafhnwm1ZsxTu309F8lQ=="
)
HOME = ROOT / ".cache" / f"innosetup-{VERSION}"


def iscc_path(home: Path = HOME) -> Path:
    return home / "bin" / "ISCC.exe"


def verify(data: bytes, integrity: str = INTEGRITY) -> None:
    algorithm, _, expected = integrity.partition("-")
    digest = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if digest != expected:
        raise ValueError(f"{TARBALL}: integrity mismatch ({algorithm} {digest} != {expected})")


def fetch(home: Path = HOME) -> Path:
    """The compiler, downloaded and unpacked the first time (the package's `bin/` folder)."""
    if iscc_path(home).is_file():
        return iscc_path(home)
    with urllib.request.urlopen(TARBALL, timeout=120) as response:
        data = response.read()
    verify(data)
    partial = home.with_name(home.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        members = [m for m in archive.getmembers() if m.name.startswith("package/bin/")]
        archive.extractall(partial, members=members, filter="data")
    shutil.rmtree(home, ignore_errors=True)
    os.replace(partial / "package", home)
    partial.rmdir()
    return iscc_path(home)


def wine_environment(prefix: Path) -> dict[str, str]:
    """Wine quiet and self-contained: its own prefix, no debug chatter, and no offer to download
    Mono or Gecko (nothing here needs .NET or a browser engine)."""
    env = dict(os.environ)
    env.update(WINEPREFIX=str(prefix), WINEDEBUG="-all", WINEDLLOVERRIDES="mscoree,mshtml=")
    return env


def windows_path(path: Path) -> str:
    """A Linux path as Wine's Z: drive shows it."""
    return "Z:" + str(path.resolve()).replace("/", "\\")


if __name__ == "__main__":
    print(fetch())
    sys.exit(0)
