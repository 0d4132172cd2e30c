"""Which project URLs travel unencrypted: plain `http://` to a host other than this machine.

Pure string rules, shared by the URL check (which refuses such a URL unless the user opted in)
and the settings dialog (which warns while one is typed or allowed).
"""

from __future__ import annotations

from urllib.parse import urlsplit

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


def is_insecure(url: str) -> bool:
    """True for an `http://` URL whose host is not this machine (password and data in clear)."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError:
        return False
    return parts.scheme == "http" and bool(host) and host not in LOCAL_HOSTS
