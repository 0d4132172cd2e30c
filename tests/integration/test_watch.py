"""The whole headless pipeline, as a script or an admin runs it: SQL → real PostgreSQL →
wal2json → the stand-in's Realtime → the real `realtime`/`supabase` clients → classify →
alerts → store → `desktop-notifier watch --json` on stdout."""

from __future__ import annotations

import collections
import json
from collections.abc import Iterator
from pathlib import Path

import jwt
import keyring
import pytest

from desktop_notifier.devstack.cluster import PostgresCluster
from desktop_notifier.profile.credentials import SERVICE
from desktop_notifier.profile.directory import resolve
from tests.support.calls import Conn, insert_call, update_call
from tests.support.cli import Watch, configure
from tests.support.standin import Standin, start_standin

pytestmark = pytest.mark.desktop  # the keyring is the session's real Secret Service


@pytest.fixture
def profile(tmp_path: Path, standin: Standin) -> Path:
    directory = tmp_path / "profile"
    done = configure(directory, standin)
    assert done.returncode == 0, done.stderr
    return directory


@pytest.fixture
def watch(profile: Path) -> Iterator[Watch]:
    running = Watch.start(profile)
    running.wait_state("live")
    yield running
    running.stop()


def kinds(alerts: list[dict[str, object]]) -> list[str]:
    return [str(a["kind"]) for a in alerts]


def test_configure_keeps_secrets_in_the_keyring_only(tmp_path: Path, standin: Standin) -> None:
    directory = tmp_path / "p"
    done = configure(directory, standin)
    assert done.returncode == 0, done.stderr
    assert "Conectado como demo@example.com" in done.stdout
    namespace = resolve(str(directory)).keyring_namespace
    assert keyring.get_password(SERVICE, f"{namespace}/anon_key") == standin.info["anon_key"]
    refresh = keyring.get_password(SERVICE, f"{namespace}/refresh_token")
    assert refresh
    settings = json.loads((directory / "settings.json").read_text())
    assert settings["url"] == standin.url and settings["email"] == "demo@example.com"
    for path in directory.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for secret in (standin.info["anon_key"], refresh, standin.info["password"]):
                assert secret.encode() not in data, f"a secret leaked into {path}"


@pytest.mark.parametrize(
    ("override", "password", "sentence"),
    [
        ({}, "wrong-password", "E-mail ou senha incorretos"),
        ({"anon_key": "not-the-key"}, None, "Esta não é a chave anon (pública) do projeto"),
        ({"anon_key": "forged"}, None, "recusou a chave anon"),
        ({"url": "http://127.0.0.1:9"}, None, "Não foi possível conectar a http://127.0.0.1:9"),
        ({"url": "http://example.com"}, None, "só são aceitos para localhost"),
        ({"anon_key": "service"}, None, "Esta é a chave service_role"),
        ({"anon_key": "sb_secret_0123456789abcdef"}, None, "Esta é a chave service_role"),
        ({"anon_key": "admin"}, None, "Esta é a chave service_role"),
    ],
)
def test_configure_errors_are_one_clear_sentence(
    tmp_path: Path, standin: Standin, override: dict[str, str], password: str | None, sentence: str
) -> None:
    if override.get("anon_key") == "service":
        override = {"anon_key": standin.info["service_role_key"]}
    if override.get("anon_key") in ("forged", "admin"):  # signed with another secret
        role = "anon" if override["anon_key"] == "forged" else "supabase_admin"
        override = {"anon_key": jwt.encode({"role": role}, "another-secret-0123456789abcdef-0123")}
    # `override` holds only url/anon_key, never configure's `env`/`flags`.
    done = configure(tmp_path / "p", standin, password=password, **override)  # type: ignore[arg-type]
    assert done.returncode == 1
    assert sentence in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_no_keyring_means_no_secret_saved_anywhere(tmp_path: Path, standin: Standin) -> None:
    directory = tmp_path / "p"
    done = configure(
        directory, standin, env={"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    )
    assert done.returncode == 1
    assert "O chaveiro do sistema não está disponível" in done.stderr
    assert "nenhum segredo foi salvo em texto puro" in done.stderr
    for path in directory.rglob("*"):
        if path.is_file():
            assert standin.info["anon_key"].encode() not in path.read_bytes()
    assert not (directory / "settings.json").exists()


def test_alerts_for_the_call_life_cycle(watch: Watch, db: Conn, standin: Standin) -> None:
    owner = standin.info["user_id"]
    call = insert_call(db, owner, "Padaria <b>Pão</b> Quente")
    [new] = watch.collect(1)
    assert new["kind"] == "new_call" and new["call_id"] == call
    assert new["title"] == "Nova call de Padaria <b>Pão</b> Quente"
    update_call(db, call, status="in_progress")
    update_call(db, call, transcription="Olá, tudo bem?")
    update_call(db, call, ai_status="completed", score=95, scorecard={"rapport": 9})
    done = watch.collect(2)
    assert sorted(kinds(done)) == ["analysis_done", "high_score"]
    assert {a["title"] for a in done} == {
        "🎉 Score excelente: 95!",
        "Análise completada para Padaria <b>Pão</b> Quente",
    }
    update_call(db, call, scorecard={"rapport": 10})  # still 95: no second high-score alert
    missed = insert_call(db, owner, "Beta")
    update_call(db, missed, status="missed")
    assert kinds(watch.collect(2)) == ["new_call", "missed_call"]
    update_call(db, call, score=20)
    assert kinds(watch.collect(1)) == ["low_score"]
    assert watch.quiet(1.0) == []


def test_other_users_calls_are_not_alerted(watch: Watch, db: Conn, standin: Standin) -> None:
    other = db.execute("select id from auth.users where email = 'b@example.com'").fetchone()
    assert other is not None
    insert_call(db, str(other[0]), "Not yours")
    mine = insert_call(db, standin.info["user_id"], "Yours")
    [alert] = watch.collect(1)
    assert alert["call_id"] == mine
    assert watch.quiet(1.0) == []


def test_pk_only_old_record_and_toast_omission(watch: Watch, db: Conn, standin: Standin) -> None:
    """Default replica identity: old_record is the key only and an untouched 1 MB transcription
    is omitted from the UPDATE record; the diff against our own cache is still right."""
    db.execute("alter table public.calls replica identity default")
    try:
        big = "palavra " * 131_072  # 1 MiB
        call = insert_call(db, standin.info["user_id"], "Gamma", transcription=big)
        assert kinds(watch.collect(1)) == ["new_call"]
        update_call(db, call, status="missed")
        update_call(db, call, ai_status="completed", score=91)
        assert kinds(watch.collect(3)) == ["missed_call", "high_score", "analysis_done"]
        assert watch.quiet(1.0) == []
    finally:
        db.execute("alter table public.calls replica identity full")


def test_malformed_frames_do_not_stop_delivery(watch: Watch, db: Conn, standin: Standin) -> None:
    for frame in (
        "not json",
        '{"topic":"realtime:calls-feed","event":"postgres_changes","payload":{"ids":[1]},"ref":null}',
        json.dumps(
            {"topic": "realtime:calls-feed", "event": "phx_reply", "payload": {}, "ref": "x"}
        ),
    ):
        standin.admin("POST", "inject", frame)
    call = insert_call(db, standin.info["user_id"], "After garbage")
    [alert] = watch.collect(1)
    assert alert["call_id"] == call


def test_restart_of_the_server_loses_and_duplicates_nothing(
    tmp_path: Path, pg_cluster: PostgresCluster, db: Conn
) -> None:
    """The stand-in goes away; calls are written meanwhile; it comes back on the same port:
    every alert arrives exactly once, by catch-up, and nothing twice afterwards."""
    from tests.support.standin import JWT_SECRET

    dsn = db.info.dsn
    first = start_standin(tmp_path, postgres=pg_cluster.dsn, poll_interval=0.02)
    profile = tmp_path / "profile"
    assert configure(profile, first).returncode == 0
    watch = Watch.start(profile)
    try:
        watch.wait_state("live")
        owner = first.info["user_id"]
        before = insert_call(db, owner, "Before")
        assert [a["call_id"] for a in watch.collect(1)] == [before]
        port = first.port
        assert first.stop() == 0
        watch.wait_state("offline")
        offline_at = len(watch.states)
        written = [insert_call(db, owner, f"While down {i}") for i in range(4)]
        update_call(db, before, status="missed")
        update_call(db, written[0], ai_status="completed", score=97)
        second = start_standin(
            tmp_path, postgres=pg_cluster.dsn, port=port, poll_interval=0.02, jwt_secret=JWT_SECRET
        )
        try:
            watch.wait_state("live", after=offline_at, timeout=45)
            got = watch.collect(7)
            counts = collections.Counter((a["kind"], a["call_id"]) for a in got)
            assert counts == collections.Counter(
                [("new_call", c) for c in written]
                + [
                    ("missed_call", before),
                    ("high_score", written[0]),
                    ("analysis_done", written[0]),
                ]
            )
            assert all(a["caught_up"] for a in got)
            assert watch.quiet(1.5) == []
            live = insert_call(db, owner, "After restart")
            assert [a["call_id"] for a in watch.collect(1)] == [live]
        finally:
            second.stop()
    finally:
        watch.stop()
    assert dsn
