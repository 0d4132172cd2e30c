"""Connection-level behaviours of the real Realtime server that tests switch on and off.

Owns the state the websocket upgrade, the channel join and the API gateway consult, and its
admin endpoint ``GET/POST /_devstack/connection`` (JSON: any subset of the fields below):

- ``reject_keys``: the project's API keys are refused, as after a key rotation: the upgrade
  answers HTTP 401 "Failed to validate JWT signature", the gateway 401 "Invalid API key".
- ``fail_upgrades``: ``{"count": N, "status": 401|403|404|429|500, "delay": s,
  "retry_after": s}`` fails the next N upgrades with the real server's status and body.
- ``private_only``: a public channel join is refused with ``PrivateOnly``.
- ``upgrade_error_delay`` / ``join_error_delay``: the real server sleeps ~2 s before an
  upgrade error and ~5 s before a join error (``CONNECT_ERROR_BACKOFF_MS``,
  ``CHANNEL_ERROR_BACKOFF_MS`` in supabase/realtime ``config/runtime.exs``).
- ``idle_timeout``: a socket that sent nothing (not even a ping) for this long is closed with
  1000, like Cowboy's ``idle_timeout`` (Phoenix's 60 s default); applies to new sockets.

Upstream: ``lib/realtime_web/channels/user_socket.ex`` (``connect/3``, ``error_response``),
``lib/realtime_web/channels/realtime_channel.ex`` (``only_private?``, ``join_error``).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from desktop_notifier.devstack.admin import _forbidden as loopback_only

# user_socket.ex `error_response/1`: the JSON `error` of each upgrade status.
UPGRADE_ERRORS = {
    401: "Failed to validate JWT signature",
    403: "Realtime was disabled for this tenant",
    404: "Tenant not found",
    429: "Too many connected users",
    500: "Error connecting to Realtime",
}
PRIVATE_ONLY = "PrivateOnly: This project only allows private channels"


@dataclass(frozen=True)
class UpgradeRefusal:
    status: int
    error: str
    delay: float
    retry_after: int | None = None

    def response(self) -> web.Response:
        headers = {} if self.retry_after is None else {"Retry-After": str(self.retry_after)}
        return web.json_response({"error": self.error}, status=self.status, headers=headers)


@dataclass
class ConnectionModes:
    upgrade_error_delay: float = 2.0
    join_error_delay: float = 5.0
    idle_timeout: float = 60.0
    private_only: bool = False
    reject_keys: bool = False
    _failures: list[UpgradeRefusal] = field(default_factory=list)
    keys_refused: int = 0  # requests refused for their key (upgrades and gateway)
    upgrades_failed: int = 0  # injected upgrade failures served
    joins_refused: int = 0

    def rejects_key(self, key: str, project_keys: tuple[str, ...]) -> bool:
        """True (and counted) when `key` is one of the project's keys and those are refused."""
        refused = self.reject_keys and any(secrets.compare_digest(key, k) for k in project_keys)
        self.keys_refused += refused
        return refused

    def injected_refusal(self) -> UpgradeRefusal | None:
        """The next injected upgrade failure, if any is pending (consumed)."""
        if not self._failures:
            return None
        self.upgrades_failed += 1
        return self._failures.pop(0)

    def key_refusal(self) -> UpgradeRefusal:
        return UpgradeRefusal(401, UPGRADE_ERRORS[401], self.upgrade_error_delay)

    def update(self, body: dict[str, Any]) -> None:
        """Apply an admin request; raises ValueError for a bad field."""
        for name in ("private_only", "reject_keys"):
            if name in body:
                setattr(self, name, _bool(body[name], name))
        for name in ("upgrade_error_delay", "join_error_delay", "idle_timeout"):
            if name in body:
                setattr(self, name, _seconds(body[name], name))
        if "fail_upgrades" in body:
            self._failures = _failures(body["fail_upgrades"], self.upgrade_error_delay)

    def to_json(self) -> dict[str, Any]:
        return {
            "upgrade_error_delay": self.upgrade_error_delay,
            "join_error_delay": self.join_error_delay,
            "idle_timeout": self.idle_timeout,
            "private_only": self.private_only,
            "reject_keys": self.reject_keys,
            "pending_upgrade_failures": len(self._failures),
            "keys_refused": self.keys_refused,
            "upgrades_failed": self.upgrades_failed,
            "joins_refused": self.joins_refused,
        }


MODES = web.AppKey("connection_modes", ConnectionModes)


def _bool(value: Any, name: str) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{name} must be true or false")
    return value


def _seconds(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ValueError(f"{name} must be a number of seconds >= 0")
    return float(value)


def _failures(spec: Any, default_delay: float) -> list[UpgradeRefusal]:
    if not isinstance(spec, dict):
        raise ValueError("fail_upgrades must be an object")
    count, status = spec.get("count", 1), spec.get("status", 500)
    if not isinstance(count, int) or count < 0:
        raise ValueError("fail_upgrades.count must be an integer >= 0")
    if status not in UPGRADE_ERRORS:
        raise ValueError(f"fail_upgrades.status must be one of {sorted(UPGRADE_ERRORS)}")
    delay = _seconds(spec.get("delay", default_delay), "fail_upgrades.delay")
    retry_after = spec.get("retry_after")
    if retry_after is not None and (not isinstance(retry_after, int) or retry_after < 0):
        raise ValueError("fail_upgrades.retry_after must be an integer >= 0")
    refusal = UpgradeRefusal(status, UPGRADE_ERRORS[status], delay, retry_after)
    return [refusal] * count


async def connection(request: web.Request) -> web.Response:
    """``GET``: the current modes; ``POST`` (JSON body): change some, then the modes."""
    if (denied := loopback_only(request)) is not None:
        return denied
    modes = request.app[MODES]
    if request.method == "POST":
        try:
            body = await request.json()
            if not isinstance(body, dict):
                raise ValueError("the body must be a JSON object")
            modes.update(body)
        except ValueError as e:
            return web.json_response({"error": str(e)}, status=400)
    return web.json_response(modes.to_json())


def add_routes(app: web.Application, modes: ConnectionModes) -> None:
    app[MODES] = modes
    app.router.add_get("/_devstack/connection", connection)
    app.router.add_post("/_devstack/connection", connection)
