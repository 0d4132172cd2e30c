"""Sign-in sessions and their refresh tokens, kept in memory like GoTrue's refresh_tokens.

Owns the rules the app must live with: a refresh token is opaque, single use and rotated
(using it returns a new one and retires the old one: reusing it fails with
``refresh_token_already_used``), and logging out revokes the session's tokens
(``local``), all of the user's sessions (``global``) or all but this one (``others``).
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass


class SessionError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class _Refresh:
    session_id: str
    user_id: str
    used: bool = False


class SessionStore:
    def __init__(self) -> None:
        self._sessions: dict[str, str] = {}  # session id -> user id
        self._tokens: dict[str, _Refresh] = {}

    def _new_token(self, session_id: str, user_id: str) -> str:
        token = secrets.token_urlsafe(18)
        self._tokens[token] = _Refresh(session_id, user_id)
        return token

    def create(self, user_id: str) -> tuple[str, str]:
        """A new session for ``user_id``: (session id, refresh token)."""
        session_id = str(uuid.uuid4())
        self._sessions[session_id] = user_id
        return session_id, self._new_token(session_id, user_id)

    def rotate(self, token: str) -> tuple[str, str, str]:
        """Spend ``token``: (session id, user id, next refresh token)."""
        entry = self._tokens.get(token)
        if entry is None or entry.session_id not in self._sessions:
            raise SessionError(
                "refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found"
            )
        if entry.used:
            raise SessionError("refresh_token_already_used", "Invalid Refresh Token: Already Used")
        entry.used = True
        return entry.session_id, entry.user_id, self._new_token(entry.session_id, entry.user_id)

    def exists(self, session_id: str) -> bool:
        return session_id in self._sessions

    def logout(self, session_id: str, user_id: str, scope: str) -> None:
        if scope == "local":
            doomed = {session_id}
        else:
            doomed = {s for s, u in self._sessions.items() if u == user_id}
            if scope == "others":
                doomed.discard(session_id)
        for sid in doomed:
            self._sessions.pop(sid, None)
        self._tokens = {t: r for t, r in self._tokens.items() if r.session_id not in doomed}
