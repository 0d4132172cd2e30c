"""Dead-code check, part of `make lint`: vulture reads the app, the installer, the tests and the
benchmarks, and reports what the app or the installer defines that nothing uses.

Tests and benchmarks count as users (a property only a test reads, like
`SleepWatcher.inhibitor_held`, is a point to observe the app from, not dead code) but their own
helpers are not reported. What vulture cannot see used (Qt overrides and slots, attributes set
on library objects, names the PyInstaller spec reads) is listed in scripts/vulture_whitelist.py.
Exit status 1 when something is reported or a file cannot be parsed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from vulture import Vulture

ROOT = Path(__file__).resolve().parents[1]
CHECKED = ("desktop_notifier", "installer")
USERS = ("tests", "benchmarks")
WHITELIST = Path(__file__).with_name("vulture_whitelist.py")


def main() -> int:
    vulture = Vulture(ignore_decorators=["@pytest.fixture"])
    vulture.scavenge([str(ROOT / path) for path in (*CHECKED, *USERS)] + [str(WHITELIST)])
    dead = [
        item
        for item in vulture.get_unused_code()
        if Path(item.filename).resolve().relative_to(ROOT).parts[0] in CHECKED
    ]
    for item in dead:
        print(item.get_report(), file=sys.stderr)
    return 1 if dead or vulture.exit_code else 0


if __name__ == "__main__":
    sys.exit(main())
