"""pipeline: one path for live and caught-up changes; only a read moves the catch-up floor."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from desktop_notifier.alerts import Alert
from desktop_notifier.common.errors import UserError
from desktop_notifier.connection.pipeline import Pipeline
from desktop_notifier.events import Call, parse_change, snapshot_change
from desktop_notifier.profile.settings import Settings
from desktop_notifier.profile.store import Cursor, Store
from tests.core.factories import payload, row

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)


class Recorder:
    def __init__(self) -> None:
        self.alerts: list[tuple[list[Alert], bool]] = []
        self.calls: list[dict[str, Call | None]] = []
        self.warnings: list[UserError] = []

    def warned(self, error: UserError) -> None:
        self.warnings.append(error)

    def alerts_raised(self, alerts: Sequence[Alert], *, caught_up: bool) -> None:
        self.alerts.append((list(alerts), caught_up))

    def calls_changed(self, calls: dict[str, Call | None]) -> None:
        self.calls.append(calls)


def make(tmp_path: Path) -> tuple[Pipeline, Store, Recorder]:
    store = Store(tmp_path / "s.db")
    observer = Recorder()
    return Pipeline(store, Settings, observer, lambda: NOW), store, observer


def test_live_then_catch_up_of_the_same_state_alerts_once(tmp_path: Path) -> None:
    pipeline, _, observer = make(tmp_path)
    record = row(at=-60)
    assert len(pipeline.handle([parse_change(payload("INSERT", record, None))])) == 1
    again = pipeline.handle([snapshot_change(record, created_since_cursor=True)], caught_up=True)
    assert again == [] and len(observer.alerts) == 1


def test_a_live_change_never_moves_the_floor(tmp_path: Path) -> None:
    """Only a read proves nothing was missed before a change (the server drops changes)."""
    pipeline, store, _ = make(tmp_path)
    store.apply([], Cursor(NOW - timedelta(hours=1), ""), xid_floor=100)
    assert len(pipeline.handle([parse_change(payload("INSERT", row(at=-60), None))])) == 1
    assert store.cursor() == Cursor(NOW - timedelta(hours=1), "")
    assert store.xid_floor() == 100
    pipeline.handle([], cursor=Cursor(NOW, "b"), xid_floor=200)  # what a catch-up proved
    assert store.cursor() == Cursor(NOW, "b") and store.xid_floor() == 200


def test_a_bad_change_is_counted_and_the_rest_flow(tmp_path: Path) -> None:
    pipeline, _, _ = make(tmp_path)
    bad = parse_change(payload("INSERT", row(score="high"), None))
    good = parse_change(payload("INSERT", row(), None))
    assert len(pipeline.handle([bad, good])) == 1
    assert pipeline.stats.invalid == 1


def test_an_update_of_a_call_never_seen_after_the_first_sync_is_a_new_call(
    tmp_path: Path,
) -> None:
    """The server dropped its INSERT (rate limit, capture rebuild): its first UPDATE tells it."""
    pipeline, store, _ = make(tmp_path)
    unseen = row(at=-30, status="missed")
    before_sync = pipeline.handle([parse_change(payload("UPDATE", unseen, {"id": unseen["id"]}))])
    assert [a.kind.value for a in before_sync] == ["missed_call"], "no floor yet: a plain diff"
    store.apply([], xid_floor=100)  # the first sync is done
    dropped = row(at=-20, status="missed")
    told = pipeline.handle([parse_change(payload("UPDATE", dropped, {"id": dropped["id"]}))])
    assert sorted(a.kind.value for a in told) == ["missed_call", "new_call"]
    again = pipeline.handle([snapshot_change(dropped, created_since_cursor=True)], caught_up=True)
    assert again == [], "the reconciliation that reads it again adds nothing"
