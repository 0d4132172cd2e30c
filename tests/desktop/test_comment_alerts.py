"""The "comment on my call" alert (issue 17) on the real session: two tray apps, two users of
one team on the stand-in, one dunst. A ticked the kind, B did not. B's comment on A's call
toasts on A exactly once ("Novo comentário em …") and a click opens the call window on its
Comments tab; A's comment on B's call shows B nothing (unticked), and A's own comment never
alerts A. A comment written while A sleeps arrives once after the wake, one written while A
is closed once after it starts again (in English: "New comment on …"), and a reconciliation
after either raises nothing again; the toast's deep link opens the Comments tab too."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import psycopg
import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QTabWidget

from desktop_notifier.alerts import AlertKind
from desktop_notifier.app.launcher import LinkRouter
from desktop_notifier.app.tray_app import App
from desktop_notifier.connection.supervisor import ConnectionState
from desktop_notifier.devstack.cluster import PostgresCluster
from desktop_notifier.notify.freedesktop import FreedesktopNotifier
from desktop_notifier.system.deeplink import comments_link
from desktop_notifier.ui.translation import install_language
from tests.desktop.conftest import live
from tests.notify.buses import NotifyMonitor
from tests.support.apps import MakeApp
from tests.support.calls import insert_call
from tests.support.cli import configure
from tests.support.qt import Dunst, screenshot, wayland_session
from tests.support.standin import USER_B, Standin, start_standin
from tests.support.teams import signed_in_profile, team, user_id
from tests.support.waiting import until

pytestmark = pytest.mark.desktop
Run = Callable[..., Any]
Conn = psycopg.Connection[tuple[Any, ...]]
TICKED = sorted(kind.value for kind in AlertKind)
ASLEEP = "Escrito enquanto A dormia"
CLOSED = "Escrito com A fechado"


@pytest.fixture(scope="module")
def stand(
    pg_cluster: PostgresCluster, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Standin]:
    standin = start_standin(
        tmp_path_factory.mktemp("comment-standin"),
        postgres=pg_cluster.dsn,
        poll_interval=0.02,
        user=[":".join(USER_B)],
    )
    yield standin
    standin.stop()


@pytest.mark.timeout(240)
def test_a_comment_on_my_call_toasts_once_opens_the_comments_tab_and_survives_a_sleep(
    run: Run, make_app: MakeApp, stand: Standin, dunst: Dunst, tmp_path: Path, qapp: QApplication
) -> None:
    with psycopg.connect(stand.info["dsn"], autocommit=True) as db:
        a, b = stand.info["user_id"], user_id(db, USER_B[0])
        with team(db, {a: "lead", b: "member"}):
            profile_a = signed_in_profile(tmp_path / "a", stand, enabled_alerts=TICKED)
            done = configure(tmp_path / "b", stand, email=USER_B[0], password=USER_B[1])
            assert done.returncode == 0, done.stderr
            app_a, _ = make_app(profile_a)
            app_b, _ = make_app(tmp_path / "b")

            async def while_live(notify: NotifyMonitor) -> str:
                # one coroutine per part: a task stepped by Qt between two run() calls has no
                # running loop (tests/support/apps.py); blocking helpers go through to_thread
                for app in (app_a, app_b):
                    await app.start()
                    await until(partial(live, app), "a live connection")
                return await comments_while_live(db, app_a, app_b, notify, dunst, a, b)

            async def after_restart(notify: NotifyMonitor, call: str) -> None:
                again = await after_a_restart(make_app, profile_a, call, app_b, notify)
                await link_opens_the_comments_tab(again)

            notify = run(NotifyMonitor.start())
            try:
                call = run(while_live(notify), 100)
                run(app_a.shutdown())  # it ends the loop it runs on: between the two parts
                run(after_restart(notify, call), 100)
            finally:
                run(notify.close())
                install_language(qapp, "pt_BR")
                db.execute("delete from public.calls where company_name like 'Comentário %'")


def comment_toast(app: App, call: str) -> int | None:
    notifier = app.notifier
    assert isinstance(notifier, FreedesktopNotifier)
    for nid, toast in notifier.open_toasts.items():
        if toast.target == call and toast.kind == AlertKind.CALL_COMMENT.value:
            return nid
    return None


async def reconcile(app: App) -> None:
    """One more catch-up pass now, as the periodic reconciliation does."""
    supervisor, account = app.session.supervisor, app.account
    assert supervisor is not None and account is not None
    await supervisor.reconciler.catchup_now(account)


def comment_alerts(app: App) -> list[tuple[str, str]]:
    return [
        (a.call_id, a.body) for a in app.store.recent_alerts() if a.kind is AlertKind.CALL_COMMENT
    ]


def sent_with(notify: NotifyMonitor, body: str) -> int:
    return len([n for n in notify.calls if n.body == body])


async def comments_while_live(
    db: Conn, app_a: App, app_b: App, notify: NotifyMonitor, dunst: Dunst, a: str, b: str
) -> str:
    """Returns A's call."""
    call_a = insert_call(db, a, "Comentário Alfa SA", status="completed")
    call_b = insert_call(db, b, "Comentário Beta SA", status="completed")
    both = (app_a, app_b)
    await until(lambda: all(x.store.get_call(call_b) for x in both), "both calls in both apps")
    account_a, account_b = app_a.account, app_b.account
    assert account_a is not None and account_b is not None

    # A writes on B's call (B has not ticked the kind) and on A's own call: no alert anywhere.
    await account_a.add_comment(call_b, "Comentário de A na call de B")
    await account_a.add_comment(call_a, "Nota de A para si")
    # B writes on A's call: A's toast, exactly one.
    await account_b.add_comment(call_a, "Cliente pediu <b>retorno</b> & prazo")
    title = "Novo comentário em Comentário Alfa SA"
    await until(lambda: comment_toast(app_a, call_a) is not None, "A's comment toast", 10)
    # both apps read everything once more: still one alert, and nothing for B or A's own note
    for app in both:
        await reconcile(app)
    await asyncio.sleep(0.5)
    sent = [n for n in notify.calls if n.summary == title]
    assert [n.body for n in sent] == ["Cliente pediu &lt;b&gt;retorno&lt;/b&gt; &amp; prazo"]
    assert comment_alerts(app_a) == [(call_a, "Cliente pediu <b>retorno</b> & prazo")]
    assert comment_alerts(app_b) == [], "unticked: no toast and nothing in B's inbox"
    assert not [n for n in notify.calls if "Beta" in n.summary and "coment" in n.summary]
    inbox = [x for x in app_a.inbox.current(app_a.team._clock()) if x.call_id == call_a]
    assert [x.kind for x in inbox].count(AlertKind.CALL_COMMENT) == 1
    screenshot("comment-alert-toast-pt_BR.png")

    # A click on the toast opens A's call window on its Comments tab.
    nid = comment_toast(app_a, call_a)
    assert nid is not None
    await asyncio.to_thread(dunst.invoke, nid, "default")
    await until(lambda: call_a in app_a.call_windows.windows, "the call window", 5)
    window = app_a.call_windows.windows[call_a]
    tabs = window.findChild(QTabWidget)
    panel = app_a.comments.panels[call_a]
    assert tabs is not None and tabs.currentWidget() is panel
    await until(lambda: panel.count() == 2, "the call's comments in the tab", 10)
    window.grab().save(str(screenshot("comment-alert-clicked.png").with_name("comment-tab.png")))
    # left open (closing the last window would end the loop): the app's quit closes it, once
    # its room is joined (a room still connecting at quit would leak its socket)
    await joined(app_a, call_a)

    # A sleeps; B comments meanwhile; after the wake A toasts it once.
    supervisor = app_a.session.supervisor
    assert supervisor is not None
    await supervisor.go_offline_for_sleep()
    assert app_a.status is not None and app_a.status.state is not ConnectionState.LIVE
    await account_b.add_comment(call_a, ASLEEP)
    supervisor.reconnect_now("woke up")
    await until(lambda: live(app_a), "A live again", 15)
    await until(lambda: sent_with(notify, ASLEEP), "the comment after the wake")
    await reconcile(app_a)
    await asyncio.sleep(0.3)
    assert sent_with(notify, ASLEEP) == 1
    assert len(comment_alerts(app_a)) == 2
    if not wayland_session():
        await show_menu(app_a, "comment-alert-inbox-pt_BR.png")
    return call_a


async def after_a_restart(
    make_app: MakeApp, profile: Path, call_a: str, app_b: App, notify: NotifyMonitor
) -> App:
    """A has quit; B comments; A starts again on the same profile, now in English: that comment
    toasts once ("New comment on …"), none of the earlier ones again."""
    account_b = app_b.account
    assert account_b is not None
    await account_b.add_comment(call_a, CLOSED)
    settings = profile / "settings.json"
    settings.write_text(json.dumps({**json.loads(settings.read_text()), "language": "en"}))
    again, _ = make_app(profile)
    await again.start()
    await until(lambda: live(again), "A live after the restart")
    await until(lambda: sent_with(notify, CLOSED), "the comment after the start")
    await reconcile(again)
    await asyncio.sleep(0.3)
    [sent] = [n for n in notify.calls if n.body == CLOSED]
    assert sent.summary == "New comment on Comentário Alfa SA"
    assert sent_with(notify, ASLEEP) == 1
    assert len(comment_alerts(again)) == 3
    screenshot("comment-alert-toast-en.png")
    if not wayland_session():
        await show_menu(again, "comment-alert-inbox-en.png")
    return again


async def link_opens_the_comments_tab(app: App) -> None:
    """A comment toast clicked in Windows' Action Center comes back as its deep link."""
    [(call, _)] = comment_alerts(app)[:1]
    LinkRouter(app).handle([comments_link(call)], from_launch=False)
    await until(lambda: call in app.call_windows.windows, "the call window from the link", 5)
    window = app.call_windows.windows[call]
    tabs = window.findChild(QTabWidget)
    assert tabs is not None and tabs.currentWidget() is app.comments.panels[call]
    await joined(app, call)


async def joined(app: App, call: str) -> None:
    """The call window's room is joined and its comments read (nothing left connecting)."""
    await until(lambda: (room := app.comments.rooms.get(call)) is not None and room.joined,
                "the call's room joined", 15)  # fmt: skip
    panel = app.comments.panels[call]
    await until(lambda: panel.count() > 0, "the call's comments read", 15)


async def show_menu(app: App, name: str) -> None:
    app.tray.menu.popup(QPoint(700, 40))
    await until(app.tray.menu.isVisible, "the tray menu")
    await asyncio.sleep(0.3)  # painted
    screenshot(name)
    app.tray.menu.hide()
