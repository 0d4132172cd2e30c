"""Sign-in sessions and their refresh tokens, kept in ``auth.sessions`` / ``auth.refresh_tokens``
as GoTrue keeps them, so a restarted stand-in still honours the sessions its users hold.

Owns the refresh rules of supabase/auth ``internal/tokens/service.go`` (v1 tokens, rotation on):
a refresh token is opaque and rotated (using it revokes it and returns a child). Reusing a
revoked token is allowed when it is the *parent* of the session's active token (the client
lost the answer: the active token is returned, none is made) or within the reuse interval
(``REFRESH_TOKEN_REUSE_INTERVAL``, 10 s); any other reuse fails with
``refresh_token_already_used`` "Invalid Refresh Token: Already Used" *and* revokes every token
of the session (``models.RevokeTokenFamily``). Logging out deletes the session (``local``),
all of the user's sessions (``global``) or all but this one (``others``).
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass

from desktop_notifier.devstack.clock import ServerClock
from desktop_notifier.devstack.db import Conn, Pool

DEFAULT_REUSE_INTERVAL = 10.0


class SessionError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


NOT_FOUND = SessionError(
    "refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found"
)
ALREADY_USED = SessionError("refresh_token_already_used", "Invalid Refresh Token: Already Used")


@dataclass
class RefreshStats:
    rotated: int = 0  # new tokens issued by a refresh
    parent_reused: int = 0  # a lost answer: the active token handed out again
    reuse_rejected: int = 0  # "Already Used": the session's tokens were revoked


class SessionStore:
    def __init__(
        self,
        pool: Pool,
        clock: ServerClock | None = None,
        reuse_interval: float = DEFAULT_REUSE_INTERVAL,
    ) -> None:
        self._pool = pool
        self._clock = clock or ServerClock()
        self.reuse_interval = reuse_interval
        self.stats = RefreshStats()

    async def _new_token(
        self, conn: Conn, session_id: str, user_id: str, parent: str | None
    ) -> str:
        token = secrets.token_urlsafe(18)
        now = self._clock.now()
        await conn.execute(
            "insert into auth.refresh_tokens "
            "(token, user_id, session_id, parent, created_at, updated_at) "
            "values (%s, %s, %s, %s, to_timestamp(%s), to_timestamp(%s))",
            (token, user_id, session_id, parent, now, now),
        )
        return token

    async def create(self, user_id: str) -> tuple[str, str]:
        """A new session for ``user_id``: (session id, refresh token)."""
        session_id = str(uuid.uuid4())
        async with self._pool.connection() as conn, conn.transaction():
            await conn.execute(
                "insert into auth.sessions (id, user_id, created_at) "
                "values (%s, %s, to_timestamp(%s))",
                (session_id, user_id, self._clock.now()),
            )
            token = await self._new_token(conn, session_id, user_id, None)
        return session_id, token

    async def rotate(self, token: str) -> tuple[str, str, str]:
        """Spend ``token``: (session id, user id, refresh token to use from now on)."""
        async with self._pool.connection() as conn:
            async with conn.transaction():
                result = await self._rotate(conn, token)
            # Like storage.NewCommitWithError: the revocation is committed, then the error told.
            if isinstance(result, SessionError):
                raise result
            return result

    async def _rotate(self, conn: Conn, token: str) -> tuple[str, str, str] | SessionError:
        # The session first, then its tokens: the order a logout's cascade takes them in (the
        # other order deadlocks with a concurrent logout); GoTrue locks the session too.
        await conn.execute(
            "select 1 from auth.sessions where id = "
            "(select session_id from auth.refresh_tokens where token = %s) for update",
            (token,),
        )
        cur = await conn.execute(
            "select session_id::text, user_id::text, revoked, extract(epoch from updated_at) "
            "from auth.refresh_tokens where token = %s for update",
            (token,),
        )
        row = await cur.fetchone()
        if row is None:
            return NOT_FOUND
        session_id, user_id, revoked, updated = str(row[0]), str(row[1]), bool(row[2]), row[3]
        if revoked:
            cur = await conn.execute(
                "select token, parent from auth.refresh_tokens "
                "where session_id = %s and not revoked order by id desc limit 1",
                (session_id,),
            )
            active = await cur.fetchone()
            if active is not None and active[1] == token:
                self.stats.parent_reused += 1
                return session_id, user_id, str(active[0])
            if self._clock.now() > float(str(updated)) + self.reuse_interval:
                await conn.execute(
                    "update auth.refresh_tokens set revoked = true, "
                    "updated_at = to_timestamp(%s) where session_id = %s and not revoked",
                    (self._clock.now(), session_id),
                )
                self.stats.reuse_rejected += 1
                return ALREADY_USED
        else:
            await conn.execute(
                "update auth.refresh_tokens set revoked = true, updated_at = to_timestamp(%s) "
                "where token = %s",
                (self._clock.now(), token),
            )
        self.stats.rotated += 1
        return session_id, user_id, await self._new_token(conn, session_id, user_id, token)

    async def exists(self, session_id: str) -> bool:
        try:
            uuid.UUID(session_id)
        except ValueError:
            return False
        async with self._pool.connection() as conn:
            cur = await conn.execute("select 1 from auth.sessions where id = %s", (session_id,))
            return await cur.fetchone() is not None

    async def logout(self, session_id: str, user_id: str, scope: str) -> None:
        params: tuple[str, ...]
        if scope == "local":
            where, params = "id = %s", (session_id,)
        elif scope == "global":
            where, params = "user_id = %s", (user_id,)
        else:
            where, params = "user_id = %s and id <> %s", (user_id, session_id)
        async with self._pool.connection() as conn:
            await conn.execute("delete from auth.sessions where " + where, params)
