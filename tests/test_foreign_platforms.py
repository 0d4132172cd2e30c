"""The package imports and the test suite collects as Windows and macOS would see them: with
`sys.platform` set to `win32` / `darwin` and the Unix-only modules unimportable (see
`tests/support/foreign_platform.py` for how, and why only our modules see the patched platform),
collection finds exactly the tests it finds on Linux, and every `desktop_notifier` module imports.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "tests" / "support" / "foreign_platform.py"
PLATFORMS = ("win32", "darwin")


def run(*args: str, cwd: Path = ROOT, ours: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FOREIGN_PLATFORM_OURS": ours}
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def collected(platform: str) -> list[str]:
    done = run(platform, "collect", "tests")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return [line for line in done.stdout.splitlines() if "::" in line]


@pytest.fixture(scope="module")
def linux_tests() -> list[str]:
    tests = collected("native")
    assert len(tests) > 500
    return tests


@pytest.mark.parametrize("platform", PLATFORMS)
def test_the_suite_collects_the_same_tests(platform: str, linux_tests: list[str]) -> None:
    assert collected(platform) == linux_tests


@pytest.mark.parametrize("platform", PLATFORMS)
def test_every_package_module_imports(platform: str) -> None:
    done = run(platform, "import", "desktop_notifier")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    count, _, _, _, seen = done.stdout.split()[:5]
    assert int(count) > 100 and seen == platform


PROBE_MODULE = """
import sys
if sys.platform == "win32":
    import winreg
elif sys.platform == "darwin":
    import Foundation
else:
    import pwd
"""


@pytest.mark.parametrize("platform", [*PLATFORMS, "native"])
def test_the_pretence_reaches_our_modules_only(platform: str, tmp_path: Path) -> None:
    """Control: a module of ours that takes the platform's branch at import fails here, on every
    platform (winreg and pyobjc do not exist on Linux; pwd is blocked when pretending), while the
    standard library and pytest, imported by the same interpreter, still work."""
    (tmp_path / "platform_probe.py").write_text(PROBE_MODULE)
    done = run(platform, "import", "platform_probe", cwd=tmp_path, ours="platform_probe")
    missing = {"win32": "winreg", "darwin": "Foundation", "native": None}[platform]
    if missing is None:
        assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    else:
        assert done.returncode == 1, done.stdout + done.stderr[-3000:]
        assert f"platform_probe: ModuleNotFoundError: No module named '{missing}'" in done.stdout
