"""Whether the screen is being shared or recorded on Linux, read from PipeWire (issue 18).

Every screen cast on a modern Linux desktop is a PipeWire stream made by the compositor or its
portal backend, living exactly as long as the cast session:

- GNOME: mutter's `src/backends/meta-screen-cast-stream-src.c` creates its stream with
  `pw_stream_new (core, "meta-screen-cast-src", ...)`: a node whose `media.name` is
  "meta-screen-cast-src" (its `node.name` is the process, "gnome-shell"), class
  "Stream/Output/Video". xdg-desktop-portal-gnome hands that node to the sharing app.
- wlroots (Sway, Hyprland...): emersion/xdg-desktop-portal-wlr (`src/screencast/`) names its
  stream node "xdpw-stream", `media.class` "Video/Source" (as pw-dump readers of it match it;
  not re-read in xdpw's source for this change).
- KDE: KWin's screencast plugin names its streams "kwin-screencast-<...>" (`media.name`, as
  pw-dump readers of it match it); xdg-desktop-portal-kde hands them over.
- flatpak/xdg-desktop-portal itself only brokers the node id (`src/screen-cast.c`): no node.

Cameras are "Video/Source" too (v4l2/libcamera nodes, `node.name` "v4l2_input..."), so the class
alone is not enough: a node counts when it is a video source or output stream AND its name
says screen cast, or its `media.role` is "Screen" (what an app may set on its own capture
stream). Any state but "error" counts: the node exists only while the session runs, and it is
"suspended"/"idle" while the consumer pauses, which is still a screen on show.

`pw-dump` (pipewire-bin) lists the objects as JSON. When it is missing, fails or is slow the
answer is "not shared": the detector never keeps a toast from going out.
"""

from __future__ import annotations

import asyncio
import json
import logging
import shutil
import subprocess
from collections.abc import Mapping
from typing import Any

log = logging.getLogger(__name__)

NODE_TYPE = "PipeWire:Interface:Node"
VIDEO_CLASSES = frozenset({"Video/Source", "Stream/Output/Video"})
# Substrings of node.name / media.name that the screen-cast producers above use.
CAST_NAMES = ("meta-screen-cast", "xdpw", "screen-cast", "screencast")
SCREEN_ROLE = "screen"
DUMP_TIMEOUT = 3.0  # seconds; a stuck pw-dump means "not shared"


def is_screen_cast(node: Mapping[str, Any]) -> bool:
    """True when one `pw-dump` object is a live screen-cast node (see the module docstring)."""
    if node.get("type") != NODE_TYPE:
        return False
    info = node.get("info")
    if not isinstance(info, Mapping) or info.get("state") == "error":
        return False
    props = info.get("props")
    if not isinstance(props, Mapping) or props.get("media.class") not in VIDEO_CLASSES:
        return False
    if str(props.get("media.role", "")).lower() == SCREEN_ROLE:
        return True
    names = f"{props.get('node.name', '')} {props.get('media.name', '')}".lower()
    return any(marker in names for marker in CAST_NAMES)


def screen_shared_in(dump: object) -> bool:
    """True when the parsed `pw-dump` output holds a screen-cast node; anything else is False."""
    if not isinstance(dump, list):
        return False
    return any(isinstance(obj, Mapping) and is_screen_cast(obj) for obj in dump)


def _dump(program: str, timeout: float) -> bytes | None:
    """pw-dump's output, or None when it fails or is slow (run in a worker thread)."""
    try:
        done = subprocess.run(
            [program], stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout, check=False
        )
    except (OSError, subprocess.SubprocessError) as exc:
        log.debug("pw-dump failed: %s", exc)
        return None
    return done.stdout if done.returncode == 0 else None


async def screen_shared(timeout: float = DUMP_TIMEOUT) -> bool:
    """Ask PipeWire now, off the event loop's thread; False when pw-dump is absent, fails, is
    slow or says nonsense. (A worker thread rather than an asyncio child: a probe cancelled at
    shutdown leaves no half-started coroutine behind, and the thread ends within `timeout`.)"""
    program = shutil.which("pw-dump")
    if program is None:
        return False
    out = await asyncio.to_thread(_dump, program, timeout)
    if out is None:
        return False
    try:
        return screen_shared_in(json.loads(out))
    except ValueError:
        return False
