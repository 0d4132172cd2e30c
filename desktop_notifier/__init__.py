"""Calls Notifier: native desktop alerts for a sales team's Supabase call analysis.

Owns only the version; importing the package has no side effects.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("desktop-notifier")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"

APP_NAME = "Calls Notifier"
APP_ID = "calls-notifier"
