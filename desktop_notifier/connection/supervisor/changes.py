"""Live changes from the live source into the pipeline (the source's `ChangeSink`): counted
when the source could not understand them, completed from PostgREST when the server truncated
them (rows over its size limit arrive without their values), and batched: a change that
arrives alone goes through the pipeline at once (its toast must not wait); the ones that follow
it in the same turn of the event loop go through together on the next turn (one store
transaction, one UI update), at most `MAX_BATCH` per turn so a burst never holds the loop for
long."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from desktop_notifier.connection.pipeline import Pipeline
from desktop_notifier.events import InvalidPayload, RowChange, parse_change
from desktop_notifier.sync.account import Account

log = logging.getLogger("desktop_notifier.connection.supervisor")
MAX_BATCH = 200


class LiveChanges:
    """The live source's `ChangeSink` (`take`, `reject`); `handle(payload)` takes a
    postgres_changes payload as the realtime client hands it."""

    def __init__(self, pipeline: Pipeline, account: Callable[[], Account | None]) -> None:
        self._pipeline = pipeline
        self._account = account
        self.invalid = 0
        self._tasks: set[asyncio.Future[None]] = set()
        self._pending: list[RowChange] = []
        self._scheduled = False

    def handle(self, payload: dict[str, Any]) -> None:
        try:
            change = parse_change(payload)
        except InvalidPayload as exc:
            self.reject(exc)
            return
        self.take(change)

    def reject(self, error: InvalidPayload) -> None:
        self.invalid += 1
        log.warning("skipped a realtime change that could not be understood: %s", error)

    def take(self, change: RowChange) -> None:
        if change.truncated:
            task = asyncio.ensure_future(self._complete_truncated(change))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            return
        if self._scheduled:  # not the first of this turn: it waits for the batch
            self._pending.append(change)
            return
        self._scheduled = True
        asyncio.get_running_loop().call_soon(self._flush_some)
        self._process([change])

    def _flush_some(self) -> None:
        """One batch per loop turn; the rest waits for the next turn."""
        self._scheduled = False
        batch, self._pending = self._pending[:MAX_BATCH], self._pending[MAX_BATCH:]
        if self._pending:
            self._scheduled = True
            asyncio.get_running_loop().call_soon(self._flush_some)
        self._process(batch)

    def drain(self) -> None:
        """Process every change received so far (the link is closing)."""
        batch, self._pending = self._pending, []
        self._process(batch)

    def _process(self, batch: list[RowChange]) -> None:
        if not batch:
            return
        try:
            self._pipeline.handle(batch)
        except Exception:  # the store failed: the next catch-up brings these rows again
            log.exception("could not process %d live changes", len(batch))

    async def _complete_truncated(self, change: RowChange) -> None:
        """Read the whole row instead of the truncated one."""
        account = self._account()
        if account is None:
            return
        try:
            row = await account.fetch_call(change.call_id)
        except Exception as exc:  # the catch-up after the next reconnect will bring it
            log.warning("could not fetch a large call: %s", type(exc).__name__)
            return
        if row is not None:
            self._pipeline.handle([replace(change, record=row, truncated=False)])
