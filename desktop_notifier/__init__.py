"""Calls Notifier: native desktop alerts for a sales team's Supabase call analysis.

Owns only the names and the version; importing the package has no side effects and costs
nothing at start-up (the version is read from the installed metadata when first asked for).

The import package is `desktop_notifier`, but the distribution is `calls-notifier` (DIST_NAME):
the unrelated PyPI project `desktop-notifier` installs a `desktop_notifier` package of its own,
so our metadata is looked up under a name it cannot answer to.
"""

from __future__ import annotations

from functools import cache

APP_NAME = "Calls Notifier"
APP_ID = "calls-notifier"
DIST_NAME = "calls-notifier"  # [project] name in pyproject.toml (tests/packaging checks it)


@cache
def version() -> str:
    """The version of our installed distribution (from pyproject, or the frozen app's generated
    .dist-info), or a marker when run from a bare source tree."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed(DIST_NAME)
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0.0.0+source"
