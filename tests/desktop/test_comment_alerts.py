"""The "comment on my call" alert (issue 17) on the real session: two tray apps, two users of
one team on the stand-in, one dunst. A ticked the kind, B did not. B's comment on A's call
toasts on A exactly once ("Novo comentário em …") and a click opens the call window on its
Comments tab; A's comment on B's call shows B nothing (unticked), and A's own comment never
alerts A. A comment written while A sleeps arrives once after the wake, one written while A
is closed once after it starts again, and a reconciliation after either raises nothing again."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
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


def start_live(run: Run, make_app: MakeApp, profile: Path) -> App:
    app, _ = make_app(profile)
    run(app.start())
    run(until(lambda: live(app), "a live connection"))
    return app


def comment_toast(app: App, call: str) -> int | None:
    notifier = app.notifier
    assert isinstance(notifier, FreedesktopNotifier)
    for nid, toast in notifier.open_toasts.items():
        if toast.target == call and toast.kind == AlertKind.CALL_COMMENT.value:
            return nid
    return None


def reconcile(run: Run, app: App) -> None:
    """One more catch-up pass now, as the periodic reconciliation does."""
    supervisor, account = app.session.supervisor, app.account
    assert supervisor is not None and account is not None
    run(supervisor.reconciler.catchup_now(account))


def comment_alerts(app: App) -> list[tuple[str, str]]:
    return [
        (a.call_id, a.body) for a in app.store.recent_alerts() if a.kind is AlertKind.CALL_COMMENT
    ]


@pytest.mark.timeout(180)
def test_a_comment_on_my_call_toasts_once_opens_the_comments_tab_and_survives_a_sleep(
    run: Run, make_app: MakeApp, stand: Standin, dunst: Dunst, tmp_path: Path
) -> None:
    with psycopg.connect(stand.info["dsn"], autocommit=True) as db:
        a, b = stand.info["user_id"], user_id(db, USER_B[0])
        with team(db, {a: "lead", b: "member"}):
            profile_a = signed_in_profile(tmp_path / "a", stand, enabled_alerts=TICKED)
            done = configure(tmp_path / "b", stand, email=USER_B[0], password=USER_B[1])
            assert done.returncode == 0, done.stderr
            app_a = start_live(run, make_app, profile_a)
            app_b = start_live(run, make_app, tmp_path / "b")
            notify = run(NotifyMonitor.start())
            try:
                scenario(run, db, app_a, app_b, notify, dunst, a, b)
                restart(run, make_app, profile_a, app_a, app_b, notify)
            finally:
                run(notify.close())
                db.execute("delete from public.calls where company_name like 'Comentário %'")


def scenario(
    run: Run, db: Conn, app_a: App, app_b: App, notify: NotifyMonitor, dunst: Dunst, a: str, b: str
) -> None:
    call_a = insert_call(db, a, "Comentário Alfa SA", status="completed")
    call_b = insert_call(db, b, "Comentário Beta SA", status="completed")
    both = (app_a, app_b)
    run(until(lambda: all(x.store.get_call(call_b) for x in both), "both calls in both apps"))
    account_a, account_b = app_a.account, app_b.account
    assert account_a is not None and account_b is not None

    # A writes on B's call (B has not ticked the kind) and on A's own call: no alert anywhere.
    run(account_a.add_comment(call_b, "Comentário de A na call de B"))
    run(account_a.add_comment(call_a, "Nota de A para si"))
    # B writes on A's call: A's toast, exactly one.
    run(account_b.add_comment(call_a, "Cliente pediu <b>retorno</b> & prazo"))
    title = "Novo comentário em Comentário Alfa SA"
    run(until(lambda: comment_toast(app_a, call_a) is not None, "A's comment toast", 10))
    # both apps read everything once more: still one alert, and nothing for B or A's own note
    for app in both:
        reconcile(run, app)
    run(asyncio.sleep(0.5))
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
    dunst.invoke(nid, "default")
    run(until(lambda: call_a in app_a.call_windows.windows, "the call window", 5))
    window = app_a.call_windows.windows[call_a]
    tabs = window.findChild(QTabWidget)
    panel = app_a.comments.panels[call_a]
    assert tabs is not None and tabs.currentWidget() is panel
    run(until(lambda: panel.count() == 2, "the call's comments in the tab", 10))
    window.grab().save(str(screenshot("comment-alert-clicked.png").with_name("comment-tab.png")))
    window.close()

    # A sleeps; B comments meanwhile; after the wake A toasts it once.
    supervisor = app_a.session.supervisor
    assert supervisor is not None
    run(supervisor.go_offline_for_sleep())
    assert app_a.status is not None and app_a.status.state is not ConnectionState.LIVE
    run(account_b.add_comment(call_a, "Escrito enquanto A dormia"))
    supervisor.reconnect_now("woke up")
    run(until(lambda: live(app_a), "A live again", 15))
    body = "Escrito enquanto A dormia"
    run(until(lambda: [n for n in notify.calls if n.body == body], "the comment after the wake"))
    reconcile(run, app_a)
    run(asyncio.sleep(0.3))
    assert len([n for n in notify.calls if n.body == body]) == 1
    assert len(comment_alerts(app_a)) == 2
    if not wayland_session():
        show_menu(run, app_a, "comment-alert-inbox-pt_BR.png")


def restart(
    run: Run, make_app: MakeApp, profile: Path, app_a: App, app_b: App, notify: NotifyMonitor
) -> None:
    """A quits; B comments; A starts again on the same profile, now in English: that comment
    toasts once ("New comment on …"), none of the earlier ones again; its deep link (a click
    in Windows' Action Center) opens the Comments tab."""
    account_b = app_b.account
    assert account_b is not None
    [(call_a, _)] = comment_alerts(app_a)[:1]
    run(app_a.shutdown())
    body = "Escrito com A fechado"
    run(account_b.add_comment(call_a, body))
    settings = profile / "settings.json"
    settings.write_text(json.dumps({**json.loads(settings.read_text()), "language": "en"}))
    try:
        again = start_live(run, make_app, profile)
        run(until(lambda: [n for n in notify.calls if n.body == body], "the comment after start"))
        reconcile(run, again)
        run(asyncio.sleep(0.3))
        [sent] = [n for n in notify.calls if n.body == body]
        assert sent.summary == "New comment on Comentário Alfa SA"
        assert len([n for n in notify.calls if n.body == "Escrito enquanto A dormia"]) == 1
        assert len(comment_alerts(again)) == 3
        screenshot("comment-alert-toast-en.png")
        if not wayland_session():
            show_menu(run, again, "comment-alert-inbox-en.png")
        LinkRouter(again).handle([comments_link(call_a)], from_launch=False)
        run(until(lambda: call_a in again.call_windows.windows, "the window from the link", 5))
        tabs = again.call_windows.windows[call_a].findChild(QTabWidget)
        assert tabs is not None and tabs.currentWidget() is again.comments.panels[call_a]
    finally:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        install_language(app, "pt_BR")


def show_menu(run: Run, app: App, name: str) -> None:
    app.tray.menu.popup(QPoint(700, 40))
    run(until(app.tray.menu.isVisible, "the tray menu"))
    run(asyncio.sleep(0.3))  # painted
    screenshot(name)
    app.tray.menu.hide()
