"""`ToastGate`: what every backend does before it hands a toast to the OS.

Backend-independent, so Linux, Windows, macOS and the tray balloon behave alike. It owns two
rules for toasts that replace one another (same `replace_key`, i.e. the same call):

- **Pacing.** While one is being delivered (and, for a burst summary, for `SUMMARY_INTERVAL`
  after it) only the newest waits; a burst of thousands costs a handful of OS calls.
- **The urgent one stays.** A toast never replaces a more urgent one of the same call that is
  still on screen: it is dropped (the alert is already in the inbox and the history). "On
  screen" ends when the backend reports the toast closed (`closed`), or after `hold` seconds on
  backends that cannot tell (Windows moves a toast to the Action Center after at most 25 s,
  macOS banners go after a few seconds).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Coroutine
from typing import Any

from desktop_notifier.notify.toast import SUMMARY_KIND, Toast

log = logging.getLogger(__name__)

SUMMARY_INTERVAL = 2.0  # a burst summary updates its toast at most every 2 s
DEFAULT_HOLD = 25.0  # seconds a toast counts as on screen when the backend cannot tell
MAX_TRACKED = 256  # calls whose on-screen toast is remembered (oldest forgotten first)

Deliver = Callable[[Toast], Coroutine[Any, Any, None]]


class ToastGate:
    """`await gate.show(toast)` instead of delivering directly; `deliver` does the OS call."""

    def __init__(
        self,
        deliver: Deliver,
        *,
        hold: float = DEFAULT_HOLD,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._deliver = deliver
        self._hold = hold
        self._clock = clock
        self._shown: OrderedDict[str, tuple[Toast, float]] = OrderedDict()
        self._pacing: set[str] = set()
        self._waiting: dict[str, Toast] = {}
        self._pending: set[asyncio.Task[None]] = set()
        self._closed = False
        self.dropped = 0  # toasts not shown because a more urgent one was on screen
        self.held_back: deque[Toast] = deque(maxlen=64)  # the latest of them (diagnostics)

    async def show(self, toast: Toast) -> None:
        key = toast.replace_key
        if key is None:
            await self._deliver(toast)
            return
        if self._hidden_by_urgent(toast):
            return
        if key in self._pacing:  # a delivery for this key is in flight or just went out
            self._waiting[key] = toast  # the newest wins; it goes out when the key is free
            return
        self._pacing.add(key)
        try:
            await self._deliver(toast)
            self._on_screen(toast)
        finally:
            self._release_later(key, toast)

    def closed(self, toast: Toast) -> None:
        """The backend saw `toast` leave the screen (dismissed, clicked or expired)."""
        key = toast.replace_key
        if key is not None and key in self._shown and self._shown[key][0] == toast:
            del self._shown[key]

    def forget_all(self) -> None:
        """Nothing we sent is on screen any more (e.g. a new notification server)."""
        self._shown.clear()

    def close(self) -> None:
        self._closed = True
        self._waiting.clear()
        self._shown.clear()
        for task in list(self._pending):
            task.cancel()

    def _hidden_by_urgent(self, toast: Toast) -> bool:
        key = toast.replace_key
        assert key is not None
        entry = self._shown.get(key)
        if entry is None:
            return False
        shown, at = entry
        if self._clock() - at >= self._hold:
            del self._shown[key]
            return False
        if toast.urgency >= shown.urgency:
            return False
        self.dropped += 1
        self.held_back.append(toast)
        log.debug("a %s toast stays under the more urgent one still on screen", toast.kind)
        return True

    def _on_screen(self, toast: Toast) -> None:
        assert toast.replace_key is not None
        self._shown[toast.replace_key] = (toast, self._clock())
        self._shown.move_to_end(toast.replace_key)
        while len(self._shown) > MAX_TRACKED:
            self._shown.popitem(last=False)

    def _release_later(self, key: str, sent: Toast) -> None:
        if sent.kind == SUMMARY_KIND and not self._closed:
            asyncio.get_running_loop().call_later(SUMMARY_INTERVAL, self._release, key)
        else:
            self._release(key)

    def _release(self, key: str) -> None:
        """The key is free again: deliver the newest toast that waited for it, if any."""
        toast = self._waiting.pop(key, None)
        if toast is None or self._closed or self._hidden_by_urgent(toast):
            self._pacing.discard(key)
            return
        task = asyncio.get_running_loop().create_task(self._deliver(toast))
        self._pending.add(task)
        task.add_done_callback(functools.partial(self._delivered_later, key, toast))

    def _delivered_later(self, key: str, toast: Toast, task: asyncio.Task[None]) -> None:
        self._pending.discard(task)
        if task.cancelled():
            self._pacing.discard(key)
            return
        if task.exception() is not None:
            log.warning("a deferred toast could not be shown: %s", task.exception())
        else:
            self._on_screen(toast)
        self._release_later(key, toast)
