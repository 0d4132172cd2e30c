"""Phoenix V1 JSON frames exactly as Supabase Realtime sends them (pure).

Owns the shape of every server frame: replies (``phx_reply`` with the request's ``ref``),
pushes (``ref: null`` always present, or the client library drops the frame), ``system``
messages, ``phx_close``, and the ``postgres_changes`` frame, which is assembled around the
already-encoded change so a 1 MB row is not decoded and re-encoded per subscriber.
"""

from __future__ import annotations

import json
from typing import Any

from desktop_notifier.devstack.tokens import TokenError

Frame = dict[str, Any]


def reply(topic: str, ref: Any, status: str, response: dict[str, Any]) -> Frame:
    payload = {"status": status, "response": response}
    return {"topic": topic, "event": "phx_reply", "payload": payload, "ref": ref}


def push(topic: str, event: str, payload: dict[str, Any]) -> Frame:
    return {"topic": topic, "event": event, "payload": payload, "ref": None}


def channel_name(topic: str) -> str:
    return topic.removeprefix("realtime:")


def system(topic: str, status: str, message: str, extension: str = "postgres_changes") -> Frame:
    payload = {
        "extension": extension,
        "status": status,
        "message": message,
        "channel": channel_name(topic),
    }
    return push(topic, "system", payload)


def close(topic: str, join_ref: Any) -> Frame:
    return {"topic": topic, "event": "phx_close", "payload": {}, "ref": join_ref}


def postgres_changes_text(topic: str, ids: list[int], data_json: str) -> str:
    """The encoded change frame; ``data_json`` is the shaped change, already JSON."""
    head = json.dumps({"topic": topic, "event": "postgres_changes"})[:-1]
    return f'{head}, "payload": {{"ids": {json.dumps(ids)}, "data": {data_json}}}, "ref": null}}'


def is_private(config: dict[str, Any]) -> bool:
    """``config.private`` of a join; payloads/config.ex reads it as a FlexibleBoolean."""
    value = config.get("private", False)
    return value is True or (isinstance(value, str) and value.lower() == "true")


def join_error_reason(error: TokenError) -> str:
    """``reason`` of a refused join, ``"<Code>: <message>"`` like realtime_channel.ex."""
    code = {
        "expired": "InvalidJWTToken",
        "claims": "InvalidJWTToken",
        "signature": "JwtSignatureError",
        "malformed": "MalformedJWT",
    }[error.kind]
    return f"{code}: {error.message}"
