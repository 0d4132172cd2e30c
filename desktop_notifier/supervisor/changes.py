"""Live changes from the Realtime link into the pipeline: parsed, counted when they cannot be
understood, and completed from PostgREST when Realtime truncated them (rows over its size
limit arrive without their values)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from desktop_notifier.events import InvalidPayload, RowChange, parse_change
from desktop_notifier.sync.account import Account
from desktop_notifier.sync.pipeline import Pipeline

log = logging.getLogger("desktop_notifier.supervisor")


class LiveChanges:
    """`handle(payload)` is the link's change callback."""

    def __init__(self, pipeline: Pipeline, account: Callable[[], Account | None]) -> None:
        self._pipeline = pipeline
        self._account = account
        self.invalid = 0
        self._tasks: set[asyncio.Future[None]] = set()

    def handle(self, payload: dict[str, Any]) -> None:
        try:
            change = parse_change(payload)
        except InvalidPayload as exc:
            self.invalid += 1
            log.warning("skipped a realtime change that could not be understood: %s", exc)
            return
        if change.truncated:
            task = asyncio.ensure_future(self._complete_truncated(change))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            return
        self._pipeline.handle([change])

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
