"""Comments and presence in the call window, on the real session: two tray apps on two
profiles open the same call, see each other in the room, see each other's comments live, and
a comment written while one of them reconnects is there once it is live again."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from PySide6.QtWidgets import QApplication, QTabWidget

from desktop_notifier.app.tray_app import App
from desktop_notifier.ui.translation import install_language
from tests.desktop.conftest import live
from tests.support.apps import MakeApp
from tests.support.calls import insert_call
from tests.support.cli import configure
from tests.support.standin import Standin
from tests.support.waiting import until

pytestmark = pytest.mark.desktop
Run = Callable[..., Any]
ARTIFACTS = Path("/tmp/dn-artifacts")


@pytest.fixture(autouse=True)
def _remove_the_call(own_standin: Standin) -> Iterator[None]:
    yield  # the test's call goes after it (its comments with it: on delete cascade)
    with psycopg.connect(own_standin.info["dsn"], autocommit=True) as db:
        db.execute("delete from public.calls where company_name = 'Comentada Ltda'")


def test_two_apps_share_comments_and_presence_and_a_reconnect_loses_none(
    live_app: App,
    make_app: MakeApp,
    run: Run,
    own_standin: Standin,
    tmp_path: Path,
    qapp: QApplication,
) -> None:
    info = own_standin.info
    assert configure(tmp_path / "profile-2", own_standin).returncode == 0
    other, _ = make_app(tmp_path / "profile-2")
    run(other.start())
    run(until(lambda: live(other), "the second app live"))

    async def scenario() -> None:
        # one coroutine: a change arriving while no loop runs would be lost (apps.py)
        arrived: set[str] = set()
        other.bridge.calls_updated.connect(lambda calls: arrived.update(calls))
        with psycopg.connect(info["dsn"], autocommit=True) as db:
            call = insert_call(db, info["user_id"], "Comentada Ltda", status="completed")
            await until(lambda: call in arrived, "the call in the second app")
            live_app.open_call(call)
            other.open_call(call)
            mine, theirs = live_app.comments.panels[call], other.comments.panels[call]
            here = f"Também aqui: {info['email']}"
            await until(lambda: mine.presence.text() == here, "the other app in my room")
            await until(lambda: theirs.presence.text() == here, "me in the other app's room")

            mine.input.setPlainText('Cliente pediu <b>desconto</b> & "prazo"')
            mine.send.click()
            await until(lambda: mine.count() == 1, "my comment, sent")
            await until(lambda: theirs.count() == 1, "my comment, live in the other app")
            assert theirs.texts()[0].endswith('\nCliente pediu <b>desconto</b> & "prazo"')
            assert theirs.texts()[0].startswith(f"{info['email']} · ")
            tabs = other.call_windows.windows[call].findChild(QTabWidget)
            assert tabs is not None and tabs.tabText(tabs.count() - 1) == "Comentários (1)"

            theirs.input.setPlainText("Vou ligar amanhã")
            theirs.send.click()
            await until(lambda: mine.count() == 2, "the other app's comment, live")

            # The other app reconnects; a comment written meanwhile is there once it is live.
            other.tray.reconnect_requested.emit()
            db.execute(
                "insert into public.call_comments (call_id, author_id, author_email, body) "
                "values (%s, %s, %s, 'Escrito durante a reconexão')",
                (call, info["user_id"], info["email"]),
            )
            await until(lambda: theirs.count() == 3, "all three comments after the reconnect", 30)
            assert theirs.texts()[2].endswith("\nEscrito durante a reconexão")
            await until(lambda: theirs.presence.text() == here, "back in the room")
            await until(lambda: mine.count() == 3, "the SQL comment live in my window too")

            window = live_app.call_windows.windows[call]
            own_tabs = window.findChild(QTabWidget)
            assert own_tabs is not None
            own_tabs.setCurrentWidget(mine)
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            window.repaint()
            window.grab().save(str(ARTIFACTS / "call-window-comments-pt_BR.png"))
            install_language(qapp, "en")
            try:
                await until(lambda: mine.presence.text().startswith("Also here"), "English")
                window.repaint()
                window.grab().save(str(ARTIFACTS / "call-window-comments-en.png"))
            finally:
                install_language(qapp, "pt_BR")

            other.call_windows.windows[call].close()
            await until(lambda: mine.presence.text() == "Ninguém mais está com esta call aberta.",
                      "the other app gone from the room")  # fmt: skip

    run(scenario())
