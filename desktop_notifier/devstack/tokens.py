"""JWTs of the stand-in: the project's API keys and the users' access tokens.

Owns signing with the project's HS256 secret (``secret.py`` keeps it), the anon and
service_role keys (long-lived JWTs with only ``role``, ``iss`` and
``exp``, like a Supabase project's), GoTrue-shaped access tokens stamped on the server's clock,
and verification with the failure reasons the real servers distinguish (expired N seconds
ago, bad signature, malformed, missing claims), with the caller's leeway.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

import jwt

from desktop_notifier.devstack.clock import ServerClock

Claims = dict[str, Any]
API_ROLES = ("anon", "authenticated", "service_role")
_KEYS_EXP = 1983812996  # 2032-11-12


class TokenError(Exception):
    """A token that must be refused; ``kind`` says why."""

    def __init__(self, kind: str, message: str, expired_ago: int = 0) -> None:
        super().__init__(message)
        self.kind = kind  # "expired" | "signature" | "malformed" | "claims"
        self.message = message
        self.expired_ago = expired_ago


@dataclass(frozen=True)
class AccessToken:
    token: str
    claims: Claims


class TokenIssuer:
    """Signs and verifies every JWT the stand-in hands out."""

    def __init__(
        self,
        secret: str | None,
        access_lifetime: int,
        issuer: str,
        clock: ServerClock | None = None,
    ) -> None:
        self.secret = secret or secrets.token_urlsafe(32)
        self.clock = clock or ServerClock()
        self.access_lifetime = access_lifetime
        self.issuer = issuer
        # Fixed claims (like the Supabase CLI's keys): the same secret gives the same keys,
        # so a restarted stand-in accepts the keys its clients already hold.
        self.anon_key = self._sign({"iss": "supabase-demo", "role": "anon", "exp": _KEYS_EXP})
        self.service_role_key = self._sign(
            {"iss": "supabase-demo", "role": "service_role", "exp": _KEYS_EXP}
        )

    def _sign(self, claims: Claims) -> str:
        return jwt.encode(claims, self.secret, algorithm="HS256")

    def is_api_key(self, key: str) -> bool:
        """True for this project's anon or service_role key (compared in constant time)."""
        return any(secrets.compare_digest(key, k) for k in (self.anon_key, self.service_role_key))

    def issue_access(self, user_id: str, email: str, session_id: str) -> AccessToken:
        now = self.clock.seconds()
        claims: Claims = {
            "iss": self.issuer,
            "sub": user_id,
            "aud": "authenticated",
            "exp": now + self.access_lifetime,
            "iat": now,
            "email": email,
            "phone": "",
            "app_metadata": {"provider": "email", "providers": ["email"]},
            "user_metadata": {},
            "role": "authenticated",
            "aal": "aal1",
            "amr": [{"method": "password", "timestamp": now}],
            "session_id": session_id,
            "is_anonymous": False,
        }
        return AccessToken(self._sign(claims), claims)

    def verify(self, token: str, leeway: int = 0) -> Claims:
        """Claims of a valid token; raises TokenError otherwise (exp and role required).

        ``leeway``: seconds past ``exp`` still accepted (PostgREST 30, Realtime and GoTrue 0)."""
        try:
            claims: Claims = jwt.decode(
                token,
                self.secret,
                algorithms=["HS256"],
                options={"verify_exp": False, "verify_aud": False, "verify_iat": False},
            )
        except jwt.InvalidSignatureError as e:
            raise TokenError("signature", "Failed to validate JWT signature") from e
        except jwt.PyJWTError as e:
            raise TokenError("malformed", "The token provided is not a valid JWT") from e
        exp, role = claims.get("exp"), claims.get("role")
        if not isinstance(exp, int) or not isinstance(role, str):
            raise TokenError("claims", "Fields `role` and `exp` are required in JWT")
        now = self.clock.seconds()
        if exp + leeway <= now:
            ago = now - exp
            raise TokenError("expired", f"Token has expired {ago} seconds ago", ago)
        if role not in API_ROLES:
            raise TokenError("claims", f"Role {role!r} is not allowed")
        return claims
