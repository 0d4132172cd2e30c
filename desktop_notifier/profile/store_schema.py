"""The store's tables and their upgrades.

Version 2 (issue 12, a store bounded by what is current): call rows keep only the brief
columns (no transcription, insights or scorecard: a call window fetches those), with their
`created_at` and whether they are closed, so old closed calls can be pruned by index; the alert
history is searched through an FTS5 trigram index (substring search, like `LIKE '%…%'`, without
reading every row). New files use incremental auto-vacuum, so pruning gives the space back.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from pathlib import Path

from desktop_notifier.events import Call, InvalidPayload
from desktop_notifier.events.call import format_timestamp, is_closed
from desktop_notifier.profile.private_files import private_file, tighten_files

log = logging.getLogger(__name__)
VERSION = 2

SCHEMA = """
create table if not exists calls (
    id text primary key,
    row text not null,
    updated_at text,
    created_at text,
    closed integer not null default 0
);
create table if not exists alerts (
    seq integer primary key autoincrement,
    dedupe_key text not null unique,
    kind text not null,
    call_id text not null,
    title text not null,
    body text not null,
    urgency integer not null,
    company text,
    score integer,
    at text not null
);
create table if not exists meta (key text primary key, value text not null);
create index if not exists calls_status on calls(coalesce(json_extract(row, '$.status'), ''));
"""

INDEXES = """
create index if not exists calls_closed_created on calls(closed, created_at);
create index if not exists alerts_at on alerts(at);
"""

FTS = """
create virtual table if not exists alerts_fts using fts5(
    title, body, company, content='alerts', content_rowid='seq', tokenize='trigram'
);
create trigger if not exists alerts_fts_insert after insert on alerts begin
    insert into alerts_fts(rowid, title, body, company)
    values (new.seq, new.title, new.body, coalesce(new.company, ''));
end;
create trigger if not exists alerts_fts_delete after delete on alerts begin
    insert into alerts_fts(alerts_fts, rowid, title, body, company)
    values ('delete', old.seq, old.title, old.body, coalesce(old.company, ''));
end;
"""


def open_store(path: Path) -> tuple[sqlite3.Connection, bool, Path | None]:
    """The store's connection, whether history search is indexed, and where an unreadable
    file was moved aside (None: it was readable). A corrupt file is never crash-looped on."""
    try:
        db, searchable = _connect(path)
        return db, searchable, None
    except sqlite3.DatabaseError as exc:
        aside = path.with_name(f"{path.name}.corrupt-{int(time.time())}")
        log.error("the store %s is unreadable (%s); moved aside to %s", path, exc, aside)
        for suffix in ("", "-wal", "-shm"):
            source = Path(str(path) + suffix)
            if source.exists():
                source.rename(Path(str(aside) + suffix))
        db, searchable = _connect(path)
        return db, searchable, aside


def _connect(path: Path) -> tuple[sqlite3.Connection, bool]:
    # Created 0600 before SQLite opens it: its -wal and -shm files take the same mode.
    private_file(path)
    tighten_files(path.parent, (f"{path.name}-wal", f"{path.name}-shm"))
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    if db.execute("select count(*) from sqlite_master").fetchone()[0] == 0:
        db.execute("pragma auto_vacuum=incremental")  # only before the first table exists
    db.execute("pragma journal_mode=wal")
    db.execute("pragma synchronous=normal")
    searchable = create(db)
    db.execute("pragma quick_check").fetchone()
    return db, searchable


def create(db: sqlite3.Connection) -> bool:
    """Create or upgrade the tables; returns whether full-text search is available (FTS5
    with the trigram tokenizer: SQLite 3.34+; else history search reads every row)."""
    fresh = db.execute("select count(*) from sqlite_master").fetchone()[0] == 0
    db.executescript(SCHEMA)
    columns = {row[1] for row in db.execute("pragma table_info(calls)")}
    if "created_at" not in columns:
        db.execute("alter table calls add column created_at text")
        db.execute("alter table calls add column closed integer not null default 0")
    db.executescript(INDEXES)
    try:
        db.executescript(FTS)
        searchable = True
    except sqlite3.OperationalError as exc:
        log.info("no full-text search in this SQLite (%s): history search scans", exc)
        searchable = False
    found = db.execute("select value from meta where key = 'store_version'").fetchone()
    if found is None or int(found[0]) < VERSION:
        _upgrade(db, fresh, searchable)
    return searchable


def _upgrade(db: sqlite3.Connection, fresh: bool, searchable: bool) -> None:
    """Version 1 → 2, once: brief rows, their created_at, the search index; then the file is
    compacted (a version 1 store held a copy of every transcription)."""
    db.execute("begin immediate")
    if not fresh:
        log.info("upgrading the store: brief call rows and a search index")
        for call_id, text in db.execute("select id, row from calls").fetchall():
            try:
                call = Call.from_row(json.loads(text)).brief()
            except (InvalidPayload, ValueError):
                db.execute("delete from calls where id = ?", (call_id,))
                continue
            db.execute(
                "update calls set row = ?, created_at = ?, closed = ? where id = ?",
                (dump(call), format_timestamp(call.created_at), closed(call), call_id),
            )
        if searchable:
            db.execute("insert into alerts_fts(alerts_fts) values ('rebuild')")
    db.execute(
        "insert into meta(key, value) values ('store_version', ?) "
        "on conflict(key) do update set value = excluded.value",
        (str(VERSION),),
    )
    db.execute("commit")
    if not fresh:
        db.execute("vacuum")


def dump(call: Call) -> str:
    return json.dumps(call.brief().to_row(), ensure_ascii=False)


def closed(call: Call) -> int:
    return int(is_closed(call))
