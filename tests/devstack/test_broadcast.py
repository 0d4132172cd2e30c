"""Broadcast from the database on the stand-in, frame by frame, as supabase/realtime sends it:
a private join asking for `replication_ready` gets its reply, then the "Replication connection
established" system message (realtime_channel.ex); each change of a call the trigger of
006_broadcast.sql publishes arrives once as the `broadcast` frame of
lib/realtime_web/socket/user_broadcast.ex (event, payload with record/old_record/operation,
type, meta.id); a public channel on the same topic gets nothing of a private message."""

from __future__ import annotations

import asyncio
import json
import time

import psycopg

from tests.devstack.conftest import Standin, make_token, run
from tests.devstack.test_protocol import connect, recv
from tests.support.calls import insert_call, update_call


def test_broadcast_frames_as_the_real_server_sends_them(standin: Standin) -> None:
    user = standin.info["user_id"]
    token = make_token({"sub": user, "role": "authenticated", "exp": int(time.time()) + 600})
    topic = f"realtime:calls:owner:{user}"

    async def body() -> None:
        ws = await connect(standin)
        public = await connect(standin)
        try:
            config = {"broadcast": {"replication_ready": True}, "private": True}
            frame = {"topic": topic, "event": "phx_join", "ref": "1", "join_ref": "1",
                     "payload": {"config": config, "access_token": token}}  # fmt: skip
            await ws.send(json.dumps(frame))
            joined = await recv(ws)
            assert joined["payload"] == {"status": "ok", "response": {"postgres_changes": []}}
            ready = await recv(ws)
            assert ready["event"] == "system" and ready["payload"] == {
                "extension": "system",
                "status": "ok",
                "message": "Replication connection established",
                "channel": topic.removeprefix("realtime:"),
            }
            frame = {"topic": topic, "event": "phx_join", "ref": "1", "join_ref": "1",
                     "payload": {"config": {"private": False}, "access_token": token}}  # fmt: skip
            await public.send(json.dumps(frame))
            assert (await recv(public))["payload"]["status"] == "ok"
            with psycopg.connect(standin.info["dsn"], autocommit=True) as db:
                call = await asyncio.to_thread(insert_call, db, user, "Frame Co")
                await asyncio.to_thread(update_call, db, call, status="missed")
            inserted, updated = await recv(ws), await recv(ws)
            for got, operation in ((inserted, "INSERT"), (updated, "UPDATE")):
                assert set(got) == {"topic", "event", "payload", "ref"}
                assert (got["topic"], got["event"], got["ref"]) == (topic, "broadcast", None)
                outer = got["payload"]
                assert set(outer) == {"event", "payload", "type", "meta"}
                assert (outer["event"], outer["type"]) == (operation, "broadcast")
                inner = outer["payload"]
                assert inner["id"] == outer["meta"]["id"]  # realtime.send adds it
                assert (inner["operation"], inner["table"], inner["schema"]) == (
                    operation, "calls", "public",
                )  # fmt: skip
                assert inner["record"]["id"] == call
            assert inserted["payload"]["payload"]["old_record"] is None
            assert updated["payload"]["payload"]["old_record"]["status"] == "new"
            assert updated["payload"]["payload"]["record"]["status"] == "missed"
            try:  # the public channel of the same name never sees a private message
                extra = await recv(public, timeout=0.5)
            except TimeoutError:
                extra = None
            assert extra is None
        finally:
            await ws.close()
            await public.close()

    run(body())


def test_a_message_over_the_payload_limit_reaches_no_one(standin: Standin) -> None:
    """lib/realtime/tenants.ex validate_payload_size: dropped, with a log line, not sent."""
    user = standin.info["user_id"]
    token = make_token({"sub": user, "role": "authenticated", "exp": int(time.time()) + 600})
    topic = f"calls:owner:{user}"

    async def body() -> None:
        ws = await connect(standin)
        try:
            frame = {"topic": f"realtime:{topic}", "event": "phx_join", "ref": "1",
                     "join_ref": "1", "payload": {"config": {"private": True},
                                                  "access_token": token}}  # fmt: skip
            await ws.send(json.dumps(frame))
            assert (await recv(ws))["payload"]["status"] == "ok"
            dropped = standin.admin("GET", "stats")["broadcasts_dropped"]
            with psycopg.connect(standin.info["dsn"], autocommit=True) as db:
                for size in (300_000, 10):
                    db.execute(
                        "select realtime.send(jsonb_build_object('x', repeat('y', %s)), 'big', %s)",
                        (size, topic),
                    )
            small = await recv(ws)  # the big one never comes; the small one after it does
            assert small["payload"]["event"] == "big"
            assert small["payload"]["payload"]["x"] == "y" * 10
            assert standin.admin("GET", "stats")["broadcasts_dropped"] == dropped + 1
        finally:
            await ws.close()

    run(body())
