"""Which API key a user pasted: the anon (public) key is welcome; a service-role key (a JWT with
role `service_role`, or a `sb_secret_…` key) bypasses row-level security and is refused before
it is ever sent or stored."""

from __future__ import annotations

import base64
import binascii
import json

from desktop_notifier.errors import UserError


def _jwt_role(key: str) -> str | None:
    parts = key.split(".")
    if len(parts) != 3:
        return None
    padded = parts[1] + "=" * (-len(parts[1]) % 4)
    try:
        claims = json.loads(base64.urlsafe_b64decode(padded))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    role = claims.get("role") if isinstance(claims, dict) else None
    return role if isinstance(role, str) else None


def check_api_key(key: str) -> str:
    """The key, stripped; raises `UserError("service_role_key")` for a secret key."""
    key = key.strip()
    if key.startswith("sb_secret_") or _jwt_role(key) == "service_role":
        raise UserError("service_role_key")
    return key
