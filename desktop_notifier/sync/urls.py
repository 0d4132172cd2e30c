"""Validation of the Supabase project URL a user types."""

from __future__ import annotations

from urllib.parse import urlsplit

from desktop_notifier.common.errors import ErrorCode, UserError
from desktop_notifier.common.insecure_http import is_insecure


def check_url(url: str, *, allow_insecure_http: bool = False) -> str:
    """Return the normalised project URL, or raise a `UserError` saying what is wrong.

    https is required; plain http only for a server on this machine, or for any server when
    the user opted in to an insecure self-hosted server (`allow_insecure_http`). A user name
    or password in the URL (`https://user:secret@host`) is refused first: it would be stored
    in the settings file, printed and logged with the URL.
    """
    text = url.strip().rstrip("/")
    parts = urlsplit(text)
    if "@" in parts.netloc:
        raise UserError(ErrorCode.URL_CREDENTIALS)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UserError(ErrorCode.BAD_URL)
    if is_insecure(text) and not allow_insecure_http:
        raise UserError(ErrorCode.INSECURE_URL)
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise UserError(ErrorCode.BAD_URL)
    return text
