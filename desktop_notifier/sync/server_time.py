"""What the server's HTTP responses say about time: its clock (the `Date` header) and how long to
wait after HTTP 429 (`Retry-After`). Fed by an httpx response hook on the account's client.

The desktop clock may be minutes or hours off the server's: token expiry is judged from
`expires_in` at receipt (see `account`), and the offset seen here is kept for logs and
diagnostics.
"""

from __future__ import annotations

import logging
import time
from email.utils import parsedate_to_datetime

import httpx

log = logging.getLogger(__name__)
NOTICEABLE_OFFSET = 30.0  # seconds of clock difference worth a log line


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


class ServerTime:
    def __init__(self) -> None:
        self.offset: float | None = None  # server clock minus desktop clock (s)
        self.retry_after: float | None = None  # from the last 429 that said so

    def observe(self, response: httpx.Response) -> None:
        date = response.headers.get("Date")
        if date:
            try:
                offset = parsedate_to_datetime(date).timestamp() - time.time()
            except (TypeError, ValueError):
                offset = None
            if offset is not None:
                changed = self.offset is None or abs(offset - self.offset) > NOTICEABLE_OFFSET
                if changed and abs(offset) > NOTICEABLE_OFFSET:
                    log.warning(
                        "the server's clock differs from this computer's by %+.0f s", offset
                    )
                self.offset = offset
        if response.status_code == 429:
            self.retry_after = _retry_after(response.headers.get("Retry-After"))

    async def hook(self, response: httpx.Response) -> None:
        self.observe(response)
