"""connection.comment_alerts on a fake PostgREST of `call_comments` and a real store: the first
pass is silent; afterwards others' comments on my calls alert once each, whether they come live,
caught up, again through the overlap, or after a restart; the owner comes from the store or a
narrow read of the unknown calls only, never a guess; the kind unticked reads nothing."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from desktop_notifier.alerts import AlertKind, AlertPrefs
from desktop_notifier.alerts.model import ALL_KINDS
from desktop_notifier.connection.comment_alerts import MAX_PAGES, PAGE, CommentAlerts
from desktop_notifier.events import Call
from desktop_notifier.events.call import format_timestamp
from desktop_notifier.profile.settings import Settings
from desktop_notifier.profile.store import CallUpdate, Store
from tests.core.factories import row
from tests.core.test_pipeline import Recorder

ME, OTHER = "11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222"
T0 = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
ON = Settings(alerts=AlertPrefs(enabled=ALL_KINDS))
Row = dict[str, Any]


def at(seconds: float) -> str:
    return format_timestamp(T0 + timedelta(seconds=seconds)) or ""


class FakeComments:
    """`call_comments` and the owners of `calls` as PostgREST serves them to ME."""

    def __init__(self) -> None:
        self.comments: list[Row] = []
        self.owners: dict[str, tuple[str, str]] = {}
        self.owner_reads: list[list[str]] = []
        self.reads = 0
        self.table = True  # the project has call_comments (005)

    def user_id(self) -> str:
        return ME

    async def comments_readable(self) -> bool:
        self.reads += 1
        return self.table

    def write(self, call: str, author: str, seconds: float, body: str = "oi") -> str:
        comment = str(uuid.uuid4())
        self.comments.append(
            {"id": comment, "call_id": call, "author_id": author, "body": body,
             "created_at": at(seconds)}
        )  # fmt: skip
        return comment

    async def comments_at(self, stamp: str, after_id: str, not_by: str, limit: int) -> list[Row]:
        self.reads += 1
        found = [c for c in self.comments if c["created_at"] == stamp and c["id"] > after_id]
        return sorted((c for c in found if c["author_id"] != not_by), key=lambda c: c["id"])[:limit]

    async def comments_after(self, stamp: str, not_by: str, limit: int) -> list[Row]:
        self.reads += 1
        found = [c for c in self.comments if c["created_at"] > stamp and c["author_id"] != not_by]
        return sorted(found, key=lambda c: (c["created_at"], c["id"]))[:limit]

    async def newest_comment(self) -> Row | None:
        self.reads += 1
        return max(self.comments, key=lambda c: (c["created_at"], c["id"]), default=None)

    async def call_owners(self, call_ids: Sequence[str]) -> list[Row]:
        self.owner_reads.append(list(call_ids))
        return [
            {"id": c, "owner_id": self.owners[c][0], "company_name": self.owners[c][1]}
            for c in call_ids
            if c in self.owners
        ]


class Rig:
    def __init__(self, path: Path, settings: Settings = ON) -> None:
        self.settings = settings
        self.store = Store(path)
        self.seen = Recorder()
        self.server = FakeComments()
        self.alerts = CommentAlerts(
            self.store, lambda: self.settings, self.seen, lambda: T0, lambda: self.server
        )

    def catch_up(self) -> list[str]:
        return [a.title for a in asyncio.run(self.alerts.catch_up(self.server))]

    def live(self) -> list[str]:
        return [a.title for alerts, caught_up in self.seen.alerts for a in alerts if not caught_up]


def known_call(store: Store, owner: str, company: str) -> str:
    call_id = str(uuid.uuid4())
    call = Call.from_row(row(call_id, owner_id=owner, company_name=company))
    store.apply([CallUpdate(call_id, call)])
    return call_id


def test_the_first_pass_is_silent_then_each_comment_alerts_once(tmp_path: Path) -> None:
    rig = Rig(tmp_path / "s.db")
    mine = known_call(rig.store, ME, "Minha SA")
    rig.server.write(mine, OTHER, 0, "antes")
    assert rig.catch_up() == []  # the first pass only notes where the newest comment is
    rig.server.write(mine, OTHER, 10, "depois")
    rig.server.write(mine, ME, 11, "eu mesmo")
    assert rig.catch_up() == ["Novo comentário em Minha SA"]
    assert rig.catch_up() == []  # read again through the overlap: deduped
    assert rig.server.owner_reads == []  # the store knew the call
    rig.store.close()
    again = Rig(tmp_path / "s.db")  # a restart: same store file
    again.server.comments = rig.server.comments
    assert again.catch_up() == []


def test_owner_is_read_narrowly_for_unknown_calls_and_never_guessed(tmp_path: Path) -> None:
    rig = Rig(tmp_path / "s.db")
    assert rig.catch_up() == []  # no comment yet: the floor is the beginning
    mine, theirs, hidden = (str(uuid.uuid4()) for _ in range(3))
    rig.server.owners = {mine: (ME, "Lida SA"), theirs: (OTHER, "Deles SA")}
    for call in (mine, theirs, hidden, mine):
        rig.server.write(call, OTHER, 5)
    assert rig.catch_up() == ["Novo comentário em Lida SA"] * 2
    [asked] = rig.server.owner_reads
    assert sorted(asked) == sorted({mine, theirs, hidden})


def test_a_late_commit_inside_the_overlap_alerts_and_older_ones_stay_silent(
    tmp_path: Path,
) -> None:
    rig = Rig(tmp_path / "s.db")
    mine = known_call(rig.store, ME, "Atrasada SA")
    rig.server.write(mine, OTHER, 100, "antes do primeiro passe")
    rig.catch_up()
    rig.server.write(mine, OTHER, 200)
    assert rig.catch_up() == ["Novo comentário em Atrasada SA"]
    rig.server.write(mine, OTHER, 150, "começou antes, gravado depois")  # within 120 s
    rig.server.write(mine, OTHER, 90, "antes do primeiro passe, gravado agora")
    assert rig.catch_up() == ["Novo comentário em Atrasada SA"]


def test_pages_sharing_one_timestamp_are_all_read_and_a_pass_is_bounded(tmp_path: Path) -> None:
    rig = Rig(tmp_path / "s.db")
    mine = known_call(rig.store, ME, "Cheia SA")
    rig.catch_up()
    for _ in range(PAGE + 5):
        rig.server.write(mine, OTHER, 1)  # one transaction: one created_at
    for n in range(PAGE * MAX_PAGES):
        rig.server.write(mine, OTHER, 2 + n)
    passes = [rig.catch_up() for _ in range(4)]
    sizes = [len(titles) for titles in passes]
    assert 0 < sizes[0] < len(rig.server.comments), "one pass reads at most MAX_PAGES pages"
    assert all(size <= PAGE * MAX_PAGES for size in sizes)
    assert sum(sizes) == len(rig.server.comments) and sizes[-1] == 0  # then every one, once


def test_live_and_caught_up_alert_once_and_my_own_never(tmp_path: Path) -> None:
    rig = Rig(tmp_path / "s.db")
    mine = known_call(rig.store, ME, "Ao Vivo SA")
    rig.catch_up()
    comment = rig.server.write(mine, OTHER, 30)
    [live] = [c for c in rig.server.comments if c["id"] == comment]
    rig.alerts.take(live)
    rig.alerts.take(live)
    rig.alerts.take({**live, "id": str(uuid.uuid4()), "author_id": ME})
    assert rig.live() == ["Novo comentário em Ao Vivo SA"]
    assert rig.catch_up() == []


def test_unticked_reads_nothing_and_ticking_again_starts_silent(tmp_path: Path) -> None:
    rig = Rig(tmp_path / "s.db")
    mine = known_call(rig.store, ME, "Opcional SA")
    rig.catch_up()
    rig.settings = Settings()  # the kind is off by default
    assert AlertKind.CALL_COMMENT not in rig.settings.alerts.enabled
    rig.server.write(mine, OTHER, 10)
    reads = rig.server.reads
    assert rig.catch_up() == [] and rig.server.reads == reads
    live = rig.server.comments[-1]
    rig.alerts.take(live)
    assert rig.live() == []
    rig.settings = ON
    assert rig.catch_up() == []  # written while unticked: not alerted when ticked later
    rig.server.write(mine, OTHER, 20)
    assert rig.catch_up() == ["Novo comentário em Opcional SA"]


def test_a_live_comment_on_a_call_the_store_lacks_reads_its_owner_first(tmp_path: Path) -> None:
    rig = Rig(tmp_path / "s.db")
    mine, hidden = str(uuid.uuid4()), str(uuid.uuid4())
    rig.server.owners = {mine: (ME, "Desconhecida SA")}

    async def live() -> None:
        for call in (mine, hidden):
            rig.server.write(call, OTHER, 1)
            rig.alerts.take(rig.server.comments[-1])
        while rig.alerts._tasks:
            await asyncio.sleep(0)

    asyncio.run(live())
    assert rig.live() == ["Novo comentário em Desconhecida SA"]  # the hidden call: nothing
    assert sorted(rig.server.owner_reads) == sorted([[mine], [hidden]])


def test_a_project_without_the_table_holds_the_kind_warns_once_and_heals(tmp_path: Path) -> None:
    rig = Rig(tmp_path / "s.db")
    rig.server.table = False
    asyncio.run(rig.alerts.check(rig.server))
    assert not rig.alerts.enabled(), "no comment binding, no comment reads"
    assert rig.catch_up() == [] and rig.server.reads == 1  # the check only
    asyncio.run(rig.alerts.check(rig.server))  # the next attempt asks again, silently
    assert [w.code.value for w in rig.seen.warnings] == ["comments_table_missing"]
    rig.server.table = True  # 005 applied meanwhile
    asyncio.run(rig.alerts.check(rig.server))
    assert rig.alerts.enabled()
    asked = rig.server.reads
    asyncio.run(rig.alerts.check(rig.server))
    assert rig.server.reads == asked, "once the table is there, it is not asked again"
    mine = known_call(rig.store, ME, "Minha SA")
    assert rig.catch_up() == []  # the first pass, silent
    rig.server.write(mine, OTHER, 10)
    assert rig.catch_up() == ["Novo comentário em Minha SA"]


def test_unticked_asks_nothing(tmp_path: Path) -> None:
    rig = Rig(tmp_path / "s.db", Settings())
    rig.server.table = False
    asyncio.run(rig.alerts.check(rig.server))
    assert rig.server.reads == 0 and rig.seen.warnings == []
