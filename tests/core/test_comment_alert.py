"""alerts.comment: a comment by someone else on a call I own alerts, once per comment, only
when the opt-in kind is ticked; its text is one short plain line in both languages."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from desktop_notifier.alerts import AlertKind, AlertPrefs
from desktop_notifier.alerts.combine import IMPORTANCE
from desktop_notifier.alerts.comment import comment_alert
from desktop_notifier.alerts.model import ALL_KINDS
from desktop_notifier.alerts.policy import URGENCY
from desktop_notifier.alerts.privacy import PRIVATE_TITLES
from desktop_notifier.alerts.summary import COUNT_WORDS, summarize
from desktop_notifier.alerts.text import ALSO, BODIES, TITLES
from desktop_notifier.events.comment import Comment
from desktop_notifier.notify.sounds import THEME_NAMES, sound_path

NOW = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)
ME, OTHER = "11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222"
ON = AlertPrefs(enabled=ALL_KINDS)


def comment(author: str | None = OTHER, body: str = "Cliente pediu retorno") -> Comment:
    return Comment("c-1", "call-1", "b@example.com", body, NOW, author)


def test_off_by_default() -> None:
    assert AlertKind.CALL_COMMENT not in AlertPrefs().enabled
    assert comment_alert(comment(), owner_id=ME, company="Acme", me=ME, prefs=AlertPrefs(),
                         now=NOW) is None  # fmt: skip


def test_someone_elses_comment_on_my_call_alerts_in_both_languages() -> None:
    alert = comment_alert(comment(), owner_id=ME, company="Acme", me=ME, prefs=ON, now=NOW)
    assert alert is not None
    assert (alert.kind, alert.call_id, alert.dedupe_key) == (
        AlertKind.CALL_COMMENT, "call-1", "call_comment:c-1"
    )  # fmt: skip
    assert (alert.title, alert.body) == ("Novo comentário em Acme", "Cliente pediu retorno")
    en = AlertPrefs(enabled=ALL_KINDS, language="en")
    alert = comment_alert(comment(), owner_id=ME, company=None, me=ME, prefs=en, now=NOW)
    assert alert is not None
    assert alert.title == "New comment on unknown company"


def test_my_own_comment_and_other_peoples_calls_do_not_alert() -> None:
    for author, owner, me in ((ME, ME, ME), (OTHER, OTHER, ME), (None, ME, ME), (OTHER, ME, None)):
        got = comment_alert(comment(author), owner_id=owner, company="A", me=me, prefs=ON, now=NOW)
        assert got is None, (author, owner, me)


def test_untrusted_body_is_one_short_line_without_bidi_controls() -> None:
    body = "linha 1\nlinha\u202e 2\t" + "x" * 500
    alert = comment_alert(comment(body=body), owner_id=ME, company="A", me=ME, prefs=ON, now=NOW)
    assert alert is not None
    assert "\n" not in alert.body and "\u202e" not in alert.body
    assert alert.body.startswith("linha 1 linha 2 x") and alert.body.endswith("…")
    assert len(alert.body) <= 140


def test_author_id_is_parsed_from_the_row() -> None:
    row = {"id": "c-9", "call_id": "k", "body": "oi", "author_id": OTHER, "created_at": None}
    assert Comment.from_row(row).author_id == OTHER


def test_a_burst_of_comments_is_summarized_in_both_languages() -> None:
    alerts = []
    for n in range(3):
        c = Comment(f"c-{n}", "call-1", None, "oi", NOW, OTHER)
        alert = comment_alert(c, owner_id=ME, company="Acme", me=ME, prefs=ON, now=NOW)
        assert alert is not None
        alerts.append(alert)
    assert summarize(alerts, "pt_BR", caught_up=True).title == (
        "Enquanto você estava fora: 3 novos comentários"
    )
    assert summarize(alerts[:1], "en", caught_up=False).title == "1 new comment"


def test_every_per_kind_table_knows_every_kind() -> None:
    """A kind missing from one table fails only when that table is read (a burst summary)."""
    tables: list[Mapping[Any, object]] = [
        *COUNT_WORDS.values(), *TITLES.values(), *BODIES.values(), *ALSO.values(),
        *PRIVATE_TITLES.values(), URGENCY,
    ]  # fmt: skip
    for table in tables:
        assert set(table) == set(AlertKind)
    assert set(IMPORTANCE) == set(AlertKind)


def test_every_kind_has_its_sound_file_and_theme_name() -> None:
    for kind in AlertKind:
        assert sound_path(kind.value) is not None, kind
        assert kind.value in THEME_NAMES
