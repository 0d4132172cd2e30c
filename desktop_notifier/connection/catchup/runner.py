"""Catch-up: what changed that we have not read yet, from PostgREST, from the persisted floor,
paged, with no cap. The floor moves only by what was read here, never by a live change: a live
change proves nothing about what came before it (the server drops changes over its rate limit
and during a capture rebuild without closing the channel).

Two ways to read, chosen per account at its first catch-up (re-probed at every sign-in/start):
exact (`catchup_xid`, through `rpc/calls_changes`) where the server has
resources/sql/002_change_xid.sql, else the timestamp cursor with an overlap (`catchup_time`).
It runs after every (re)subscription once the server says it is streaming, and while live as a
reconciliation. A profile's first sync records what is current silently (`first_sync`): no
toast storm, and no read of the team's whole history.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from desktop_notifier.alerts import Alert
from desktop_notifier.connection.catchup.by_time import timestamp_pass
from desktop_notifier.connection.catchup.by_xid import xid_pass
from desktop_notifier.connection.catchup.first_sync import CurrentSource, first_sync
from desktop_notifier.connection.catchup.tally import PassTally
from desktop_notifier.connection.comment_alerts import CommentAlerts, CommentSource
from desktop_notifier.connection.pipeline import Pipeline
from desktop_notifier.events.json_depth import TooDeep
from desktop_notifier.profile.store import Store
from desktop_notifier.sync.paging import FunctionMissing, PageSize

log = logging.getLogger(__name__)

PAGE_SIZE = 1000  # PostgREST's hosted db-max-rows and the most calls_changes returns
OVERLAP = timedelta(minutes=2)
EXACT = "xid"
FALLBACK = "timestamp"


class RowSource(CurrentSource, Protocol):
    """What the catch-up reads from: `sync.account.Account`."""


@dataclass(frozen=True)
class CatchUpResult:
    rows: int
    pages: int
    alerts: list[Alert]
    silent: bool
    mode: str = EXACT
    page_size: int = PAGE_SIZE  # after the statement timeouts of the pass, if any


class CatchUp:
    """The catch-up of one supervisor: remembers which way the current account reads (a new
    account object, i.e. a new sign-in or start, is probed again)."""

    def __init__(
        self,
        store: Store,
        pipeline: Pipeline,
        *,
        page_size: int = PAGE_SIZE,
        overlap: Callable[[], timedelta] = lambda: OVERLAP,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        comments: CommentAlerts | None = None,
    ) -> None:
        """`comments`: the comment alerts' pass, run after each calls pass (issue 17)."""
        self._comments = comments
        self._store = store
        self._pipeline = pipeline
        self._page_size = page_size
        self._overlap = overlap
        self._clock = clock
        self._source: object | None = None
        self.mode: str | None = None
        self.last: CatchUpResult | None = None

    async def run(self, source: RowSource) -> CatchUpResult:
        if source is not self._source:
            self._source, self.mode = source, None
        read_before = int(getattr(source, "bytes_read", 0))  # Account counts them
        store = self._store
        tally = PassTally(
            self._pipeline, silent=store.cursor() is None and store.xid_floor() is None
        )
        page = PageSize(self._page_size)
        if tally.silent:
            await self._first_sync(source, tally, page)
        elif self.mode != FALLBACK:
            try:
                await xid_pass(source, store, tally, page)
                self.mode = EXACT
            except FunctionMissing:
                log.warning(
                    "the server has no calls_changes: timestamp catch-up "
                    "(apply resources/sql/002_change_xid.sql for the exact one)"
                )
                self.mode = FALLBACK
            except TooDeep:  # a jsonb column nested too deeply: this pass reads by timestamp,
                # whose pages are decoded row by row; the xid floor stays where it was
                log.warning("a catch-up page is nested too deeply to read; a timestamp pass")
                self.mode = EXACT
                await self._timestamp_pass(source, tally, page)
        if self.mode == FALLBACK and not tally.silent:
            await self._timestamp_pass(source, tally, page)
        assert self.mode is not None
        store.set_catchup_mode(self.mode)
        await self._comments_pass(source, tally)
        log.info(
            "catch-up (%s): %d rows in %d pages, %d alerts, %.1f KB read%s",
            self.mode,
            tally.rows,
            tally.pages,
            len(tally.alerts),
            (int(getattr(source, "bytes_read", 0)) - read_before) / 1024,
            " (first sync, silent)" if tally.silent else "",
        )
        self.last = CatchUpResult(
            tally.rows, tally.pages, tally.alerts, tally.silent, self.mode, page.size
        )
        return self.last

    async def _comments_pass(self, source: RowSource, tally: PassTally) -> None:
        """The comment alerts' pass: its failure never fails the calls' (its floor stays)."""
        if self._comments is None or not isinstance(source, CommentSource):
            return
        try:
            tally.alerts.extend(await self._comments.catch_up(source))
        except Exception as exc:  # logged; the next pass reads again from the floor
            log.warning("the comment catch-up failed: %s: %s", type(exc).__name__, exc)

    async def _first_sync(self, source: RowSource, tally: PassTally, page: PageSize) -> None:
        """What is current, not the whole table (`first_sync`); by timestamp where the
        server has no `calls_changes`."""
        now = self._clock()
        if self.mode != FALLBACK:
            try:
                await first_sync(source, self._store, tally, page, exact=True, now=now)
                self.mode = EXACT
                return
            except FunctionMissing:
                log.warning(
                    "the server has no calls_changes: timestamp catch-up "
                    "(apply resources/sql/002_change_xid.sql for the exact one)"
                )
                self.mode = FALLBACK
        await first_sync(source, self._store, tally, page, exact=False, now=now)

    async def _timestamp_pass(self, source: RowSource, tally: PassTally, page: PageSize) -> None:
        store = self._store
        overlap = self._overlap()
        await timestamp_pass(source, store, tally, page, overlap=overlap, now=self._clock())
