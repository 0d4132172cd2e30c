"""Validation of the Supabase project URL a user types."""

from __future__ import annotations

from urllib.parse import urlsplit

from desktop_notifier.errors import UserError

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


def check_url(url: str) -> str:
    """Return the normalised project URL, or raise a `UserError` saying what is wrong.

    https is required; plain http only for a server on this machine.
    """
    text = url.strip().rstrip("/")
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UserError("bad_url")
    if parts.scheme == "http" and parts.hostname not in LOCAL_HOSTS:
        raise UserError("insecure_url")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise UserError("bad_url")
    return text
