"""A store file that is not a database: the app and `watch` start anyway, move it aside, and
say so once in the user's language (a toast on the real notification server; a sentence on
`watch`'s stderr). The next start finds a good file and says nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from desktop_notifier.profile.directory import resolve
from tests.desktop.conftest import live
from tests.support.apps import MakeApp
from tests.support.cli import Watch, configure
from tests.support.qt import Dunst
from tests.support.standin import Standin
from tests.support.waiting import until

pytestmark = pytest.mark.desktop
Run = Callable[..., Any]
GARBAGE = b"SQLite format 2\x00 not really" + bytes(range(256)) * 64
MARKER = "Marcador do teste"
SENTENCE = "O histórico local estava corrompido e foi guardado como {path}; um novo foi criado."


def corrupt_profile(directory: Path, stand: Standin) -> Path:
    assert configure(directory, stand).returncode == 0
    store = resolve(str(directory)).store_path
    store.write_bytes(GARBAGE)
    return store


def moved_aside(store: Path) -> list[Path]:
    return sorted(store.parent.glob(f"{store.name}.corrupt-*"))


def notices_on_server(dunst: Dunst) -> list[str]:
    """Bodies of the "Histórico local recriado" toasts dunst has shown."""
    dunst.ctl("close-all")
    entries = dunst.history().values()
    return [str(e["body"]) for e in entries if e["summary"] == "Histórico local recriado"]


def summaries_on_server(dunst: Dunst) -> list[str]:
    dunst.close_all()
    return [str(e["summary"]) for e in dunst.history().values()]


def test_the_app_moves_a_corrupt_store_aside_and_says_so_once(
    make_app: MakeApp, run: Run, own_standin: Standin, dunst: Dunst, tmp_path: Path
) -> None:
    store = corrupt_profile(tmp_path / "profile", own_standin)
    before = notices_on_server(dunst)
    app, _ = make_app()
    run(app.start())
    run(until(lambda: live(app), "a live connection despite the corrupt store"))
    [aside] = moved_aside(store)
    assert app.store.moved_aside == aside and aside.read_bytes() == GARBAGE
    assert store.is_file() and store.read_bytes()[:16] == b"SQLite format 3\x00"
    run(until(lambda: len(notices_on_server(dunst)) > len(before), "the notice toast"))
    assert notices_on_server(dunst)[len(before) :] == [SENTENCE.format(path=aside)]
    run(app.shutdown())

    shown = len(notices_on_server(dunst))
    again, _ = make_app(app.profile.directory)
    run(again.start())
    run(until(lambda: live(again), "a live connection on the next start"))
    # A barrier instead of a pause: toasts reach the server in the order they were sent, so
    # once a marker sent now is on the server, a notice from the start would be there too.
    again.toasts.notice(MARKER, "")
    run(until(lambda: MARKER in summaries_on_server(dunst), "the marker toast on the server"))
    assert again.store.moved_aside is None
    assert len(notices_on_server(dunst)) == shown, "the notice is not repeated"
    assert moved_aside(store) == [aside]


def test_watch_prints_the_same_sentence_once(tmp_path: Path, own_standin: Standin) -> None:
    store = corrupt_profile(tmp_path / "profile", own_standin)
    for attempt in range(2):
        watch = Watch.start(tmp_path / "profile")
        try:
            watch.wait_state("live")
        finally:
            watch.stop()
        [aside] = moved_aside(store)
        notices = [line for line in watch.states if "histórico local" in line.lower()]
        assert notices == ([SENTENCE.format(path=aside)] if attempt == 0 else [])
