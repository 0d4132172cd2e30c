"""Liveness: notice a link that is open but dead (a stopped server, half-open TCP after sleep)
within `interval + timeout` seconds instead of the websockets library's ~50 s.

The Realtime client ignores heartbeat replies, so `Liveness` probes the link itself: one
websocket ping every `interval` seconds, and the link counts as dead when its pong does not come
back within `timeout`. One small frame every ten seconds costs nothing; there is no polling in
between (the task sleeps on the event loop's timer).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)

PING_INTERVAL = 10.0
PONG_TIMEOUT = 10.0

Probe = Callable[[], Awaitable[object]]


class Liveness:
    """`await Liveness().watch(probe)` returns, with the reason, once the link looks dead."""

    def __init__(self, interval: float = PING_INTERVAL, timeout: float = PONG_TIMEOUT) -> None:
        if interval <= 0 or timeout <= 0:
            raise ValueError("interval and timeout must be positive")
        self.interval = interval
        self.timeout = timeout

    async def watch(self, probe: Probe) -> str:
        """Probe every `interval` s; return a short reason when a probe fails or times out."""
        while True:
            await asyncio.sleep(self.interval)
            try:
                await asyncio.wait_for(probe(), self.timeout)
            except TimeoutError:
                log.warning("the server did not answer a ping in %.0f s", self.timeout)
                return f"no answer from the server in {self.timeout:.0f} s"
            except Exception as exc:  # a closed socket: the link is gone
                log.info("a liveness ping failed: %s", type(exc).__name__)
                return f"ping failed: {type(exc).__name__}"
