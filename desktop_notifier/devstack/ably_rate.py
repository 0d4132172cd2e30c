"""Ably's per-connection outbound message rate, for the stand-in's Ably (`ably_realtime`).

Ably delivers to each connection at most a permitted number of messages a second (an account
limit, the metric `connection.outboundRate`). What is over it is dropped (error 42915 in the
app's statistics) and the gap is told to the client as a loss of continuity on the channels it
hit: an ATTACHED on the attached channel without the RESUMED flag, with error 80020
("Continuity loss on channel as maximum server-to-client message rate exceeded"); the channel
stays attached and keeps receiving new messages (Ably docs, platform/errors/codes/42915 and
80020; the client emits UPDATE, spec RTL12). A connection that cannot tolerate the gap reads
what it missed.

Here the rate is a one-second sliding window per connection (0: no limit, the default; tests
set it with `POST /_devstack/ably {"outbound_rate": n}`), and a channel's notice goes out
`NOTICE_AFTER` seconds after the first drop of its gap, so it comes after the drops it covers.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from typing import Any

NOTICE_AFTER = 1.0
CONTINUITY_LOST = 80020


class OutboundRate:
    def __init__(self, limit: int = 0, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.dropped = 0
        self._clock = clock
        self._sent: dict[str, deque[float]] = {}

    def admit(self, connection_id: str, count: int) -> int:
        """How many of `count` messages may go to this connection now (counted; the rest are
        dropped)."""
        if not self.limit:
            return count
        now = self._clock()
        sent = self._sent.setdefault(connection_id, deque())
        while sent and now - sent[0] >= 1.0:
            sent.popleft()
        admitted = max(0, min(count, self.limit - len(sent)))
        sent.extend([now] * admitted)
        self.dropped += count - admitted
        return admitted

    def forget(self, connection_id: str) -> None:
        self._sent.pop(connection_id, None)

    def continuity_lost(self, channel: str, channel_serial: str) -> dict[str, Any]:
        """The ATTACHED frame that tells a gap on `channel` (no RESUMED flag, error 80020)."""
        message = (
            "Continuity loss on channel as maximum server-to-client message rate exceeded; "
            f"permitted rate = {self.limit}/s"
        )
        return {
            "action": 11,  # ATTACHED
            "channel": channel,
            "channelSerial": channel_serial,
            "flags": 0,
            "error": {"code": CONTINUITY_LOST, "statusCode": 400, "message": message},
        }
