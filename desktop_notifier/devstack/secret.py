"""The project's JWT secret, kept in the database so that a restarted stand-in keeps its API keys
and the access tokens it issued, as a real project keeps its JWT secret across restarts."""

from __future__ import annotations

import secrets

from desktop_notifier.devstack.db import Pool


async def project_secret(pool: Pool, explicit: str | None) -> str:
    """``explicit`` when given, else the secret this database holds, else a new one stored
    there (``standin.jwt_secret``: no API role can read it)."""
    if explicit:
        return explicit
    async with pool.connection() as conn:
        await conn.execute(
            "insert into standin.jwt_secret (secret) values (%s) on conflict do nothing",
            (secrets.token_urlsafe(32),),
        )
        row = await (await conn.execute("select secret from standin.jwt_secret")).fetchone()
    assert row is not None
    return str(row[0])
