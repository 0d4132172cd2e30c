"""A real PipeWire daemon for tests (Debian's pipewire + pipewire-bin), in a private runtime
directory that the test process (and so the app's `pw-dump`) is pointed at, and video source
nodes made in it the way a screen-cast portal's stream shows up: an adapter node with
`media.class` "Video/Source" and the producer's name, kept after `pw-cli` leaves
(`object.linger`). The test that starts it ends it."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest


class PipeWire:
    def __init__(self, env: dict[str, str]) -> None:
        self._env = env

    def _run(self, *args: str) -> str:
        done = subprocess.run(
            args, env=self._env, capture_output=True, text=True, timeout=10, check=True
        )
        return done.stdout

    def node_ids(self, name: str) -> list[int]:
        dump = json.loads(self._run("pw-dump"))
        return [
            obj["id"]
            for obj in dump
            if obj.get("type") == "PipeWire:Interface:Node"
            and ((obj.get("info") or {}).get("props") or {}).get("node.name") == name
        ]

    def video_source(self, name: str) -> int:
        """A lingering Video/Source node named `name`; its id."""
        props = (
            "{ factory.name=videotestsrc library.name=videotestsrc/libspa-videotestsrc"
            f" node.name={name} media.name={name} media.class=Video/Source object.linger=true }}"
        )
        self._run("pw-cli", "create-node", "adapter", props)
        deadline = time.monotonic() + 10
        while not (ids := self.node_ids(name)):
            assert time.monotonic() < deadline, f"PipeWire made no node {name}"
            time.sleep(0.05)
        return ids[0]

    def destroy(self, node_id: int) -> None:
        self._run("pw-cli", "destroy", str(node_id))
        deadline = time.monotonic() + 10
        while any(node_id == obj.get("id") for obj in json.loads(self._run("pw-dump"))):
            assert time.monotonic() < deadline, f"node {node_id} still there"
            time.sleep(0.05)


@contextlib.contextmanager
def start_pipewire(runtime: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[PipeWire]:
    """A pipewire daemon whose socket is in `runtime`; this process's environment points there."""
    runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
    env = dict(os.environ, PIPEWIRE_RUNTIME_DIR=str(runtime), XDG_RUNTIME_DIR=str(runtime))
    log = (runtime.parent / "pipewire.log").open("wb")
    daemon = subprocess.Popen(["pipewire"], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 15
        while not (runtime / "pipewire-0").exists():
            assert daemon.poll() is None, "pipewire exited: see pipewire.log"
            assert time.monotonic() < deadline, "pipewire made no socket"
            time.sleep(0.05)
        monkeypatch.setenv("PIPEWIRE_RUNTIME_DIR", str(runtime))
        yield PipeWire(env)
    finally:
        daemon.terminate()
        try:
            daemon.wait(10)
        except subprocess.TimeoutExpired:
            daemon.kill()
            daemon.wait()
        log.close()
