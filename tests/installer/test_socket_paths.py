"""Every Unix socket path the app and the tests build fits macOS's 104-byte `sun_path` (Qt
refuses to listen on a longer one), even under a long temp or runtime directory."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop_notifier.system.single_instance import MAX_SOCKET_PATH, InstanceServer, server_name
from tests.support.sockets import socket_path

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Unix sockets")

# A sandboxed macOS app's temp directory, about 80 bytes before pytest's own prefix.
MAC_SANDBOX_TMP = (
    "Users/maria.fernanda.albuquerque/Library/Containers/br.com.example.calls/Data/tmp"
)


def _long_dir(tmp_path: Path) -> Path:
    directory = tmp_path / MAC_SANDBOX_TMP
    directory.mkdir(parents=True, mode=0o700)
    directory.chmod(0o700)
    assert len(str(directory)) > MAX_SOCKET_PATH - 40  # too long for our name under it
    return directory


def test_macos_limit_is_the_one_checked() -> None:
    assert MAX_SOCKET_PATH == 103  # 104 bytes of sun_path with the NUL


def test_the_app_socket_fits_under_a_long_temp_directory(qtbot: QtBot, tmp_path: Path) -> None:
    name = server_name(tmp_path / "profile", environ={"TMPDIR": str(_long_dir(tmp_path))})
    assert name is not None
    assert len(os.fsencode(name)) <= MAX_SOCKET_PATH, name
    assert Path(name).parent.name == f"calls-notifier-{os.getuid()}"
    assert not Path(name).parent.stat().st_mode & 0o077  # still our private directory
    server = InstanceServer()
    try:
        assert server.listen(name)
    finally:
        server.close()


def test_the_app_socket_fits_under_a_long_runtime_directory(tmp_path: Path) -> None:
    runtime = _long_dir(tmp_path)
    name = server_name(
        tmp_path / "profile", environ={"XDG_RUNTIME_DIR": str(runtime), "TMPDIR": "/tmp"}
    )
    assert name is not None and len(os.fsencode(name)) <= MAX_SOCKET_PATH, name


def test_a_short_temp_directory_is_still_used(sock_dir: Path) -> None:
    name = server_name(sock_dir / "profile", environ={"TMPDIR": str(sock_dir)})
    assert name is not None and name.startswith(f"{sock_dir}/calls-notifier-")


def test_the_tests_socket_paths_fit(sock_dir: Path, tmp_path: Path) -> None:
    assert len(os.fsencode(socket_path(sock_dir, "nobody.sock"))) <= MAX_SOCKET_PATH
    with pytest.raises(AssertionError, match="too long for macOS"):
        socket_path(_long_dir(tmp_path), "s.sock")
