"""store: one transaction per batch, dedupe across restarts, corrupt files moved aside."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop_notifier.alerts import Alert, AlertKind, Urgency
from desktop_notifier.events import Call
from desktop_notifier.profile.store import CallUpdate, Cursor, Store
from tests.core.factories import row

T0 = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)


def alert(key: str, call_id: str) -> Alert:
    return Alert(AlertKind.NEW_CALL, call_id, "Nova call de X", "b", Urgency.NORMAL, key, T0)


def test_dedupe_survives_a_restart(tmp_path: Path) -> None:
    call = Call.from_row(row())
    store = Store(tmp_path / "s.db")
    assert store.apply([CallUpdate(call.id, call, [alert("k1", call.id)])]) != []
    store.close()
    again = Store(tmp_path / "s.db")
    assert again.apply([CallUpdate(call.id, call, [alert("k1", call.id)])]) == []
    assert again.get_call(call.id) == call
    assert again.count_alerts() == 1


def test_cursor_only_moves_forward(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    assert store.cursor() is None
    store.apply([], Cursor(T0, "b"))
    store.apply([], Cursor(T0 - timedelta(seconds=1), "z"))
    assert store.cursor() == Cursor(T0, "b")
    store.apply([], Cursor(T0, "c"))
    assert store.cursor() == Cursor(T0, "c")


def test_delete_forgets_the_row(tmp_path: Path) -> None:
    call = Call.from_row(row())
    store = Store(tmp_path / "s.db")
    store.apply([CallUpdate(call.id, call)])
    store.apply([CallUpdate(call.id, None)])
    assert store.get_call(call.id) is None


def test_switching_account_forgets_rows_and_cursor_not_history(tmp_path: Path) -> None:
    call = Call.from_row(row())
    store = Store(tmp_path / "s.db")
    assert store.bind_account("https://a#u1") is False
    store.apply([CallUpdate(call.id, call, [alert("k", call.id)])], Cursor(T0, call.id))
    assert store.bind_account("https://a#u1") is False
    assert store.bind_account("https://b#u2") is True
    assert store.get_call(call.id) is None and store.cursor() is None
    assert store.count_alerts() == 1


def test_history_search_and_order(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    for n in range(5):
        cid = str(uuid.uuid4())
        a = Alert(
            AlertKind.NEW_CALL,
            cid,
            f"Nova call de Empresa{n}",
            "b",
            Urgency.NORMAL,
            f"k{n}",
            T0,
            company=f"Empresa{n}",
        )
        store.apply([CallUpdate(cid, None, [a])])
    assert [a.company for a in store.recent_alerts(limit=2)] == ["Empresa4", "Empresa3"]
    assert [a.company for a in store.recent_alerts(search="presa2")] == ["Empresa2"]


def test_corrupt_file_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    path.write_bytes(b"this is not a database" * 100)
    store = Store(path)
    assert store.count_alerts() == 0
    assert [p.name for p in tmp_path.iterdir() if ".corrupt-" in p.name]
    assert store.moved_aside is not None and store.moved_aside.name.startswith("s.db.corrupt-")
    assert store.moved_aside.read_bytes().startswith(b"this is not a database")
    store.close()
    again = Store(path)
    assert again.moved_aside is None, "the new file is good: nothing to tell on the next start"
    again.close()


def test_a_batch_is_all_or_nothing(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    good = Call.from_row(row())
    bad = Call.from_row(row())
    object.__setattr__(bad, "extra", {"tags": {1, 2}})  # not JSON-serialisable: must fail
    with pytest.raises(TypeError):
        store.apply([CallUpdate(good.id, good, [alert("g", good.id)]), CallUpdate(bad.id, bad)])
    assert store.get_call(good.id) is None and store.count_alerts() == 0


def test_calls_with_a_status_newest_change_first_and_bounded(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    calls = [
        Call.from_row(row(at=n, status=("missed", "in_progress", "completed")[n % 3]))
        for n in range(9)
    ]
    store.apply([CallUpdate(c.id, c) for c in calls])
    missed = store.calls_with_status(["missed"])
    assert [c.id for c in missed] == [calls[6].id, calls[3].id, calls[0].id]
    assert len(store.calls_with_status(["missed", "in_progress"], limit=4)) == 4
    assert store.calls_with_status(["nope"]) == []
