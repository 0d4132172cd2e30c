"""The test suite's shared modules import where Unix-only modules do not exist (Windows):
`tests/conftest.py` → `tests/support/standin.py` → `desktop_notifier/devstack/cluster.py`
imported `pwd` at module level, so Windows CI could not even collect the tests. A fresh
interpreter, with those modules made unimportable, imports every conftest and support module."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UNIX_ONLY = ("pwd", "grp", "fcntl", "termios", "resource")

PROBE = """
import importlib, pkgutil, sys
from pathlib import Path
for name in {unix_only!r}:
    sys.modules[name] = None  # `import name` now raises ImportError, as on Windows
import tests.support
modules = ["tests.conftest", "tests.power.system_bus"]
conftests = Path("tests").glob("*/conftest.py")
modules += sorted("tests." + path.parent.name + ".conftest" for path in conftests)
modules += ["tests.support." + m.name for m in pkgutil.iter_modules(tests.support.__path__)]
modules += ["desktop_notifier.devstack.cluster"]
failed = []
for module in modules:
    try:
        importlib.import_module(module)
    except ImportError as exc:
        failed.append(f"{{module}}: {{exc}}")
print(len(modules), "modules")
print("\\n".join(failed))
sys.exit(1 if failed else 0)
"""


def test_support_modules_import_without_unix_only_modules() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(unix_only=UNIX_ONLY)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    assert int(done.stdout.split()[0]) >= 15, done.stdout


def test_the_probe_notices_a_unix_only_import() -> None:
    """The blocking itself works: importing `pwd` fails in the probe's interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", "import sys; sys.modules['pwd'] = None; import pwd"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode != 0 and "ModuleNotFoundError" in done.stderr
