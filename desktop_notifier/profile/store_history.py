"""The store's alert history: recording an alert once (its dedupe key), reading the newest,
searching them (FTS5 trigram index where SQLite has it), and forgetting alerts older than the
kept period, or beyond the newest `KEEP_ALERTS`, in small steps.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime

from desktop_notifier.alerts import Alert, AlertKind, Urgency
from desktop_notifier.events.call import format_timestamp, parse_timestamp

COLUMNS = "kind, call_id, title, body, urgency, dedupe_key, at, company, score"
MIN_INDEXED = 3  # the trigram index finds substrings of at least three characters
# A busy team can raise a million alerts within the kept period (each ~500 bytes on disk with
# its search index): past this many, the oldest go too, unless the user keeps them for ever.
KEEP_ALERTS = 50_000


def record(db: sqlite3.Connection, alert: Alert) -> bool:
    """Record `alert` unless its dedupe key already is; True if it was new."""
    result = db.execute(
        "insert or ignore into alerts(dedupe_key, kind, call_id, title, body, urgency, "
        "company, score, at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            alert.dedupe_key,
            alert.kind.value,
            alert.call_id,
            alert.title,
            alert.body,
            int(alert.urgency),
            alert.company,
            alert.score,
            format_timestamp(alert.at),
        ),
    )
    return result.rowcount == 1


def recent(db: sqlite3.Connection, limit: int, search: str, indexed: bool) -> list[Alert]:
    sql = f"select {COLUMNS} from alerts"
    params: list[object] = []
    if search and indexed and len(search) >= MIN_INDEXED:
        sql += " where seq in (select rowid from alerts_fts where alerts_fts match ?)"
        params.append('"' + search.replace('"', '""') + '"')
    elif search:
        sql += " where title like ? or body like ? or coalesce(company, '') like ?"
        needle = f"%{search}%"
        params += [needle, needle, needle]
    sql += " order by seq desc limit ?"
    params.append(limit)
    return [_alert_from_row(row) for row in db.execute(sql, params)]


def count(db: sqlite3.Connection) -> int:
    return int(db.execute("select count(*) from alerts").fetchone()[0])


def forget_before(db: sqlite3.Connection, cutoff: datetime, limit: int) -> int:
    """Delete up to `limit` alerts recorded before `cutoff`; returns how many. Their dedupe
    keys go with them: a change that old cannot come again (the catch-up floor is past it)."""
    result = db.execute(
        "delete from alerts where seq in (select seq from alerts where at < ? limit ?)",
        (format_timestamp(cutoff), limit),
    )
    return result.rowcount


def _alert_from_row(row: Sequence[object]) -> Alert:
    kind, call_id, title, body, urgency, key, at, company, score = row
    stamp = parse_timestamp(str(at))
    assert stamp is not None
    return Alert(
        kind=AlertKind(str(kind)),
        call_id=str(call_id),
        title=str(title),
        body=str(body),
        urgency=Urgency(int(str(urgency))),
        dedupe_key=str(key),
        at=stamp,
        company=None if company is None else str(company),
        score=None if score is None else int(str(score)),
    )


def forget_beyond(db: sqlite3.Connection, keep: int, limit: int) -> int:
    """Delete up to `limit` of the oldest alerts beyond the newest `keep`; returns how many."""
    newest_kept = db.execute(
        "select seq from alerts order by seq desc limit 1 offset ?", (keep - 1,)
    ).fetchone()
    if newest_kept is None:
        return 0
    result = db.execute(
        "delete from alerts where seq in (select seq from alerts where seq < ? order by seq"
        " limit ?)",
        (newest_kept[0], limit),
    )
    return result.rowcount
