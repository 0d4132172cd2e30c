"""Teams on the stand-in (resources/sql/004_claims.sql): users put on one team for a test and
taken off after it, so the other tests keep seeing only their own calls."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from desktop_notifier.devstack.users import hash_password
from tests.support.calls import Conn
from tests.support.cli import configure
from tests.support.standin import Standin


def user_id(db: Conn, email: str, password: str | None = None) -> str:
    """The id of the stand-in user `email`, created (with `password`) if it does not exist."""
    db.execute(
        "insert into auth.users (email, encrypted_password) values (%s, %s) "
        "on conflict (email) do nothing",
        (email, hash_password(password) if password else None),
    )
    row = db.execute("select id::text from auth.users where email = %s", (email,)).fetchone()
    assert row is not None
    return str(row[0])


@contextmanager
def team(db: Conn, members: dict[str, str]) -> Iterator[str]:
    """A team of `members` (user id → role, 'member' or 'lead'); its id, removed after."""
    team_id = str(uuid.uuid4())
    for member, role in members.items():
        db.execute(
            "insert into public.team_members (team_id, user_id, role) values (%s, %s, %s)",
            (team_id, member, role),
        )
    try:
        yield team_id
    finally:
        db.execute("delete from public.team_members where team_id = %s", (team_id,))


def signed_in_profile(directory: Path, stand: Standin, **settings: Any) -> Path:
    """A profile signed in to `stand` as its demo user, with `settings` written on top."""
    done = configure(directory, stand)
    assert done.returncode == 0, done.stderr
    path = directory / "settings.json"
    path.write_text(json.dumps({**json.loads(path.read_text()), **settings}))
    return directory
