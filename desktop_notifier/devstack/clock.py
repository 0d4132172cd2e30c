"""The stand-in's server clock: the host's clock plus an offset that tests can move.

Owns every "now" the stand-in issues or checks (token ``iat``/``exp``/``expires_at``, expiry
checks in Auth, PostgREST and Realtime, the HTTP ``Date`` header), so a server whose clock
differs from the desktop's by seconds to hours can be modelled with ``--clock-offset`` or
``POST /_devstack/clock?offset=SECONDS``.
"""

from __future__ import annotations

import time
from email.utils import formatdate

from aiohttp import web


class ServerClock:
    def __init__(self, offset: float = 0.0) -> None:
        self.offset = offset

    def now(self) -> float:
        return time.time() + self.offset

    def seconds(self) -> int:
        return int(self.now())

    def http_date(self) -> str:
        return formatdate(self.now(), usegmt=True)


CLOCK = web.AppKey("clock", ServerClock)


async def stamp_date(request: web.Request, response: web.StreamResponse) -> None:
    """``on_response_prepare``: the ``Date`` header on the server's clock."""
    response.headers["Date"] = request.app[CLOCK].http_date()
