"""Reading the server a page at a time without trusting what a page's length seems to say, and
without retrying a failing request unchanged.

- PostgREST caps `limit` at `db-max-rows` without saying so (PostgREST `Config.hs`,
  `configDbMaxRows`): a page shorter than asked may still be a capped one. `PageEnd` says when a
  short page really is the end: when it is shorter than a page this read has already received
  (the cap is at least that long), or empty.
- A statement timeout (PostgreSQL `57014`, HTTP 500 from PostgREST) asks for a smaller page:
  `PageSize.read` halves the page and tries again, down to `MIN_PAGE`; then the error surfaces
  as a retryable server error, for the supervisor's backoff.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from desktop_notifier.common.errors import ErrorCode, UserError

log = logging.getLogger(__name__)
T = TypeVar("T")
MIN_PAGE = 16


class StatementTimeout(Exception):
    """The server cancelled the read (statement timeout, PostgreSQL code 57014)."""


class FunctionMissing(Exception):
    """The server has no `calls_changes` (PostgREST PGRST202): an older schema."""


class PageSize:
    """The page size of one catch-up pass, halved by every statement timeout."""

    def __init__(self, size: int, minimum: int = MIN_PAGE) -> None:
        self.size = size
        self.minimum = min(minimum, size)

    async def read(self, fetch: Callable[[int], Awaitable[T]]) -> T:
        while True:
            try:
                return await fetch(self.size)
            except StatementTimeout:
                if self.size <= self.minimum:
                    log.warning("a page of %d rows still timed out; giving up for now", self.size)
                    raise UserError(
                        ErrorCode.SERVER_ERROR, detail="statement timeout (57014)"
                    ) from None
                self.size = max(self.size // 2, self.minimum)
                log.info("statement timeout: reading pages of %d rows", self.size)


class PageEnd:
    """Whether a page of a keyset read is the last one, when the server may cap pages."""

    def __init__(self) -> None:
        self.longest = 0  # the cap, if any, is at least this long

    def is_last(self, asked: int, got: int) -> bool:
        last = got == 0 or (got < asked and got < self.longest)
        self.longest = max(self.longest, got)
        return last
