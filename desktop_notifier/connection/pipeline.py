"""The one path every change takes, live or caught up: classify against the last-seen row,
decide alerts, record both in the store in one transaction, then tell the observer what is new.

A change that cannot be understood is logged once (its reason, never its data), counted, and
skipped; the changes after it still flow. A change never moves the catch-up floor by itself:
a live change proves nothing about what came before it, so only the catch-up, which read the
rows, hands a new floor in (`cursor` / `xid_floor`), stored in the same transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Protocol

from desktop_notifier.alerts import Alert, decide
from desktop_notifier.events import Call, ChangeType, InvalidPayload, RowChange, classify
from desktop_notifier.events.call import JSONValue, parse_timestamp
from desktop_notifier.profile.settings import Settings
from desktop_notifier.profile.store import CallUpdate, Cursor, Store
from desktop_notifier.system.memory import ReleaseSoon

log = logging.getLogger(__name__)
LARGE_BATCH = 200  # changes in one call after which memory is released (a burst, a page)


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
        self._release = ReleaseSoon()  # after a large batch, give the memory back

    @property
    def settings(self) -> Settings:
        return self._settings()

    def now(self) -> datetime:
        return self._clock()

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
        if len(changes) >= LARGE_BATCH:
            self._release.request()
        latest: dict[str, Call | None] = {}
        updates: list[CallUpdate] = []
        for change in changes:
            self.stats.changes += 1
            try:
                call_id = change.call_id
                previous = latest[call_id] if call_id in latest else self._store.get_call(call_id)
                unknown = False
                if previous is None and change.type is ChangeType.UPDATE:
                    if self._unseen_is_new(change):
                        change = replace(change, type=ChangeType.INSERT)
                    else:  # a call this store left out or forgot, without its old row
                        unknown = self._left_out(change)
                result = classify(change, previous, settings.rules)
            except InvalidPayload as exc:
                self.stats.invalid += 1
                log.warning("skipped a change that could not be understood: %s", exc)
                continue
            if result.stale:
                self.stats.stale += 1
                continue
            latest[call_id] = result.call
            # without the row before it (not kept here, no old_record) a change proves no
            # crossing: it is recorded, and the next change of that call is diffed exactly
            alerts = [] if silent or unknown else decide(result.events, settings.alerts, now)
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
        """A live UPDATE of a call the store lacks, once the first sync is done, is a call
        created since (the server dropped its INSERT, over its rate limit or in a capture
        rebuild) when it was created after what the store is sure to hold (`known_since`):
        it is told as new, not lost because its creation was. An older one is a call the
        first sync did not read or the store forgot: diffed against its `old_record`."""
        if change.from_catch_up:
            return False
        store = self._store
        if store.cursor() is None and store.xid_floor() is None:
            return False
        return created_after(change.record, store.known_since())

    def _left_out(self, change: RowChange) -> bool:
        """Whether `change` is of a call the store left out on purpose (`known_since`) and
        carries no old row to diff against: then its alerts cannot be told exactly."""
        return len(change.old_record) <= 1 and self._store.known_since() is not None


def created_after(row: Mapping[str, JSONValue], moment: datetime | None) -> bool:
    """Whether `row` was created after `moment` (None: the beginning of time)."""
    if moment is None:
        return True
    try:
        created = parse_timestamp(row.get("created_at"), "created_at")
    except InvalidPayload:
        return False
    return created is not None and created > moment
