"""The stand-in's Ably as the real service answers: a TokenRequest whose mac does not match
the key is refused (40101), a nonce is used once (40105), the token endpoint gives a signed-in
user a subscribe-only token for their own channel and nothing without a valid Supabase token,
the websocket refuses an unknown token with ERROR 40140, a publish needs the root key, and a
stopping stand-in closes its connections."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx
import websockets
from websockets.exceptions import ConnectionClosed

from desktop_notifier.devstack.ably_auth import now_ms, sign
from desktop_notifier.devstack.cluster import PostgresCluster
from tests.support.outage import Server
from tests.support.standin import Standin, run


def _token_endpoint(standin: Standin, bearer: str) -> httpx.Response:
    return httpx.post(
        f"{standin.url}/functions/v1/ably-token",
        headers={"apikey": standin.info["anon_key"], "Authorization": f"Bearer {bearer}"},
        json={},
    )


def _access_token(standin: Standin) -> str:
    info = standin.info
    response = httpx.post(
        f"{standin.url}/auth/v1/token?grant_type=password",
        headers={"apikey": info["anon_key"]},
        json={"email": info["email"], "password": info["password"]},
    )
    return str(response.json()["access_token"])


def _request(standin: Standin, body: dict[str, Any]) -> httpx.Response:
    key_name = standin.info["ably_key"].split(":")[0]
    return httpx.post(f"{standin.url}/keys/{key_name}/requestToken", json=body)


def test_token_requests_are_checked_like_ablys(standin: Standin) -> None:
    key_name, secret = standin.info["ably_key"].split(":", 1)
    body: dict[str, Any] = {
        "keyName": key_name,
        "ttl": 60000,
        "capability": json.dumps({"calls:owner:x": ["subscribe"]}),
        "clientId": "x",
        "timestamp": now_ms(),
        "nonce": "0123456789abcdef",
    }
    forged = {**body, "mac": sign("not-the-secret", body)}
    refused = _request(standin, forged)
    assert refused.status_code == 401 and refused.json()["error"]["code"] == 40101
    signed = {**body, "mac": sign(secret, body)}
    granted = _request(standin, signed)
    assert granted.status_code == 200
    assert json.loads(granted.json()["capability"]) == {"calls:owner:x": ["subscribe"]}
    replayed = _request(standin, signed)
    assert replayed.status_code == 401 and replayed.json()["error"]["code"] == 40105


def test_the_token_endpoint_grants_only_the_users_own_channel(standin: Standin) -> None:
    assert _token_endpoint(standin, "not-a-jwt").status_code == 401
    answer = _token_endpoint(standin, _access_token(standin))
    assert answer.status_code == 200
    details = answer.json()["token_details"]
    owner = f"calls:owner:{standin.info['user_id']}"
    assert json.loads(details["capability"]) == {owner: ["subscribe"]}
    assert details["clientId"] == standin.info["user_id"]
    assert "ably_key" not in answer.text and standin.info["ably_key"] not in answer.text


def test_the_websocket_refuses_an_unknown_token_and_a_publish_needs_the_key(
    standin: Standin,
) -> None:
    host = standin.url.removeprefix("http://")

    async def connect() -> dict[str, Any]:
        async with websockets.connect(f"ws://{host}/?accessToken=nope&v=5&format=json") as ws:
            return dict(json.loads(await ws.recv()))

    frame = run(connect())
    assert frame["action"] == 9 and frame["error"]["code"] == 40140
    refused = httpx.post(
        f"{standin.url}/channels/calls%3Aowner%3Ax/messages", json={"name": "INSERT", "data": {}}
    )
    assert refused.status_code == 401 and refused.json()["error"]["code"] == 40101


def test_a_stopping_stand_in_closes_ably_connections_as_a_restarting_frontend_does(
    tmp_path: Path, pg_cluster: PostgresCluster
) -> None:
    """A frontend going away closes its transports (1001, going away): the client sees the
    drop at once. Left to the web server's cleanup, the socket died with the process and the
    client noticed only when it timed out, seconds later (Ably restarts took 5 s each)."""
    server = Server(tmp_path, pg_cluster)
    stand = server.start()
    token = _token_endpoint(stand, _access_token(stand)).json()["token_details"]["token"]
    host = stand.url.removeprefix("http://")

    async def connected_then_stopped() -> ConnectionClosed:
        async with websockets.connect(f"ws://{host}/?accessToken={token}&v=5&format=json") as ws:
            assert json.loads(await ws.recv())["action"] == 4  # CONNECTED
            stopping = asyncio.create_task(asyncio.to_thread(server.stop))
            try:
                while True:
                    await ws.recv()
            except ConnectionClosed as closed:
                await stopping
                return closed

    closed = run(connected_then_stopped())
    assert closed.rcvd is not None and closed.rcvd.code == 1001, closed
