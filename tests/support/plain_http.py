"""The stand-in reached as a server on "another machine": a TCP relay listening on 127.0.0.2
(a loopback address the URL check does not count as this machine, so `http://127.0.0.2:PORT`
is an insecure self-hosted server to it) that pipes every connection to the stand-in."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from tests.support.cli import cli_env
from tests.support.relay import stop as stop_relay
from tests.support.standin import REPO, Standin

REMOTE_HOST = "127.0.0.2"


def _free_port(host: str) -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


@contextmanager
def remote_http_url(stand: Standin) -> Iterator[str]:
    """`http://127.0.0.2:PORT`, relayed to `stand` for as long as the block runs."""
    port = _free_port(REMOTE_HOST)
    relay = subprocess.Popen(
        [sys.executable, "-m", "tests.support.relay", REMOTE_HOST, str(port), "127.0.0.1",
         str(stand.port)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=cli_env(),
        cwd=REPO,
    )  # fmt: skip
    try:
        assert relay.stdout is not None and relay.stdout.readline().strip() == "READY"
        yield f"http://{REMOTE_HOST}:{port}"
    finally:
        stop_relay(relay, 10)
