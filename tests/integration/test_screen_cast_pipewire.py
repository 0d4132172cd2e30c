"""The screen-share detector against a real PipeWire daemon (Debian's pipewire + pipewire-bin)
in a private runtime directory: a Video/Source node made the way xdg-desktop-portal-wlr names
its stream is seen as a share, and not once it is destroyed; without PipeWire the answer is
"not shared"."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_notifier.system.screencast import screen_shared
from tests.support.pipewire import PipeWire, start_pipewire


@pytest.fixture
def pipewire(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[PipeWire]:
    with start_pipewire(tmp_path / "pw", monkeypatch) as pw:
        yield pw


def test_a_portal_like_video_source_is_a_share_until_it_is_gone(pipewire: PipeWire) -> None:
    assert not asyncio.run(screen_shared()), "only the daemon's drivers: nothing shared"
    camera = pipewire.video_source("v4l2_input.usb-cam")
    assert not asyncio.run(screen_shared()), "a camera is no screen share"
    cast = pipewire.video_source("xdpw-stream")
    assert asyncio.run(screen_shared())
    pipewire.destroy(cast)
    assert not asyncio.run(screen_shared())
    pipewire.destroy(camera)


def test_without_a_pipewire_daemon_the_answer_is_not_shared(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PIPEWIRE_RUNTIME_DIR", str(tmp_path))  # no socket there
    assert not asyncio.run(screen_shared(timeout=5))
    monkeypatch.setenv("PATH", str(tmp_path))  # no pw-dump at all
    assert not asyncio.run(screen_shared())
