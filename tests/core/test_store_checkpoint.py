"""The store's write-ahead log is folded into the database file in a loop callback of its own,
about a second after writes, never inside a commit (SQLite's automatic checkpoint is off)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from desktop_notifier.events import Call
from desktop_notifier.profile import store_checkpoint
from desktop_notifier.profile.store import CallUpdate, Store
from tests.core.factories import row
from tests.support.waiting import until

BIG = "x" * 20_000  # ~5 pages per row: 300 rows are far past SQLite's 1000-page auto threshold


def write(store: Store, rows: int) -> None:
    for _ in range(rows):
        record = row(notes=BIG)  # a column of the team's own: kept (a transcription is not)
        store.apply([CallUpdate(str(record["id"]), Call.from_row(record))])


def test_commits_never_checkpoint_on_their_own(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    before = (tmp_path / "s.db").stat().st_size
    write(store, 300)
    assert (tmp_path / "s.db").stat().st_size == before  # all of it still in the log
    assert (tmp_path / "s.db-wal").stat().st_size > 5_000_000
    store.close()
    assert (tmp_path / "s.db").stat().st_size > 5_000_000  # closing folded it in
    assert Store(tmp_path / "s.db").count_calls() == 300


def test_with_an_event_loop_the_log_is_folded_in_a_moment_later(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_checkpoint, "DELAY_SECONDS", 0.2)
    store = Store(tmp_path / "s.db")
    before = (tmp_path / "s.db").stat().st_size

    def size() -> int:
        return (tmp_path / "s.db").stat().st_size

    async def scenario() -> int:
        write(store, 50)
        right_after = size()
        await until(lambda: size() > before + 50 * 20_000, "the log folded in", 5)
        return right_after

    assert asyncio.run(scenario()) == before
    store.close()


def test_without_a_loop_a_long_run_of_commits_is_folded_in_at_a_bound(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_checkpoint, "FORCE_AFTER", 20)
    store = Store(tmp_path / "s.db")
    before = (tmp_path / "s.db").stat().st_size
    write(store, 19)
    assert (tmp_path / "s.db").stat().st_size == before
    write(store, 1)
    assert (tmp_path / "s.db").stat().st_size > before + 19 * 20_000
    store.close()
