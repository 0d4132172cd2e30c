"""Which API key a desktop may hold: only what Supabase makes public, checked before the key is
ever sent or stored.

An allowlist, not a denylist: a legacy JWT key whose `role` claim is exactly `anon`, or a
publishable key (`sb_publishable_…`). Everything else is refused: a privileged key (a JWT with
any other database role, such as `service_role`, `supabase_admin` or `postgres`, or a secret
key `sb_secret_…` in any case) bypasses row-level security; a JWT whose JSON repeats a key is
ambiguous (parsers disagree on which value wins) and is refused too.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from typing import Any

from desktop_notifier.common.errors import ErrorCode, UserError

PUBLISHABLE = re.compile(r"sb_publishable_[A-Za-z0-9_-]+")
_JWT_PART = re.compile(r"[A-Za-z0-9_-]+")
# Roles of a user's own session: not a project key, but not privileged either.
_UNPRIVILEGED = frozenset({"anon", "authenticated"})


class _Duplicate(ValueError):
    pass


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Duplicate(key)
        result[key] = value
    return result


def _json_part(part: str) -> dict[str, Any] | None:
    """A JWT part as a JSON object; None if it is not one (or repeats a key)."""
    if not _JWT_PART.fullmatch(part):
        return None
    try:
        raw = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        value = json.loads(raw, object_pairs_hook=_object)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    return value if isinstance(value, dict) else None


def jwt_role(key: str) -> str | None:
    """The `role` claim of a well-formed JWT (header and claims JSON objects without repeated
    keys), else None."""
    parts = key.split(".")
    if len(parts) != 3 or _json_part(parts[0]) is None or not _JWT_PART.fullmatch(parts[2]):
        return None
    claims = _json_part(parts[1])
    role = claims.get("role") if claims is not None else None
    return role if isinstance(role, str) else None


def check_api_key(key: str) -> str:
    """The key, stripped, if a desktop may hold it; else a `UserError`: `service_role_key` for
    a privileged key, `not_anon_key` for anything else that is not the anon/publishable key."""
    key = key.strip()
    if PUBLISHABLE.fullmatch(key):
        return key
    role = jwt_role(key)
    if role == "anon":
        return key
    if key.lower().startswith("sb_secret_") or (role is not None and role not in _UNPRIVILEGED):
        raise UserError(ErrorCode.SERVICE_ROLE_KEY)
    raise UserError(ErrorCode.NOT_ANON_KEY)
