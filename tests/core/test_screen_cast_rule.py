"""Which PipeWire nodes mean "the screen is being shared" (system/screencast.py), over the
nodes the real producers make and the look-alikes that must not count."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from desktop_notifier.system.screencast import is_screen_cast, screen_shared_in


def node(state: str = "running", **props: Any) -> dict[str, Any]:
    return {"id": 40, "type": "PipeWire:Interface:Node", "info": {"state": state, "props": props}}


GNOME = {"media.class": "Stream/Output/Video", "media.name": "meta-screen-cast-src",
         "node.name": "gnome-shell", "stream.is-live": True}  # fmt: skip
WLR = {"media.class": "Video/Source", "node.name": "xdpw-stream"}
KDE = {"media.class": "Stream/Output/Video", "media.name": "kwin-screencast-output",
       "node.name": "kwin_wayland"}  # fmt: skip
ROLE = {"media.class": "Video/Source", "node.name": "obs", "media.role": "Screen"}
CASTS = [GNOME, WLR, KDE, ROLE]

CAMERA = {"media.class": "Video/Source", "node.name": "v4l2_input.pci-0000_00_14.0-usb-0_1_1.0"}
CAMERA_APP = {"media.class": "Stream/Input/Video", "node.name": "firefox", "media.role": "Camera"}
AUDIO_CAST = {"media.class": "Audio/Source", "node.name": "xdpw-stream-audio"}
VIEWER = {"media.class": "Stream/Input/Video", "media.name": "meta-screen-cast-src consumer"}


@pytest.mark.parametrize("props", CASTS)
@pytest.mark.parametrize("state", ["running", "idle", "suspended", "creating"])
def test_every_producers_cast_node_counts_while_it_exists(
    props: dict[str, Any], state: str
) -> None:
    assert is_screen_cast(node(state, **props))
    assert screen_shared_in([node("suspended", **CAMERA), node(state, **props)])


@pytest.mark.parametrize("props", CASTS)
def test_a_node_in_error_does_not_count(props: dict[str, Any]) -> None:
    assert not is_screen_cast(node("error", **props))


@pytest.mark.parametrize("props", [CAMERA, CAMERA_APP, AUDIO_CAST, VIEWER, {}])
@pytest.mark.parametrize("state", ["running", "suspended"])
def test_cameras_audio_and_consumers_are_not_screen_shares(
    props: dict[str, Any], state: str
) -> None:
    assert not is_screen_cast(node(state, **props))


def test_only_nodes_count_not_ports_links_or_clients_named_alike() -> None:
    for kind in ("Port", "Link", "Client", "Device"):
        obj = node(**WLR) | {"type": f"PipeWire:Interface:{kind}"}
        assert not is_screen_cast(obj)


@pytest.mark.parametrize(
    "dump",
    [None, {}, "[]", [], [None, 3, "x"], [{"type": "PipeWire:Interface:Node"}],
     [{"type": "PipeWire:Interface:Node", "info": None}],
     [{"type": "PipeWire:Interface:Node", "info": {"state": "running", "props": None}}]],
)  # fmt: skip
def test_nonsense_or_removed_objects_read_as_not_shared(dump: object) -> None:
    assert not screen_shared_in(dump)


def test_the_answer_is_any_cast_among_any_mix() -> None:
    others = [node(**CAMERA), node(**CAMERA_APP), node(**AUDIO_CAST), node(**VIEWER)]
    for mix in itertools.permutations([*others, node(**WLR)]):
        assert screen_shared_in(list(mix))
    assert not screen_shared_in(others)
