"""Database schema of the stand-in: the Supabase base, then the project's migrations.

Applies ``supabase_base.sql`` (what a fresh Supabase project has: API roles, ``auth``,
publication ``supabase_realtime``, the stand-in's own ``standin`` helpers) and
``realtime_base.sql`` (``realtime.messages`` and the Broadcast functions), and then every
``resources/sql/*.sql`` in name order (or up to a given number, for an older schema), under an
advisory lock so that stand-ins sharing one cluster do not race. Every file is idempotent, so
this runs on every start.
"""

from __future__ import annotations

import logging
from pathlib import Path

import psycopg

log = logging.getLogger(__name__)

BASE_SQL = Path(__file__).resolve().with_name("supabase_base.sql")
REALTIME_SQL = Path(__file__).resolve().with_name("realtime_base.sql")  # Broadcast's tables
MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "resources" / "sql"
_LOCK_KEY = 0x5B5E_DEB5  # pg_advisory_lock key shared by all stand-ins


def migration_files(folder: Path = MIGRATIONS_DIR, upto: str | None = None) -> list[Path]:
    """The project's migrations in the order they are applied; with ``upto`` (e.g. ``001``),
    only those whose number is not above it (an older schema)."""
    files = sorted(folder.glob("*.sql"), key=lambda p: p.name)
    if upto is None:
        return files
    return [p for p in files if p.name.split("_", 1)[0] <= upto]


async def apply(dsn: str, folder: Path = MIGRATIONS_DIR, upto: str | None = None) -> None:
    """Apply the Supabase base and the migrations in ``folder`` to the database at ``dsn``."""
    migrations = migration_files(folder, upto)
    if not migrations:
        log.warning("no migrations found in %s: only the Supabase base is applied", folder)
    files = [BASE_SQL, REALTIME_SQL, *migrations]
    async with await psycopg.AsyncConnection.connect(dsn, autocommit=True) as conn:
        await conn.execute("select pg_advisory_lock(%s)", (_LOCK_KEY,))
        try:
            for path in files:
                log.info("applying %s", path.name)
                async with conn.transaction():
                    await conn.execute(path.read_text(encoding="utf-8").encode())
        finally:
            await conn.execute("select pg_advisory_unlock(%s)", (_LOCK_KEY,))
