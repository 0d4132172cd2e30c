"""The store stays bounded: alerts older than the kept period and old closed calls are pruned
in small steps (open calls never), a forgotten call is not told as new when it changes again,
history search finds substrings through the index, and a store from before (whole rows with
transcriptions) is upgraded to brief rows."""

from __future__ import annotations

import json
import sqlite3
import stat
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop_notifier.alerts import Alert, AlertKind, Urgency
from desktop_notifier.connection.pipeline import Pipeline
from desktop_notifier.events import Call, parse_change
from desktop_notifier.profile import store_history, store_prune
from desktop_notifier.profile.settings import Settings
from desktop_notifier.profile.store import CallUpdate, Cursor, Store
from tests.core.factories import payload, row
from tests.core.test_pipeline import Recorder

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def alert(n: int, at: datetime, company: str = "Acme") -> Alert:
    return Alert(
        kind=AlertKind.NEW_CALL,
        call_id=str(uuid.uuid4()),
        title=f"Nova call de {company} {n}",
        body="",
        urgency=Urgency.NORMAL,
        dedupe_key=f"k{n}",
        at=at,
        company=company,
    )


def call(created: datetime, status: str = "completed", **values: object) -> Call:
    stamp = created.isoformat()
    return Call.from_row(
        row(status=status, ai_status="completed", created_at=stamp, updated_at=stamp, **values)  # type: ignore[arg-type]
    )


def prune_all(store: Store) -> int:
    steps = 1
    while store.pruner.step(limit=50):
        steps += 1
    return steps


def test_alerts_older_than_the_kept_period_go_in_steps(tmp_path: Path) -> None:
    days = [90]
    store = Store(tmp_path / "s.db", history_days=lambda: days[0], clock=lambda: NOW)
    old = [alert(n, NOW - timedelta(days=100)) for n in range(120)]
    recent = [alert(1000 + n, NOW - timedelta(days=10)) for n in range(5)]
    store.apply([CallUpdate(a.call_id, None, [a]) for a in old + recent])
    assert store.pruner.step(limit=50), "more than one step's worth"
    assert store.count_alerts() == 125 - 50
    assert prune_all(store) == 2
    assert store.count_alerts() == 5
    days[0] = 0  # for ever
    store.apply([CallUpdate(a.call_id, None, [a]) for a in old[:3]])
    prune_all(store)
    assert store.count_alerts() == 8


def test_beyond_the_kept_count_the_oldest_alerts_go_unless_kept_for_ever(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_history, "KEEP_ALERTS", 100)
    days = [90]
    store = Store(tmp_path / "s.db", history_days=lambda: days[0], clock=lambda: NOW)
    alerts = [alert(n, NOW - timedelta(days=1)) for n in range(230)]  # all within 90 days
    store.apply([CallUpdate(a.call_id, None, [a]) for a in alerts])
    prune_all(store)
    assert store.count_alerts() == 100
    kept = {a.dedupe_key for a in store.recent_alerts(limit=1000)}
    assert kept == {a.dedupe_key for a in alerts[-100:]}, "the newest are kept"
    assert store.recent_alerts(limit=1, search="Acme 229"), "the index follows"
    assert not store.recent_alerts(limit=1, search="Acme 12"), "12 and 120-129 are gone"
    days[0] = 0  # for ever: nothing more goes
    more = [alert(1000 + n, NOW) for n in range(20)]
    store.apply([CallUpdate(a.call_id, None, [a]) for a in more])
    prune_all(store)
    assert store.count_alerts() == 120


def test_old_closed_calls_are_forgotten_and_open_ones_kept(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db", clock=lambda: NOW)
    old = [call(NOW - timedelta(days=30)) for _ in range(120)]
    still_open = call(NOW - timedelta(days=60), status="in_progress")
    fresh = call(NOW - timedelta(hours=1))
    store.apply([CallUpdate(c.id, c) for c in [*old, still_open, fresh]], Cursor(NOW, ""))
    assert store.known_since() is None
    prune_all(store)
    reopened = Store(tmp_path / "s.db", clock=lambda: NOW)
    assert [reopened.get_call(c.id) for c in old[:3]] == [None, None, None]
    assert reopened.get_call(still_open.id) is not None and reopened.get_call(fresh.id) is not None
    assert reopened.known_since() == old[0].created_at

    # a forgotten call changes: not a new call, and no crossing without its old row
    observer = Recorder()
    pipeline = Pipeline(reopened, Settings, observer, lambda: NOW)
    gone = old[0].to_row()
    update = {**gone, "score": 95, "updated_at": NOW.isoformat()}
    assert pipeline.handle([parse_change(payload("UPDATE", update, {"id": gone["id"]}))]) == []
    # …but with the old row Realtime sends under REPLICA IDENTITY FULL, it is exact
    other = {**old[1].to_row(), "score": 50}
    raised = pipeline.handle([parse_change(payload("UPDATE", {**other, "score": 95}, other))])
    assert [a.kind for a in raised] == [AlertKind.HIGH_SCORE]
    # and a call created since that the store lacks is new
    born = {**row(), "created_at": NOW.isoformat(), "updated_at": NOW.isoformat()}
    raised = pipeline.handle([parse_change(payload("UPDATE", born, {"id": born["id"]}))])
    assert [a.kind for a in raised] == [AlertKind.NEW_CALL]


def test_the_closed_calls_kept_are_bounded_in_number(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_prune, "KEEP_CLOSED", 40)
    store = Store(tmp_path / "s.db", clock=lambda: NOW)
    calls = [call(NOW - timedelta(minutes=n)) for n in range(100)]
    store.apply([CallUpdate(c.id, c) for c in calls])
    prune_all(store)
    kept = [c for c in calls if store.get_call(c.id) is not None]
    assert len(kept) == 40 and kept == calls[:40], "the newest forty"


def test_history_search_finds_substrings(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    names = ["Acme Ltda", "Padaria São João", "Globex", "acme labs"]
    store.apply(
        [CallUpdate(a.call_id, None, [a]) for a in (alert(n, NOW, c) for n, c in enumerate(names))]
    )
    assert {a.company for a in store.recent_alerts(search="acme")} == {"Acme Ltda", "acme labs"}
    assert {a.company for a in store.recent_alerts(search="São J")} == {"Padaria São João"}
    assert {a.company for a in store.recent_alerts(search="Gl")} == {"Globex"}, "short: a scan"
    assert store.recent_alerts(search='"; drop') == []


def test_a_store_from_before_becomes_brief_and_private(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    db = sqlite3.connect(path)
    db.executescript(
        "create table calls (id text primary key, row text not null, updated_at text);"
        "create table alerts (seq integer primary key autoincrement, dedupe_key text not null "
        "unique, kind text not null, call_id text not null, title text not null, body text not "
        "null, urgency integer not null, company text, score integer, at text not null);"
        "create table meta (key text primary key, value text not null);"
    )
    whole = row(transcription="x" * 500_000, insights={"a": 1}, status="new")
    db.execute("insert into calls values (?, ?, ?)", (whole["id"], json.dumps(whole), None))
    db.execute(
        "insert into alerts(dedupe_key, kind, call_id, title, body, urgency, company, at) "
        "values ('k', 'new_call', ?, 'Nova call de Initech', '', 1, 'Initech', ?)",
        (whole["id"], NOW.isoformat()),
    )
    db.commit()
    db.close()
    store = Store(path)
    kept = store.get_call(str(whole["id"]))
    assert kept is not None and kept.transcription is None and kept.insights is None
    assert kept.status == "new"
    assert [a.company for a in store.recent_alerts(search="nitec")] == ["Initech"]
    store.close()
    assert path.stat().st_size < 100_000, "the transcription's pages were given back"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
