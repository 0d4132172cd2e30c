"""Pure tests of `Toast` and its text rules: escaping, shortening, building from alerts."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_notifier.alerts import Alert, AlertKind, Summary, Urgency
from desktop_notifier.notify import (
    Toast,
    escape_markup,
    open_label,
    shorten,
    toast_for_alert,
    toast_for_summary,
)
from desktop_notifier.notify.toast import BODY_LIMIT, TITLE_LIMIT

ENTITY = re.compile(r"&(amp|lt|gt|quot|#39);")
MARKUP = '<b>Acme</b> & <a href="http://x">y</a> <img src=x> &amp; it\'s'


def alert(**changes: object) -> Alert:
    values: dict[str, object] = {
        "kind": AlertKind.MISSED_CALL,
        "call_id": "5f0c1a4e-0000-4000-8000-000000000001",
        "title": "Call perdida: Acme",
        "body": "Ninguém atendeu esta call.",
        "urgency": Urgency.CRITICAL,
        "dedupe_key": "missed_call:x:1",
        "at": datetime(2026, 11, 24, 14, 0, tzinfo=UTC),
        "company": "Acme",
    }
    values.update(changes)
    return Alert(**values)  # type: ignore[arg-type]


def test_escape_markup_makes_tags_and_entities_literal() -> None:
    assert escape_markup(MARKUP) == (
        "&lt;b&gt;Acme&lt;/b&gt; &amp; &lt;a href=&quot;http://x&quot;&gt;y&lt;/a&gt; "
        "&lt;img src=x&gt; &amp;amp; it&#39;s"
    )


@given(st.text())
def test_escaped_text_has_no_markup_and_round_trips(text: str) -> None:
    escaped = escape_markup(text)
    assert "<" not in escaped and ">" not in escaped
    assert "&" not in ENTITY.sub("", escaped)  # every & starts one of our five entities
    assert html.unescape(escaped) == text


@given(st.text(), st.integers(min_value=1, max_value=500))
def test_shorten_respects_the_limit(text: str, limit: int) -> None:
    short = shorten(text, limit)
    assert len(short) <= limit
    if len(text) <= limit:
        assert short == text
    else:
        assert short.endswith("…")
        assert text.startswith(short[:-1])


def test_shorten_rejects_a_zero_limit() -> None:
    with pytest.raises(ValueError):
        shorten("abc", 0)


def test_toast_never_carries_a_megabyte() -> None:
    toast = Toast("t" * 1_000_000, "b" * 1_000_000)
    assert len(toast.title) == TITLE_LIMIT and toast.title.endswith("…")
    assert len(toast.body) == BODY_LIMIT and toast.body.endswith("…")


def test_toast_text_is_safe_for_dbus() -> None:
    toast = Toast("a\x00b\nc\td\ud800", "line 1\nline\x072\x00\udfff ")
    assert toast.title == "a b c d\ufffd"
    assert toast.body == "line 1\nline 2 \ufffd"
    toast.title.encode("utf-8")
    toast.body.encode("utf-8")


@given(st.text(), st.text())
def test_toast_normalisation_is_idempotent(title: str, body: str) -> None:
    toast = Toast(title, body)
    assert Toast(toast.title, toast.body) == toast
    assert "\x00" not in toast.title + toast.body
    assert "\n" not in toast.title


def test_markup_is_kept_raw_in_the_toast() -> None:
    """Escaping is the backend's job: only it knows whether its server reads markup."""
    assert Toast(MARKUP, MARKUP).body == MARKUP


def test_toast_for_alert_replaces_and_opens_the_call() -> None:
    toast = toast_for_alert(alert())
    assert toast == Toast(
        title="Call perdida: Acme",
        body="Ninguém atendeu esta call.",
        urgency=Urgency.CRITICAL,
        replace_key="5f0c1a4e-0000-4000-8000-000000000001",
        target="5f0c1a4e-0000-4000-8000-000000000001",
        kind="missed_call",
    )


def test_toast_for_summary_opens_the_history() -> None:
    summary = Summary("12 novas calls", "Abra o histórico para ver todas.", Urgency.NORMAL, 12)
    toast = toast_for_summary(summary)
    assert (toast.title, toast.body, toast.urgency) == (summary.title, summary.body, Urgency.NORMAL)
    assert toast.target is None and toast.replace_key is None
    assert toast.kind == "summary"


def test_open_label_follows_the_language() -> None:
    assert open_label("pt_BR") == "Abrir"
    assert open_label("en") == "Open"
    assert open_label("xx") == "Open"
