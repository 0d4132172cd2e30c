"""The stand-in's connection-level modes, checked with a plain websocket client and httpx: keys
refused like after a rotation, upgrades failed with the real statuses and delay, join errors
delayed, private-only projects, and the idle timeout (upstream: supabase/realtime
`lib/realtime_web/channels/user_socket.ex`, `realtime_channel.ex`; Cowboy's idle_timeout)."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import httpx
import pytest
import websockets

from desktop_notifier.devstack.broadcast import unauthorized
from tests.devstack.conftest import Standin, make_token, run
from tests.devstack.test_protocol import CALLS, connect, join, recv
from tests.support.standin import admin_headers, modes_standin

DELAY = 0.4  # the upgrade and join error delays (2 s and 5 s on the real server)


stand = modes_standin(DELAY)  # its tests take it as `modes`, which resets it after each


def set_modes(stand: Standin, **body: Any) -> dict[str, Any]:
    result: dict[str, Any] = stand.admin("POST", "connection", json.dumps(body))
    return result


async def refused(stand: Standin) -> tuple[websockets.InvalidStatus, float]:
    start = time.monotonic()
    with pytest.raises(websockets.InvalidStatus) as err:
        await connect(stand)
    return err.value, time.monotonic() - start


def rest_status(stand: Standin) -> tuple[int, dict[str, Any]]:
    key = stand.info["anon_key"]
    resp = httpx.get(f"{stand.url}/rest/v1/calls", headers={"apikey": key}, timeout=10)
    return resp.status_code, resp.json()


def test_refused_keys_like_a_rotation_until_accepted(modes: Standin) -> None:
    assert set_modes(modes, reject_keys=True)["reject_keys"] is True

    async def body() -> None:
        err, took = await refused(modes)
        assert err.response.status_code == 401 and took >= DELAY
        assert json.loads(err.response.body) == {"error": "Failed to validate JWT signature"}

    run(body())
    status, answer = rest_status(modes)
    assert status == 401 and answer["message"] == "Invalid API key"
    assert modes.admin("GET", "connection")["keys_refused"] >= 2
    set_modes(modes, reject_keys=False)
    assert rest_status(modes)[0] == 200

    async def accepted() -> None:
        ws = await connect(modes)
        await ws.close()

    run(accepted())


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (401, "Failed to validate JWT signature"),
        (403, "Realtime was disabled for this tenant"),
        (404, "Tenant not found"),
        (429, "Too many connected users"),
        (500, "Error connecting to Realtime"),
    ],
)
def test_the_next_upgrades_fail_with_a_status(modes: Standin, status: int, error: str) -> None:
    spec: dict[str, Any] = {"count": 2, "status": status, "delay": 0.2}
    if status == 429:
        spec["retry_after"] = 7
    set_modes(modes, fail_upgrades=spec)

    async def body() -> None:
        for _ in range(2):
            err, took = await refused(modes)
            assert err.response.status_code == status and took >= 0.2
            assert json.loads(err.response.body) == {"error": error}
            retry_after = err.response.headers.get("Retry-After")
            assert retry_after == ("7" if status == 429 else None)
        ws = await connect(modes)  # the third one goes through
        await ws.close()

    run(body())
    assert modes.admin("GET", "connection")["pending_upgrade_failures"] == 0


def test_a_bad_mode_is_refused(modes: Standin) -> None:
    for body in ({"fail_upgrades": {"status": 418}}, {"idle_timeout": -1}, {"private_only": 1}):
        resp = httpx.post(
            f"{modes.url}/_devstack/connection",
            json=body,
            headers=admin_headers(modes.info),
            timeout=10,
        )
        assert resp.status_code == 400, body


def test_join_errors_arrive_late(modes: Standin) -> None:
    async def body() -> None:
        ws = await connect(modes)
        start = time.monotonic()
        await join(ws, "realtime:", modes.info["anon_key"], CALLS)
        reply = await recv(ws, timeout=DELAY + 10)
        assert reply["payload"]["response"] == {
            "reason": "TopicNameRequired: You must provide a topic name"
        }
        assert time.monotonic() - start >= DELAY
        await ws.close()

    run(body())


def test_private_only_refuses_public_joins(modes: Standin) -> None:
    set_modes(modes, private_only=True)

    async def body() -> None:
        ws = await connect(modes)
        key = modes.info["anon_key"]
        await join(ws, "realtime:public", key, CALLS)
        start = time.monotonic()
        reply = await recv(ws, timeout=DELAY + 10)
        assert reply["payload"] == {
            "status": "error",
            "response": {"reason": "PrivateOnly: This project only allows private channels"},
        }
        assert time.monotonic() - start >= DELAY * 0.9
        # A private join gets past the check; then the topic's RLS on realtime.messages
        # decides (006_broadcast.sql: a user reads their own calls' topic, anon nothing).
        config = {"private": True, "postgres_changes": CALLS}
        frame = {"topic": "realtime:private", "event": "phx_join", "ref": "2", "join_ref": "2",
                 "payload": {"config": config, "access_token": key}}  # fmt: skip
        await ws.send(json.dumps(frame))
        reply = await recv(ws, timeout=DELAY + 10)
        assert reply["payload"]["response"] == {"reason": unauthorized("private")}
        user = modes.info["user_id"]
        claims = {"sub": user, "role": "authenticated", "exp": int(time.time()) + 600}
        topic = f"realtime:calls:owner:{user}"
        frame = {"topic": topic, "event": "phx_join", "ref": "3", "join_ref": "3",
                 "payload": {"config": config, "access_token": make_token(claims)}}  # fmt: skip
        await ws.send(json.dumps(frame))
        assert (await recv(ws))["payload"]["status"] == "ok"
        await ws.close()

    run(body())
    set_modes(modes, private_only=False)

    async def public_again() -> None:
        ws = await connect(modes)
        await join(ws, "realtime:public", modes.info["anon_key"], CALLS)
        assert (await recv(ws))["payload"]["status"] == "ok"
        await ws.close()

    run(public_again())


def test_a_silent_socket_is_closed_a_pinging_one_is_not(modes: Standin) -> None:
    idle = 0.8
    set_modes(modes, idle_timeout=idle)

    async def body() -> None:
        silent = await connect(modes)
        chatty = await connect(modes)
        start = time.monotonic()

        async def keep_pinging() -> None:
            while True:
                await asyncio.sleep(idle / 4)
                await (await chatty.ping())

        pinger = asyncio.create_task(keep_pinging())
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await asyncio.wait_for(silent.recv(), idle + 10)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1000
        assert time.monotonic() - start >= idle * 0.9
        await asyncio.sleep(idle * 3)  # three more idle periods: pings keep it open
        pinger.cancel()
        await chatty.send('{"event":"heartbeat","payload":{},"topic":"phoenix","ref":"h"}')
        assert (await recv(chatty))["payload"]["status"] == "ok"
        await chatty.close()

    run(body())
