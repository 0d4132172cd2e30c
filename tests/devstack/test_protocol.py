"""Realtime wire protocol details, checked frame by frame with a plain websocket client."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import pytest
import websockets
from websockets.asyncio.client import ClientConnection

from tests.devstack.conftest import Standin, make_token, run

CALLS = [{"event": "*", "schema": "public", "table": "calls"}]


async def connect(stand: Standin, key: str | None = "anon") -> ClientConnection:
    query = "vsn=1.0.0" if key is None else f"apikey={_key(stand, key)}&vsn=1.0.0"
    return await websockets.connect(f"ws://127.0.0.1:{stand.port}/realtime/v1/websocket?{query}")


def _key(stand: Standin, key: str) -> str:
    return str(stand.info.get(f"{key}_key", key))


async def recv(ws: ClientConnection, timeout: float = 5.0) -> dict[str, Any]:
    frame: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), timeout))
    return frame


async def join(
    ws: ClientConnection, topic: str, token: str, changes: list[dict[str, Any]], ref: str = "1"
) -> None:
    config = {"broadcast": {"ack": False, "self": False}, "postgres_changes": changes}
    payload = {"config": config, "access_token": token}
    frame = {"topic": topic, "event": "phx_join", "payload": payload, "ref": ref, "join_ref": ref}
    await ws.send(json.dumps(frame))


def test_heartbeat_and_join_frames(standin: Standin) -> None:
    async def body() -> None:
        ws = await connect(standin)
        await ws.send('{"event":"heartbeat","payload":{},"topic":"phoenix","ref":null}')
        assert await recv(ws) == {
            "topic": "phoenix", "event": "phx_reply",
            "payload": {"status": "ok", "response": {}}, "ref": None,
        }  # fmt: skip
        await join(ws, "realtime:raw", standin.info["anon_key"], CALLS, ref="7")
        reply = await recv(ws)
        assert reply["ref"] == "7" and reply["payload"]["status"] == "ok"
        (binding,) = reply["payload"]["response"]["postgres_changes"]
        assert binding.pop("id") > 0 and binding == CALLS[0]
        system = await recv(ws)
        assert system == {
            "topic": "realtime:raw", "event": "system", "ref": None,
            "payload": {"extension": "postgres_changes", "status": "ok",
                        "message": "Subscribed to PostgreSQL", "channel": "raw"},
        }  # fmt: skip
        await join(ws, "realtime:", standin.info["anon_key"], CALLS, ref="8")
        assert (await recv(ws))["payload"]["response"] == {
            "reason": "TopicNameRequired: You must provide a topic name"
        }
        leave = {"topic": "realtime:raw", "event": "phx_leave", "payload": {}, "ref": "9"}
        await ws.send(json.dumps(leave))
        assert (await recv(ws))["payload"] == {"status": "ok", "response": {}}
        assert (await recv(ws))["event"] == "phx_close"
        await ws.close()

    run(body())


def test_unknown_table_gets_system_error(standin: Standin) -> None:
    async def body() -> None:
        ws = await connect(standin)
        await join(ws, "realtime:nope", standin.info["anon_key"],
                   [{"event": "*", "schema": "public", "table": "nope"}])  # fmt: skip
        assert (await recv(ws))["payload"]["status"] == "ok"
        system = (await recv(ws))["payload"]
        assert system["status"] == "error"
        assert system["message"] == (
            "Unable to subscribe to changes with given parameters. Please check Realtime is "
            "enabled for the given connect parameters: [event: *, schema: public, table: nope, "
            "filters: [], select: nil]"
        )
        await ws.close()

    run(body())


def test_expired_tokens(standin: Standin) -> None:
    user = standin.info["user_id"]
    expired = make_token({"sub": user, "role": "authenticated", "exp": int(time.time()) - 12})
    short = make_token({"sub": user, "role": "authenticated", "exp": int(time.time()) + 60})

    async def body() -> None:
        ws = await connect(standin)
        await join(ws, "realtime:old", expired, CALLS)
        reason = (await recv(ws))["payload"]["response"]["reason"]
        assert reason.startswith("InvalidJWTToken: Token has expired 1")
        assert reason.endswith(" seconds ago")
        await join(ws, "realtime:fresh", short, CALLS, ref="2")
        assert (await recv(ws))["payload"]["status"] == "ok"
        assert (await recv(ws))["payload"]["status"] == "ok"  # Subscribed to PostgreSQL
        push = {"access_token": expired}
        frame = {"topic": "realtime:fresh", "event": "access_token", "payload": push, "ref": "3"}
        await ws.send(json.dumps(frame))  # no reply; the channel is shut down
        kicked = await recv(ws)
        assert kicked["event"] == "system" and kicked["payload"]["status"] == "error"
        assert kicked["payload"]["message"].startswith("Token has expired")
        assert (await recv(ws)) == {
            "topic": "realtime:fresh",
            "event": "phx_close",
            "payload": {},
            "ref": "2",
        }
        await ws.close()

    run(body())


@pytest.mark.parametrize("key", [None, "wrong"])
def test_upgrade_needs_the_project_apikey(standin: Standin, key: str | None) -> None:
    async def body() -> None:
        with pytest.raises(websockets.InvalidStatus) as err:
            await connect(standin, key)
        assert err.value.response.status_code == 401
        if key is None:
            assert json.loads(err.value.response.body) == {"error": "API key is missing"}

    run(body())
