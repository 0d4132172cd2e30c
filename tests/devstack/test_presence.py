"""Realtime Presence on the stand-in, spoken to by the unmodified `realtime` client library:
two clients on one channel see each other tracked (presence_state on join, presence_diff on
track), an update replaces the meta, and untrack and a closed socket take it away."""

from __future__ import annotations

from typing import Any

import pytest

from tests.devstack.conftest import USER_B, Standin, run, signed_in, subscribe
from tests.support.waiting import until

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def joined(sb: Any, topic: str, key: str) -> Any:
    channel = sb.channel(topic, {"config": {"presence": {"key": key}}})
    channel.on_presence_sync(lambda: None)  # presence enabled at join
    states: list[str] = []
    await channel.subscribe(lambda state, _err: states.append(str(state)))
    await until(lambda: any("SUBSCRIBED" in s for s in states), "subscribed", 10)
    return channel


def who(channel: Any) -> dict[str, list[str]]:
    return {k: sorted(m.get("email", "") for m in v) for k, v in channel.presence_state().items()}


def test_two_clients_see_each_other_come_change_and_go(standin: Standin) -> None:
    info = standin.info

    async def body() -> None:
        a = await signed_in(standin, info["email"], info["password"])
        b = await signed_in(standin, *USER_B)
        room_a = await joined(a, "call:presence-test", "ana-laptop")
        await room_a.track({"email": "ana@acme"})
        await until(lambda: who(room_a) == {"ana-laptop": ["ana@acme"]}, "A sees itself")
        room_b = await joined(b, "call:presence-test", "bruno-pc")
        await until(lambda: who(room_b) == {"ana-laptop": ["ana@acme"]}, "B's presence_state")
        await room_b.track({"email": "bruno@acme"})
        both = {"ana-laptop": ["ana@acme"], "bruno-pc": ["bruno@acme"]}
        await until(lambda: who(room_a) == both and who(room_b) == both, "both, both ways")
        await room_b.track({"email": "bruno@acme", "typing": True})
        await until(lambda: room_a.presence_state()["bruno-pc"][0].get("typing"), "updated")
        assert len(room_a.presence_state()["bruno-pc"]) == 1, "replaced, not added"
        await room_b.untrack()
        await until(lambda: who(room_a) == {"ana-laptop": ["ana@acme"]}, "B untracked")
        await room_b.track({"email": "bruno@acme"})
        await until(lambda: who(room_a) == both, "B back")
        await b.realtime.close()
        await until(lambda: who(room_a) == {"ana-laptop": ["ana@acme"]}, "B's socket closed")

    run(body())


def test_a_comment_reaches_the_calls_room_live(standin: Standin, db: Any) -> None:
    info = standin.info
    row = db.execute(
        "insert into public.calls (company_name, owner_id) values ('VIEWS room', %s) "
        "returning id::text",
        (info["user_id"],),
    ).fetchone()
    call = row[0]

    async def body() -> None:
        a = await signed_in(standin, info["email"], info["password"])
        rec = await subscribe(
            a, f"call:{call}", table="call_comments", event="INSERT", filter=f"call_id=eq.{call}"
        )
        db.execute(
            "insert into public.call_comments (call_id, author_id, body) values (%s, %s, 'oi')",
            (call, info["user_id"]),
        )
        await rec.wait(lambda: len(rec.changes) == 1, what="the comment")
        assert rec.changes[0]["record"]["body"] == "oi"
        # the call goes, and its DELETE is streamed before the next test's channels join
        gone = await subscribe(a, "cleanup", table="calls", event="DELETE")
        db.execute("delete from public.calls where id = %s", (call,))
        await gone.wait(lambda: bool(gone.of("DELETE", call)), what="the call's DELETE")

    run(body())
