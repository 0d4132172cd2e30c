"""Calls Notifier: native desktop alerts for a sales team's Supabase call analysis.

Owns only the names and the version; importing the package has no side effects and costs
nothing at start-up (the version is read from the installed metadata when first asked for).
"""

from __future__ import annotations

from functools import cache

APP_NAME = "Calls Notifier"
APP_ID = "calls-notifier"


@cache
def version() -> str:
    """The installed version (from pyproject), or a marker when run from a bare source tree."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("desktop-notifier")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0.0.0+source"
