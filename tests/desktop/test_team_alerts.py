"""Team-grade alerting on the real session (issue 18): two tray apps, two users of one team on
the stand-in, one dunst. A missed call toasts on both with "Vou retornar"; one claims from the
toast's own action and the other's toast is closed on the bus, its inbox saying who claimed;
an unclaimed call re-alerts on schedule, a snooze delays it, completion stops it; privacy mode
hides the company and score while the user's own call is in progress, and sounds travel as the
toast's own hints (absent under privacy)."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from jeepney import HeaderFields, MessageType
from jeepney.bus_messages import MatchRule, Monitoring
from jeepney.io.asyncio import DBusConnection, open_dbus_connection
from PySide6.QtCore import QPoint

from desktop_notifier.app.launcher import LinkRouter
from desktop_notifier.app.tray_app import App
from desktop_notifier.devstack.cluster import PostgresCluster
from desktop_notifier.notify.freedesktop import FreedesktopNotifier
from desktop_notifier.system.deeplink import action_link
from tests.desktop.conftest import live
from tests.notify.buses import SERVER, NotifyMonitor
from tests.support.apps import MakeApp
from tests.support.calls import insert_call, update_call
from tests.support.cli import configure
from tests.support.pipewire import start_pipewire
from tests.support.qt import Dunst, screenshot, wayland_session
from tests.support.standin import USER_B, Standin, start_standin
from tests.support.teams import signed_in_profile, team, user_id
from tests.support.waiting import until

pytestmark = pytest.mark.desktop
Run = Callable[..., Any]
Conn = psycopg.Connection[tuple[Any, ...]]


@pytest.fixture(scope="module")
def team_standin(
    pg_cluster: PostgresCluster, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Standin]:
    stand = start_standin(
        tmp_path_factory.mktemp("team-standin"),
        postgres=pg_cluster.dsn,
        poll_interval=0.02,
        user=[":".join(USER_B)],
    )
    yield stand
    stand.stop()


@pytest.fixture
def db(team_standin: Standin) -> Iterator[Conn]:
    with psycopg.connect(team_standin.info["dsn"], autocommit=True) as conn:
        yield conn


@pytest.fixture
def teammates(team_standin: Standin, db: Conn) -> Iterator[tuple[str, str]]:
    """A (the demo user, a lead) and B on one team for this test."""
    a, b = team_standin.info["user_id"], user_id(db, USER_B[0])
    with team(db, {a: "lead", b: "member"}):
        yield a, b


class CloseMonitor:
    """Records the ids of every CloseNotification call on the session bus."""

    def __init__(self, conn: DBusConnection) -> None:
        self._conn = conn
        self.closed: list[int] = []
        self._task = asyncio.get_running_loop().create_task(self._read())

    @classmethod
    async def start(cls) -> CloseMonitor:
        conn = await open_dbus_connection("SESSION")
        rule = MatchRule(type="method_call", interface=SERVER, member="CloseNotification")
        await conn.send(Monitoring().BecomeMonitor([rule.serialise()]))
        while (await conn.receive()).header.message_type is not MessageType.method_return:
            pass
        return cls(conn)

    async def _read(self) -> None:
        while True:
            message = await self._conn.receive()
            if message.header.fields.get(HeaderFields.member) == "CloseNotification":
                self.closed.append(int(message.body[0]))

    async def close(self) -> None:
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        await self._conn.close()


def toast_id(app: App, call: str, kind: str) -> int | None:
    """The notification id of `app`'s toast of `kind` about `call`, while on screen."""
    notifier = app.notifier
    assert isinstance(notifier, FreedesktopNotifier)
    for nid, toast in notifier.open_toasts.items():
        if toast.target == call and toast.kind == kind:
            return nid
    return None


def start_live(run: Run, make_app: MakeApp, profile: Path) -> App:
    app, _ = make_app(profile)
    run(app.start())
    run(until(lambda: live(app), "a live connection"))
    return app


def menu_texts(app: App) -> list[str]:
    return [action.text() for action in app.tray.menu.actions()]


async def show_menu(app: App) -> None:
    menu = app.tray.menu
    menu.popup(QPoint(700, 40))
    await until(menu.isVisible, "the tray menu on screen")
    await asyncio.sleep(0.3)  # a screenshot of another process's drawing: let it paint


@pytest.mark.timeout(180)
def test_a_claim_from_one_toast_withdraws_the_teammates_toast_and_shows_who_claimed(
    run: Run,
    make_app: MakeApp,
    team_standin: Standin,
    db: Conn,
    teammates: tuple[str, str],
    dunst: Dunst,
    tmp_path: Path,
) -> None:
    a, _ = teammates
    assert configure(tmp_path / "a", team_standin).returncode == 0
    done = configure(tmp_path / "b", team_standin, email=USER_B[0], password=USER_B[1])
    assert done.returncode == 0, done.stderr
    app_a = start_live(run, make_app, tmp_path / "a")
    app_b = start_live(run, make_app, tmp_path / "b")
    notify = run(NotifyMonitor.start())
    closes = run(CloseMonitor.start())
    try:
        call = insert_call(db, a, "Retorno Ltda")
        run(until(lambda: toast_id(app_b, call, "new_call") is not None, "B's new-call toast"))
        update_call(db, call, status="missed")
        both = (app_a, app_b)
        run(until(lambda: all(toast_id(x, call, "missed_call") for x in both), "missed on both"))
        missed = [n for n in notify.calls if n.summary == "Call perdida: Retorno Ltda"]
        assert len(missed) == 2, "a missed call toasts on both desktops"
        for sent in missed:
            assert sent.actions[2:] == ["claim", "Vou retornar", "snooze", "Adiar 10 min"]
        screenshot("team-claimable-toast.png")

        nid_a, nid_b = toast_id(app_a, call, "missed_call"), toast_id(app_b, call, "missed_call")
        assert nid_a is not None and nid_b is not None
        dunst.invoke(nid_a, "claim")  # A chooses "Vou retornar" on A's own toast
        run(until(lambda: claimed_by(db, call) is not None, "the claim written", 5))
        run(until(lambda: nid_b in closes.closed, "B's toast closed on the bus", 1.0))
        assert claimed_by(db, call) == a

        entry = "Call perdida: Retorno Ltda — demo@example.com vai retornar"
        run(until(lambda: entry in menu_texts(app_b), "B's inbox says who claimed", 5))
        entries = [x for x in app_b.inbox.current(app_b.team._clock()) if x.call_id == call]
        assert {x.claimed_by for x in entries} == {"demo@example.com"}
        assert app_b.team.reminders.tracked() == [], "a claimed call is not repeated"
        if not wayland_session():  # a Wayland client pops no menu without an input serial
            run(show_menu(app_b))
            screenshot("team-claimed-inbox.png")
            app_b.tray.menu.hide()
    finally:
        run(closes.close())
        run(notify.close())


def claimed_by(db: Conn, call: str) -> str | None:
    row = db.execute("select claimed_by::text from public.calls where id = %s", (call,)).fetchone()
    return None if row is None else row[0]


@pytest.mark.timeout(180)
def test_an_unclaimed_missed_call_repeats_until_completed_and_a_snooze_delays_it(
    run: Run,
    make_app: MakeApp,
    team_standin: Standin,
    db: Conn,
    teammates: tuple[str, str],
    dunst: Dunst,
    tmp_path: Path,
) -> None:
    a, _ = teammates
    profile = signed_in_profile(
        tmp_path / "a", team_standin, repeat_minutes=0.05, snooze_minutes=0.25
    )
    app = start_live(run, make_app, profile)
    notify = run(NotifyMonitor.start())
    closes = run(CloseMonitor.start())
    reminder = "Ainda sem retorno: Sem Retorno SA"
    try:
        call = insert_call(db, a, "Sem Retorno SA", status="missed")
        run(until(lambda: toast_id(app, call, "missed_call"), "the missed-call toast"))
        started = time.monotonic()
        run(until(lambda: [n for n in notify.calls if n.summary == reminder], "a reminder", 10))
        assert time.monotonic() - started >= 2.5, "not before its 3-second period"
        run(
            until(lambda: len([n for n in notify.calls if n.summary == reminder]) >= 2, "again", 10)
        )
        [last] = [n for n in notify.calls if n.summary == reminder][-1:]
        assert last.actions[2:] == ["claim", "Vou retornar", "snooze", "Adiar 10 min"]

        nid = toast_id(app, call, "missed_call")
        assert nid is not None
        dunst.invoke(nid, "snooze")
        run(until(lambda: snoozed(app, call), "the reminder moved 15 s away", 5))
        count = len([n for n in notify.calls if n.summary == reminder])
        run(asyncio.sleep(6))  # two periods go by: the snooze holds the reminder back
        assert len([n for n in notify.calls if n.summary == reminder]) == count

        update_call(db, call, status="completed")
        run(until(lambda: app.team.reminders.due_at(call) is None, "no more reminders", 5))
        run(until(lambda: bool(closes.closed), "the missed-call toast withdrawn", 5))
        count = len([n for n in notify.calls if n.summary == reminder])
        run(asyncio.sleep(4))  # a period goes by: nothing repeats a completed call
        assert len([n for n in notify.calls if n.summary == reminder]) == count
    finally:
        run(closes.close())
        run(notify.close())


def snoozed(app: App, call: str) -> bool:
    due = app.team.reminders.due_at(call)
    now = app.team._clock()
    return due is not None and (due - now).total_seconds() > 10


@pytest.mark.timeout(180)
def test_privacy_hides_company_score_and_sound_while_the_users_own_call_is_in_progress(
    run: Run,
    make_app: MakeApp,
    team_standin: Standin,
    db: Conn,
    teammates: tuple[str, str],
    tmp_path: Path,
) -> None:
    a, b = teammates
    profile = signed_in_profile(tmp_path / "a", team_standin)
    app = start_live(run, make_app, profile)
    notify = run(NotifyMonitor.start())
    try:
        first = insert_call(db, b, "Antes SA")
        run(until(lambda: notify.calls, "a toast"))
        [before] = notify.calls
        assert before.summary == "Nova call de Antes SA"
        assert before.hints["sound-file"][1].endswith("/assets/sounds/new_call.wav")
        assert before.hints["sound-name"][1] == "message-new-instant"

        own = insert_call(db, a, "Minha Call Ltda", status="in_progress")
        run(until(lambda: len(notify.calls) == 2, "the own call's toast"))
        run(asyncio.sleep(2.6))  # past the sound pacing: the next toast could sound
        update_call(db, first, score=95, ai_status="completed")
        run(until(lambda: len(notify.calls) == 3, "the score toast under privacy"))
        private = notify.calls[2]
        assert private.summary == "Score excelente", private
        assert private.body == "Detalhes no app."
        assert "Antes SA" not in private.summary + private.body and "95" not in private.body
        assert "sound-file" not in private.hints and "sound-name" not in private.hints
        screenshot("team-privacy-toast.png")
        assert any("Antes SA" in t for t in menu_texts(app)), "the inbox keeps the details"

        update_call(db, own, status="completed")
        run(until(lambda: not app.team.private, "privacy ends with the call"))
        run(asyncio.sleep(2.6))
        update_call(db, first, status="missed")
        run(until(lambda: len(notify.calls) == 4, "the missed toast after the call"))
        after = notify.calls[3]
        assert after.summary == "Call perdida: Antes SA"
        assert after.hints["sound-file"][1].endswith("/assets/sounds/missed_call.wav")
    finally:
        run(notify.close())


@pytest.mark.timeout(180)
def test_the_call_window_claims_and_then_says_who_will_call_back(
    run: Run,
    make_app: MakeApp,
    team_standin: Standin,
    db: Conn,
    teammates: tuple[str, str],
    tmp_path: Path,
) -> None:
    a, b = teammates
    done = configure(tmp_path / "b", team_standin, email=USER_B[0], password=USER_B[1])
    assert done.returncode == 0, done.stderr
    app = start_live(run, make_app, tmp_path / "b")
    call = insert_call(db, a, "Janela Ltda", status="missed")
    run(until(lambda: app.store.get_call(call) is not None, "the call in B's store"))
    app.open_call(call)
    bar = app.call_windows.claim_bars[call]
    run(until(lambda: bar.button.isVisible(), "the claim button on a missed call"))
    assert bar.button.text() == "Vou retornar" and not bar.label.isVisible()

    bar.button.click()
    run(until(lambda: bar.label.isVisible(), "who claimed, in the window", 5))
    assert bar.label.text() == "b@example.com vai retornar"
    assert not bar.button.isVisible(), "a claimed call offers no claim"
    assert claimed_by(db, call) == b
    run(asyncio.sleep(0.3))  # a screenshot of the window: let it paint
    screenshot("team-call-window-claimed.png")

    # A Windows toast's "Vou retornar" button comes back as a link (protocol activation).
    other = insert_call(db, a, "Botão SA", status="missed")
    run(until(lambda: app.store.get_call(other) is not None, "the second call in B's store"))
    LinkRouter(app).handle([action_link(other, "claim")])
    run(until(lambda: claimed_by(db, other) == b, "the claim from the button's link", 5))


@pytest.mark.timeout(180)
def test_under_do_not_disturb_nothing_toasts_or_sounds_and_the_tray_says_what_waits(
    run: Run,
    make_app: MakeApp,
    team_standin: Standin,
    db: Conn,
    teammates: tuple[str, str],
    dunst: Dunst,
    tmp_path: Path,
) -> None:
    """The desktop's quiet (dunst's pause here; Focus Assist and full-screen apps through
    SHQueryUserNotificationState on Windows, asked before every toast): no toast, no sound,
    not even a reminder; the tray says how many alerts wait in the inbox."""
    a, _ = teammates
    app = start_live(
        run, make_app, signed_in_profile(tmp_path / "a", team_standin, repeat_minutes=0.03)
    )
    notify = run(NotifyMonitor.start())
    try:
        dunst.set_quiet(True)
        call = insert_call(db, a, "Quieto SA", status="missed")
        run(until(lambda: app.toasts.dnd.held == 2, "the new and missed alerts held"))
        held = "2 alertas retidos pelo Não perturbe — no inbox"
        run(until(lambda: held in menu_texts(app), "the tray says the alerts wait", 5))
        assert held in app.tray.tooltip()
        run(until(lambda: app.toasts.dnd.held == 3, "a reminder held too", 10))
        assert notify.calls == [], "no toast, so no sound, under do-not-disturb"
        dunst.set_quiet(False)
        run(until(lambda: notify.calls, "the summary when the quiet ends", 5))
        [summary] = notify.calls
        assert "sound-file" not in summary.hints and "sound-name" not in summary.hints
        run(until(lambda: not any("retido" in t for t in menu_texts(app)), "nothing held"))
        update_call(db, call, status="completed")
    finally:
        dunst.set_quiet(False)
        run(notify.close())


@pytest.mark.timeout(180)
def test_a_lead_gets_one_escalation_of_a_missed_call_nobody_took(
    run: Run,
    make_app: MakeApp,
    team_standin: Standin,
    db: Conn,
    teammates: tuple[str, str],
    tmp_path: Path,
) -> None:
    """A is the team's lead (team_members.role): after `escalate_minutes` unclaimed, one
    "Escalada" toast, with the claim on it; it never repeats."""
    _, b = teammates
    profile = signed_in_profile(
        tmp_path / "a", team_standin, repeat_minutes=0, escalate_minutes=0.05
    )
    app = start_live(run, make_app, profile)
    run(until(lambda: app.team.lead, "the lead role read from team_members"))
    notify = run(NotifyMonitor.start())
    escalated = "Escalada: Ninguém Atende SA sem retorno"
    try:
        call = insert_call(db, b, "Ninguém Atende SA", status="missed")
        run(until(lambda: toast_id(app, call, "missed_call"), "the missed-call toast"))
        run(until(lambda: [n for n in notify.calls if n.summary == escalated], "escalation", 10))
        [sent] = [n for n in notify.calls if n.summary == escalated]
        assert sent.body == "Ninguém da equipe assumiu esta call perdida."
        assert sent.actions[2:] == ["claim", "Vou retornar", "snooze", "Adiar 10 min"]
        run(asyncio.sleep(4))  # past another escalation period: it is said once
        assert len([n for n in notify.calls if n.summary == escalated]) == 1
    finally:
        run(notify.close())


@pytest.mark.timeout(180)
def test_after_a_restart_privacy_and_reminders_resume_from_what_the_store_knows(
    run: Run,
    make_app: MakeApp,
    team_standin: Standin,
    db: Conn,
    teammates: tuple[str, str],
    tmp_path: Path,
) -> None:
    """The user's own call went in progress and a teammate's call was missed before the app
    restarted: no change repeats them, the store knows them."""
    a, b = teammates
    profile = signed_in_profile(tmp_path / "a", team_standin, repeat_minutes=0.05)
    app = start_live(run, make_app, profile)
    own = insert_call(db, a, "Minha Ligação SA", status="in_progress")
    missed = insert_call(db, b, "Esquecida Ltda", status="missed")
    run(until(lambda: app.store.get_call(missed) is not None, "both calls in the store"))
    run(app.shutdown())
    again = start_live(run, make_app, profile)
    notify = run(NotifyMonitor.start())
    try:
        assert again.team.private, "the own call in progress, from the store"
        assert missed in again.team.reminders.tracked()
        reminder = "Ainda sem retorno: Esquecida Ltda"
        run(until(lambda: [n for n in notify.calls if n.body == "Detalhes no app."], "a toast", 10))
        [sent] = [n for n in notify.calls if n.body == "Detalhes no app."][:1]
        assert sent.summary == "Call perdida", "the reminder under privacy: the kind only"
        assert reminder not in [n.summary for n in notify.calls]
        update_call(db, own, status="completed")
        run(until(lambda: not again.team.private, "privacy ends with the call"))
        run(until(lambda: reminder in [n.summary for n in notify.calls], "a full reminder", 10))
    finally:
        run(notify.close())


@pytest.mark.timeout(180)
def test_privacy_hides_company_and_score_while_a_pipewire_screen_cast_runs(
    run: Run,
    make_app: MakeApp,
    team_standin: Standin,
    db: Conn,
    teammates: tuple[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A real PipeWire daemon; a Video/Source node named as xdg-desktop-portal-wlr names its
    stream is the screen share. While it exists toasts name the kind only; once it is gone,
    details again."""
    _, b = teammates
    with start_pipewire(tmp_path / "pw", monkeypatch) as pipewire:
        profile = signed_in_profile(tmp_path / "a", team_standin)
        app = start_live(run, make_app, profile)
        notify = run(NotifyMonitor.start())
        try:
            cast = pipewire.video_source("xdpw-stream")
            run(until(lambda: app.team.private, "privacy from the screen cast", timeout=15))
            first = insert_call(db, b, "Tela Compartilhada SA")
            run(until(lambda: notify.calls, "a toast while sharing"))
            [shared] = notify.calls
            assert shared.summary == "Nova call", shared
            assert "Tela Compartilhada" not in shared.summary + shared.body
            assert "sound-file" not in shared.hints and "sound-name" not in shared.hints
            screenshot("team-privacy-screen-share.png")

            pipewire.destroy(cast)
            run(until(lambda: not app.team.private, "privacy ends with the cast", timeout=15))
            run(asyncio.sleep(2.6))  # past the sound pacing
            update_call(db, first, score=95, ai_status="completed")
            run(until(lambda: len(notify.calls) == 2, "the score toast after the share"))
            after = notify.calls[1]
            assert "Tela Compartilhada SA" in after.summary + after.body, after
            assert "95" in after.summary + after.body, after
        finally:
            run(notify.close())
