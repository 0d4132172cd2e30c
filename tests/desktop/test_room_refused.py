"""A call window on a project set to "private channels only", the app live through Broadcast
(a private channel, the way in for such projects): the call's room is a public channel and
the server refuses it. The window still shows the comments read when it opened, and the
presence line says that nothing arrives live there and what to do (it used to say "nobody
else has this call open", which it could not know)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest

from desktop_notifier.common.live_sources import BROADCAST
from tests.desktop.conftest import live
from tests.support.apps import MakeApp
from tests.support.calls import insert_call
from tests.support.cli import configure
from tests.support.qt import ARTIFACTS
from tests.support.standin import Standin, modes_standin
from tests.support.waiting import until

pytestmark = pytest.mark.desktop
Run = Callable[..., Any]
REFUSED = (
    "Sem atualização ao vivo nesta janela: o servidor recusou a sala da call. Novos "
    "comentários, e quem mais está com a call aberta, aparecem quando você a abrir de novo."
)

stand = modes_standin(0.2)  # taken as `modes`, which resets the modes after the test


def test_a_refused_room_is_said_in_the_window(
    modes: Standin, make_app: MakeApp, run: Run, tmp_path: Path
) -> None:
    info = modes.info
    modes.admin("POST", "connection", json.dumps({"private_only": True}))
    done = configure(tmp_path / "profile", modes, source=BROADCAST)
    assert done.returncode == 0, done.stderr
    app, _ = make_app(tmp_path / "profile")

    async def scenario() -> None:
        await app.start()
        await until(lambda: live(app), "live through a private channel", 30)
        with psycopg.connect(info["dsn"], autocommit=True) as db:
            call = insert_call(db, info["user_id"], "Canal Privado SA", status="completed")
            db.execute(
                "insert into public.call_comments (call_id, author_id, author_email, body) "
                "values (%s, %s, %s, 'Lido ao abrir')",
                (call, info["user_id"], info["email"]),
            )
            app.open_call(call)
            panel = app.comments.panels[call]
            await until(lambda: panel.presence.text() == REFUSED, "the refusal, said", 15)
            await until(lambda: panel.count() == 1, "the comment read at open", 10)
            app.comments.show(call)  # the Comments tab in front, to look at
            window = app.call_windows.windows[call]
            window.repaint()
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            window.grab().save(str(ARTIFACTS / "call-window-room-refused.png"))

    run(scenario())
