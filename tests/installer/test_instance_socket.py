"""The single-instance socket against other local users and greedy clients: without
XDG_RUNTIME_DIR another user cannot squat the socket and receive our deep links, and the
receiver caps message size, nesting, idle time and concurrent connections."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop_notifier.system import single_instance
from desktop_notifier.system.deeplink import call_link
from desktop_notifier.system.single_instance import (
    InstanceServer,
    current_user,
    hand_over,
    instance_key,
    server_name,
)
from tests.support.sockets import socket_path

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Unix sockets")

LINK = call_link("0b6c3f0e-5d1a-4c3e-9a57-2f1c6b7d8e90")
CAP = getattr(single_instance, "MAX_CONNECTIONS", 4)

# Run by the other user with the system Python (the venv's may not be reachable by them): listen
# on every given path, record whatever arrives, answer like the app does.
SQUATTER = r"""
import os, selectors, socket, sys
record, paths = sys.argv[1], sys.argv[2:]
sel = selectors.DefaultSelector()
for path in paths:
    if not os.path.isdir(os.path.dirname(path)):  # our private directory, taken first
        os.mkdir(os.path.dirname(path))
        os.chmod(os.path.dirname(path), 0o777)
    server = socket.socket(socket.AF_UNIX)
    server.bind(path)
    os.chmod(path, 0o777)
    server.listen(8)
    sel.register(server, selectors.EVENT_READ)
open(record + ".ready", "w").close()
while True:
    for key, _ in sel.select():
        conn, _ = key.fileobj.accept()
        conn.settimeout(5)
        data = conn.recv(65536)
        with open(record, "ab") as f:
            f.write(data)
        conn.sendall(b"ok\n")
        conn.close()
"""


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A temp directory like /tmp (world-writable, sticky) that both users reach."""
    path = Path("/tmp") / f"cn-tmp-{uuid.uuid4().hex[:8]}"
    path.mkdir()
    path.chmod(0o1777)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_another_user_cannot_squat_the_socket_without_a_runtime_dir(
    stranger: str, shared_tmp: Path, tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setenv("TMPDIR", str(shared_tmp))  # where Qt puts a bare socket name
    profile = tmp_path / "profile"
    key = instance_key(profile, current_user())
    bare = shared_tmp / key  # where the name used to be: predictable by anyone
    own = (
        shared_tmp / f"calls-notifier-{os.getuid()}" / f"{key.removeprefix('calls-notifier-')}.sock"
    )
    record = shared_tmp / "received"
    squatter = subprocess.Popen(
        ["runuser", "-u", stranger, "--", "/usr/bin/python3", "-c", SQUATTER, str(record),
         str(bare), str(own)],
        cwd="/",
        start_new_session=True,  # runuser forks: the squatter is killed with its group
    )  # fmt: skip
    try:
        qtbot.waitUntil(lambda: Path(f"{record}.ready").exists() or squatter.poll() is not None)
        assert squatter.poll() is None, "the squatter could not listen"
        name = server_name(profile, environ={"TMPDIR": str(shared_tmp)})
        assert not hand_over(name, [LINK], timeout=3)
        assert not InstanceServer().listen(name)
        # Even a name that leads straight to the squatter's socket gets nothing: the peer's
        # uid is not ours.
        assert not hand_over(str(bare), [LINK], timeout=3)
        assert not record.exists() or record.read_bytes() == b""
    finally:
        os.killpg(squatter.pid, signal.SIGKILL)
        squatter.wait()


def _connect(name: str) -> socket.socket:
    client = socket.socket(socket.AF_UNIX)
    client.connect(name)
    return client


def _closed_by_server(client: socket.socket) -> bool:
    client.setblocking(False)
    try:
        return client.recv(4096) == b""
    except BlockingIOError:
        return False
    except OSError:  # reset by the server's abort
        return True


@pytest.fixture
def server(qtbot: QtBot, sock_dir: Path) -> Iterator[tuple[InstanceServer, str, list[object]]]:
    received: list[object] = []
    instance = InstanceServer()
    instance.links_received.connect(received.append)
    name = socket_path(sock_dir, "s.sock")
    assert instance.listen(name)
    yield instance, name, received
    instance.close()


def _still_serves(qtbot: QtBot, name: str, received: list[object]) -> None:
    code = (
        "import sys; from desktop_notifier.system.single_instance import hand_over; "
        "sys.exit(0 if hand_over(sys.argv[1], sys.argv[2:], timeout=5) else 3)"
    )
    client = subprocess.Popen([sys.executable, "-c", code, name, LINK])
    qtbot.waitUntil(lambda: client.poll() is not None, timeout=10000)
    assert client.returncode == 0 and received[-1] == [LINK]


@pytest.mark.parametrize(
    "message",
    [
        b'{"links": ["' + b"a" * (70 * 1024) + b'"]}\n',  # one line, over the size cap
        b"x" * (70 * 1024),  # no line end at all
        b'{"links": ' + b"[" * 5000 + b"]" * 5000 + b"}\n",  # 10 kB, 5000 levels deep
        b'{"links": [["calls-notifier://x"]]}\n',  # deeper than a message of ours
    ],
    ids=["oversize-line", "oversize-no-newline", "deep", "nested"],
)
def test_oversized_or_nested_messages_are_dropped(
    qtbot: QtBot, server: tuple[InstanceServer, str, list[object]], message: bytes
) -> None:
    _instance, name, received = server
    client = _connect(name)
    client.sendall(message)
    qtbot.waitUntil(lambda: _closed_by_server(client), timeout=5000)
    client.close()
    assert received == []
    _still_serves(qtbot, name, received)


def test_a_silent_connection_is_closed_after_the_deadline(
    qtbot: QtBot, server: tuple[InstanceServer, str, list[object]]
) -> None:
    instance, name, received = server
    instance.deadline = 0.5
    silent, dribbler = _connect(name), _connect(name)
    dribbler.sendall(b'{"li')  # a message that never ends
    qtbot.waitUntil(lambda: _closed_by_server(silent) and _closed_by_server(dribbler), timeout=5000)
    silent.close()
    dribbler.close()
    _still_serves(qtbot, name, received)


def test_connections_beyond_the_cap_are_refused(
    qtbot: QtBot, server: tuple[InstanceServer, str, list[object]]
) -> None:
    instance, name, received = server
    instance.deadline = 60.0
    clients = [_connect(name) for _ in range(CAP + 3)]
    qtbot.waitUntil(lambda: sum(map(_closed_by_server, clients)) >= 3, timeout=5000)
    assert sum(map(_closed_by_server, clients)) == 3
    for client in clients:
        client.close()
    _still_serves(qtbot, name, received)
