"""Users of the stand-in, stored in ``auth.users`` like GoTrue stores them.

Owns password hashing (scrypt, with per-user salt), seeding users at start-up (an existing
e-mail keeps its id and gets the given password), password-less users (browser and e-mail code
sign-ins) and the look-ups the auth endpoints need.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass
from datetime import datetime

from desktop_notifier.devstack.db import Pool

DEMO_EMAIL = "demo@example.com"
DEMO_PASSWORD = "demo-password"
_N, _R, _P = 2**14, 8, 1


@dataclass(frozen=True)
class User:
    id: str
    email: str
    created_at: datetime


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P)
    encode = base64.b64encode
    return f"scrypt${_N}${_R}${_P}${encode(salt).decode()}${encode(digest).decode()}"


def check_password(password: str, stored: str | None) -> bool:
    try:
        scheme, n, r, p, salt, digest = (stored or "").split("$")
        if scheme != "scrypt":
            return False
        actual = hashlib.scrypt(
            password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p)
        )
    except ValueError:
        return False
    return hmac.compare_digest(actual, base64.b64decode(digest))


def parse_user_spec(spec: str) -> tuple[str, str]:
    """``EMAIL:PASSWORD`` of ``--user``."""
    email, sep, password = spec.partition(":")
    if not sep or "@" not in email or not password:
        raise ValueError(f"expected EMAIL:PASSWORD, got {spec!r}")
    return email.strip().lower(), password


class UserStore:
    def __init__(self, pool: Pool) -> None:
        self._pool = pool

    async def upsert(self, email: str, password: str) -> User:
        async with self._pool.connection() as conn:
            cur = await conn.execute(
                "insert into auth.users (email, encrypted_password) values (%s, %s) "
                "on conflict (email) do update "
                "set encrypted_password = excluded.encrypted_password "
                "returning id::text, email, created_at",
                (email.lower(), hash_password(password)),
            )
            row = await cur.fetchone()
        assert row is not None
        return User(str(row[0]), str(row[1]), row[2])  # type: ignore[arg-type]

    async def ensure(self, email: str) -> User:
        """The user with `email`, created without a password if new (an OAuth or e-mail code
        sign-in: supabase/auth creates such users on their first sign-in)."""
        async with self._pool.connection() as conn:
            await conn.execute(
                "insert into auth.users (email) values (%s) on conflict (email) do nothing",
                (email.lower(),),
            )
        user, _ = await self._find("lower(email) = lower(%s)", email)
        assert user is not None
        return user

    async def find(self, email: str) -> User | None:
        user, _ = await self._find("lower(email) = lower(%s)", email)
        return user

    async def authenticate(self, email: str, password: str) -> User | None:
        user, stored = await self._find("lower(email) = lower(%s)", email)
        return user if user is not None and check_password(password, stored) else None

    async def get(self, user_id: str) -> User | None:
        user, _ = await self._find("id::text = %s", user_id)
        return user

    async def _find(self, where: str, value: str) -> tuple[User | None, str | None]:
        async with self._pool.connection() as conn:
            cur = await conn.execute(
                "select id::text, email, created_at, encrypted_password from auth.users where "
                + where,
                (value,),
            )
            row = await cur.fetchone()
        if row is None:
            return None, None
        return User(str(row[0]), str(row[1]), row[2]), row[3]  # type: ignore[arg-type,return-value]
