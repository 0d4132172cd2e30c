"""The one path every change takes, live or caught up: classify against the last-seen row,
decide alerts, record both in the store in one transaction, then tell the observer what is new.

A change that cannot be understood is logged once (its reason, never its data), counted, and
skipped; the changes after it still flow. A change never moves the catch-up floor by itself:
a live change proves nothing about what came before it, so only the catch-up, which read the
rows, hands a new floor in (`cursor` / `xid_floor`), stored in the same transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Protocol

from desktop_notifier.alerts import Alert, decide
from desktop_notifier.events import Call, ChangeType, InvalidPayload, RowChange, classify
from desktop_notifier.profile.settings import Settings
from desktop_notifier.profile.store import CallUpdate, Cursor, Store

log = logging.getLogger(__name__)


class Observer(Protocol):
    def alerts_raised(self, alerts: Sequence[Alert], *, caught_up: bool) -> None: ...

    def calls_changed(self, calls: dict[str, Call | None]) -> None: ...


@dataclass
class PipelineStats:
    changes: int = 0
    invalid: int = 0
    stale: int = 0
    alerts: int = 0


class Pipeline:
    def __init__(
        self,
        store: Store,
        settings: Callable[[], Settings],
        observer: Observer,
        clock: Callable[[], datetime],
    ) -> None:
        self._store = store
        self._settings = settings
        self._observer = observer
        self._clock = clock
        self.stats = PipelineStats()

    @property
    def settings(self) -> Settings:
        return self._settings()

    def handle(
        self,
        changes: Sequence[RowChange],
        *,
        silent: bool = False,
        caught_up: bool = False,
        report_alerts: bool = True,
        cursor: Cursor | None = None,
        xid_floor: int | None = None,
    ) -> list[Alert]:
        """Process `changes` in order and return the alerts that are new. `silent` records
        state without alerting (the first sync of a new profile must not toast the whole
        table); `report_alerts=False` leaves reporting to the caller (catch-up reports its
        pages together); `cursor`/`xid_floor` is the floor a catch-up proved by reading."""
        settings = self._settings()
        now = self._clock()
        latest: dict[str, Call | None] = {}
        updates: list[CallUpdate] = []
        for change in changes:
            self.stats.changes += 1
            try:
                call_id = change.call_id
                previous = latest[call_id] if call_id in latest else self._store.get_call(call_id)
                if previous is None and self._unseen_is_new(change):
                    change = replace(change, type=ChangeType.INSERT)
                result = classify(change, previous, settings.rules)
            except InvalidPayload as exc:
                self.stats.invalid += 1
                log.warning("skipped a change that could not be understood: %s", exc)
                continue
            if result.stale:
                self.stats.stale += 1
                continue
            latest[call_id] = result.call
            alerts = [] if silent else decide(result.events, settings.alerts, now)
            updates.append(CallUpdate(call_id, result.call, alerts))
        if not updates:
            if cursor is not None or xid_floor is not None:
                self._store.apply([], cursor, xid_floor=xid_floor)
            return []
        fresh = self._store.apply(updates, cursor, xid_floor=xid_floor)
        self.stats.alerts += len(fresh)
        self._observer.calls_changed(latest)
        if fresh and report_alerts:
            self._observer.alerts_raised(fresh, caught_up=caught_up)
        return fresh

    def _unseen_is_new(self, change: RowChange) -> bool:
        """A live UPDATE of a call we never saw, once the first sync is done, is a call
        created since (the server dropped its INSERT, over its rate limit or in a capture
        rebuild): it is told as new, not lost because its creation was."""
        if change.type is not ChangeType.UPDATE or change.from_catch_up:
            return False
        return self._store.cursor() is not None or self._store.xid_floor() is not None
