"""One app per profile: a second launch hands its deep link to the running app and exits 0;
a link starts the app when it is not running; the transport refuses what is not ours."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import psycopg
import pytest
from pytestqt.qtbot import QtBot

from desktop_notifier.system.deeplink import call_link
from desktop_notifier.system.single_instance import (
    InstanceLock,
    InstanceServer,
    decode_message,
    encode_message,
    instance_key,
    server_name,
)
from tests.installer.gui_process import GuiApp, launch, wait_for_window, windows_named
from tests.support.calls import insert_call
from tests.support.cli import cli_env, configure
from tests.support.sockets import socket_path
from tests.support.standin import REPO, Standin


def test_the_instance_name_depends_on_user_and_profile(tmp_path: Path) -> None:
    a = instance_key(tmp_path / "a", "ana")
    assert a == instance_key(tmp_path / "a", "ana")
    assert a != instance_key(tmp_path / "b", "ana") != instance_key(tmp_path / "a", "bia")
    assert a.startswith("calls-notifier-") and str(tmp_path) not in a


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG_RUNTIME_DIR is Linux's")
def test_the_socket_lives_in_the_private_runtime_dir(sock_dir: Path) -> None:
    name = server_name(sock_dir / "p", environ={"XDG_RUNTIME_DIR": str(sock_dir)})
    assert name is not None
    assert name.startswith(str(sock_dir) + "/calls-notifier-") and name.endswith(".sock")
    own = server_name(sock_dir / "p", environ={"TMPDIR": str(sock_dir)})  # no runtime dir
    assert own is not None and Path(own).parent == sock_dir / f"calls-notifier-{os.getuid()}"


@pytest.mark.parametrize(
    "data",
    [b"", b"not json", b"[1]", b'{"links": "x"}', b'{"links": [1]}', b"\xff\xfe", b'{"x": []}'],
)
def test_foreign_messages_are_refused(data: bytes) -> None:
    assert decode_message(data) is None


def test_messages_round_trip() -> None:
    links = [call_link("0b6c3f0e-5d1a-4c3e-9a57-2f1c6b7d8e90"), "calls-notifier://ünïcode"]
    assert decode_message(encode_message(links).rstrip(b"\n")) == links
    assert decode_message(encode_message([])) == []


def test_the_lock_admits_one_owner_at_a_time(tmp_path: Path) -> None:
    first, second = InstanceLock(tmp_path), InstanceLock(tmp_path)
    assert first.acquire()
    assert not second.acquire()
    first.release()
    assert second.acquire()
    second.release()


def test_a_stale_lock_of_a_dead_process_is_taken_over(tmp_path: Path) -> None:
    code = (
        "import sys; from pathlib import Path; "
        "from desktop_notifier.system.single_instance import InstanceLock; "
        "lock = InstanceLock(Path(sys.argv[1])); assert lock.acquire(); import os; os._exit(0)"
    )
    subprocess.run([sys.executable, "-c", code, str(tmp_path)], check=True, env=cli_env())
    assert (tmp_path / "instance.lock").exists(), "the dead process left its lock behind"
    lock = InstanceLock(tmp_path)
    assert lock.acquire()
    lock.release()


def _hand_over(name: str, *links: str) -> subprocess.Popen[str]:
    code = (
        "import sys; from desktop_notifier.system.single_instance import hand_over; "
        "sys.exit(0 if hand_over(sys.argv[1], sys.argv[2:], timeout=5) else 3)"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code, name, *links], env=cli_env(), cwd=REPO, text=True
    )


def local_name(sock_dir: Path, stem: str) -> str:
    """A socket path on Unix (short enough for macOS); a pipe name (no path separators allowed)
    on Windows."""
    return (
        f"calls-notifier-test-{uuid.uuid4().hex}"
        if sys.platform == "win32"
        else socket_path(sock_dir, stem)
    )


def test_the_server_delivers_links_and_survives_garbage(qtbot: QtBot, sock_dir: Path) -> None:
    name = local_name(sock_dir, "s.sock")
    server = InstanceServer()
    try:
        assert server.listen(name)
        if sys.platform != "win32":  # a stranger writing junk to the socket
            garbage = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    "import socket, sys; s = socket.socket(socket.AF_UNIX); "
                    "s.connect(sys.argv[1]); s.sendall(b'GET / HTTP/1.0\\n'); print(s.recv(10))",
                    name,
                ]
            )
            qtbot.waitUntil(lambda: garbage.poll() is not None, timeout=5000)
        link = call_link("0b6c3f0e-5d1a-4c3e-9a57-2f1c6b7d8e90")
        with qtbot.waitSignal(server.links_received, timeout=5000) as got:
            client = _hand_over(name, link)
        qtbot.waitUntil(lambda: client.poll() is not None, timeout=5000)
        assert got.args == [[link]] and client.returncode == 0
    finally:
        server.close()


def test_handing_over_to_nobody_fails_after_the_timeout(sock_dir: Path) -> None:
    started = time.monotonic()
    client = _hand_over(local_name(sock_dir, "nobody.sock"), "calls-notifier://call/x")
    assert client.wait(20) == 3
    assert 4 < time.monotonic() - started < 15


@pytest.mark.desktop
@pytest.mark.slow
def test_a_second_launch_hands_its_link_over_and_a_link_starts_the_app(
    standin: Standin, db: psycopg.Connection[tuple[Any, ...]], tmp_path: Path
) -> None:
    profile = tmp_path / "profile"
    assert configure(profile, standin).returncode == 0
    first_call = insert_call(db, standin.info["user_id"], "Primeira Link Ltda")
    second_call = insert_call(db, standin.info["user_id"], "Segunda Link Ltda")
    app = GuiApp.start(profile)
    try:
        # The first instance must own the profile before the second launch: otherwise, on a
        # loaded machine, the second can take the lock first and become the running app.
        app.wait_log(r"connection .*live", timeout=60)
        started = time.monotonic()
        second = launch(profile, call_link(first_call))
        handed_in = time.monotonic() - started
        assert second.returncode == 0, second.stderr
        wait_for_window("Primeira Link Ltda", app=app)
        app.wait_log(f"opening call {first_call} from a link")
        assert handed_in < 25, "the second launch returns as soon as the first took the link"

        quick = time.monotonic()
        assert launch(profile, "calls-notifier://call/../../etc/passwd").returncode == 0
        assert time.monotonic() - quick < 8
        app.wait_log("ignored a link that is not a call link")

        assert launch(profile).returncode == 0  # started again from the menu: show yourself
        wait_for_window("^Configurações — Calls Notifier$", app=app)
        assert app.proc.poll() is None, "the first instance keeps running"
    finally:
        assert app.stop() == 0
    assert not windows_named("Primeira Link Ltda")

    cold = GuiApp.start(profile, call_link(second_call))  # not running: the link starts it
    try:
        wait_for_window("Segunda Link Ltda", app=cold)
    finally:
        assert cold.stop() == 0
