"""The stand-in's Ably keys and tokens: what Ably's token authentication checks.

- The app's one root key (`<app>.<key id>:<secret>`), known only to the server side (the
  token endpoint and the outbox publisher; printed in the stand-in's ready line).
- `request_token`: `POST /keys/<keyName>/requestToken` with a signed TokenRequest, as the
  ably-python client and server SDKs send it (`ably/rest/auth.py` `request_token`,
  `ably/types/tokenrequest.py` `sign_request`): the mac is HMAC-SHA256 of
  `keyName\\nttl\\ncapability\\nclientId\\ntimestamp\\nnonce\\n` with the key's secret, the
  timestamp must be current (Ably: 40104 "Timestamp not current") and a nonce is used once
  (40105). Answers TokenDetails (`ably/types/tokendetails.py`: token, expires, issued,
  capability, clientId).
- `check_token`: a token the websocket presents: unknown 40140, expired 40142 (Ably's codes,
  `ably/util/exceptions.py` and the protocol's token errors 40140-40149).
- `permits`: the capability check at attach (a resource name or `*`, and its operations).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

TIMESTAMP_WINDOW_MS = 10 * 60 * 1000
DEFAULT_TTL_MS = 60 * 60 * 1000


class AblyError(Exception):
    """An Ably error body: `{error: {code, statusCode, message}}`."""

    def __init__(self, code: int, status: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.status = status
        self.message = message

    def body(self) -> dict[str, Any]:
        return {"code": self.code, "statusCode": self.status, "message": self.message}


@dataclass
class Token:
    token: str
    key_name: str
    issued: int
    expires: int
    capability: dict[str, list[str]]
    client_id: str | None

    def details(self) -> dict[str, Any]:
        return {
            "token": self.token,
            "keyName": self.key_name,
            "issued": self.issued,
            "expires": self.expires,
            "capability": json.dumps(self.capability),
            "clientId": self.client_id,
        }


def now_ms() -> int:
    return int(time.time() * 1000)


def sign(secret: str, request: dict[str, Any]) -> str:
    """The TokenRequest mac (tokenrequest.py `sign_request`, Ably's RSA9g)."""
    text = "\n".join(
        str(request.get(name) or "")
        for name in ("keyName", "ttl", "capability", "clientId", "timestamp", "nonce")
    )
    mac = hmac.new(secret.encode(), (text + "\n").encode(), hashlib.sha256).digest()
    return base64.b64encode(mac).decode()


@dataclass
class AblyKeys:
    key_name: str = field(default_factory=lambda: "standin." + secrets.token_hex(3))
    secret: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    tokens: dict[str, Token] = field(default_factory=dict)
    nonces: set[str] = field(default_factory=set)
    tokens_issued: int = 0

    @property
    def root_key(self) -> str:
        return f"{self.key_name}:{self.secret}"

    def basic_ok(self, header: str | None) -> bool:
        """`Authorization: Basic base64(keyName:secret)` (how the REST API takes a key)."""
        if not header or not header.startswith("Basic "):
            return False
        try:
            given = base64.b64decode(header[6:]).decode()
        except ValueError:
            return False
        return hmac.compare_digest(given, self.root_key)

    def token_request(
        self, client_id: str, capability: dict[str, list[str]], ttl_ms: int
    ) -> dict[str, Any]:
        """A signed TokenRequest (what a server SDK's `create_token_request` makes)."""
        request: dict[str, Any] = {
            "keyName": self.key_name,
            "ttl": ttl_ms,
            "capability": json.dumps(capability),
            "clientId": client_id,
            "timestamp": now_ms(),
            "nonce": secrets.token_hex(8),
        }
        request["mac"] = sign(self.secret, request)
        return request

    def request_token(self, key_name: str, request: dict[str, Any]) -> Token:
        if key_name != self.key_name or request.get("keyName") != key_name:
            raise AblyError(40400, 404, "No application found with id")
        if not hmac.compare_digest(str(request.get("mac", "")), sign(self.secret, request)):
            raise AblyError(40101, 401, "Invalid credentials: mac mismatch")
        timestamp = int(request.get("timestamp") or 0)
        if abs(now_ms() - timestamp) > TIMESTAMP_WINDOW_MS:
            raise AblyError(40104, 401, "Timestamp not current")
        nonce = str(request.get("nonce") or "")
        if len(nonce) < 16 or nonce in self.nonces:
            raise AblyError(40105, 401, "Nonce value replayed")
        self.nonces.add(nonce)
        try:
            capability = json.loads(request.get("capability") or '{"*":["*"]}')
        except ValueError:
            raise AblyError(40000, 400, "Invalid capability") from None
        issued = now_ms()
        token = Token(
            token=f"{key_name.split('.')[0]}.{secrets.token_urlsafe(24)}",
            key_name=key_name,
            issued=issued,
            expires=issued + int(request.get("ttl") or DEFAULT_TTL_MS),
            capability=capability,
            client_id=request.get("clientId"),
        )
        self.tokens[token.token] = token
        self.tokens_issued += 1
        return token

    def check_token(self, token: str | None) -> Token:
        found = self.tokens.get(token or "")
        if found is None:
            raise AblyError(40140, 401, "Token error: unknown token")
        if found.expires <= now_ms():
            raise AblyError(40142, 401, "Key/token status changed (expire)")
        return found


def permits(capability: dict[str, list[str]], channel: str, operation: str) -> bool:
    """May a token with this capability do `operation` on `channel`? (exact name, `*`, or a
    `prefix:*` resource; operations listed or `*`)."""
    for resource, operations in capability.items():
        matches = resource in ("*", channel) or (
            resource.endswith(":*") and channel.startswith(resource[:-1])
        )
        if matches and ("*" in operations or operation in operations):
            return True
    return False
