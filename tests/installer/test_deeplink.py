"""Deep links: only `calls-notifier://call/<uuid>` opens anything; everything else is refused."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_notifier.cli import build_parser, parse_command_line
from desktop_notifier.system.deeplink import (
    COMMENTS_HOST,
    HISTORY_LINK,
    action_link,
    call_link,
    comments_link,
    is_history_link,
    is_link,
    parse_action_link,
    parse_call_link,
    split_links,
)

CALL = "0b6c3f0e-5d1a-4c3e-9a57-2f1c6b7d8e90"


def test_a_call_link_round_trips() -> None:
    assert call_link(CALL) == f"calls-notifier://call/{CALL}"
    assert parse_call_link(call_link(CALL)) == CALL


def test_a_comments_link_round_trips_and_is_no_call_link() -> None:
    assert comments_link(CALL) == f"calls-notifier://comments/{CALL}"
    assert parse_call_link(comments_link(CALL), host=COMMENTS_HOST) == CALL
    assert parse_call_link(comments_link(CALL)) is None
    assert parse_action_link(comments_link(CALL)) is None


@pytest.mark.parametrize(
    "link",
    [
        f"calls-notifier://call/{CALL}/",  # Windows protocol activation and browsers add a slash
        f"CALLS-NOTIFIER://CALL/{CALL.upper()}",
    ],
)
def test_tolerated_variants_give_the_canonical_id(link: str) -> None:
    assert parse_call_link(link) == CALL


@pytest.mark.parametrize(
    "link",
    [
        "calls-notifier://call/",
        "calls-notifier://call/not-a-uuid",
        f"calls-notifier://calls/{CALL}",
        f"calls-notifier://call/{CALL}?x=1",
        f"calls-notifier://call/{CALL}/extra",
        f"calls-notifier://call/{{{CALL}}}",
        f"calls-notifier://call/{CALL.replace('-', '')}",
        f"calls-notifier://call/../../{CALL}",
        f"calls-notifier:call/{CALL}",
        f"https://call/{CALL}",
        f"calls-notifier://call/{CALL}" + "/" * 300,
        "",
    ],
)
def test_anything_else_is_refused(link: str) -> None:
    assert parse_call_link(link) is None


@given(st.text(max_size=80))
def test_arbitrary_text_never_crashes_and_yields_only_uuids(text: str) -> None:
    result = parse_call_link("calls-notifier://call/" + text)
    assert result is None or str(uuid.UUID(result)) == result


def test_with_a_link_every_other_argument_is_ignored() -> None:
    link = call_link(CALL)
    assert split_links(["--profile", "/p", link, "--debug"]) == ([link], [])
    assert split_links(["watch"]) == ([], ["watch"])
    assert is_link("Calls-Notifier://anything") and not is_link("/home/calls-notifier://x")


@pytest.mark.parametrize(
    "argv",
    [
        # `"app.exe" "%1"` with a link whose quotes a launcher passed through unencoded
        [f'calls-notifier://call/{CALL}"', "--profile", r"\\host\share", '"'],
        ["calls-notifier://x", "--profile", r"\\host\share", "--demo", "--debug"],
        ["--profile", r"\\host\share", "--language", "en", f"calls-notifier://call/{CALL}"],
        [f"calls-notifier://call/{CALL}", "diagnose"],
        [f"calls-notifier://call/{CALL}", "configure", "--url", "http://evil", "--version"],
    ],
)
def test_an_injected_option_next_to_a_link_changes_nothing(argv: list[str]) -> None:
    args, links = parse_command_line(build_parser(), argv)
    assert links == [a for a in argv if a.lower().startswith("calls-notifier:")]
    assert args.profile is None and args.command is None
    assert not args.demo and not args.debug and not args.version and args.language is None


def test_the_history_link() -> None:
    assert HISTORY_LINK == "calls-notifier://history"
    assert is_history_link("calls-notifier://history/") and is_history_link(
        "CALLS-NOTIFIER://HISTORY"
    )
    assert (
        not is_history_link("calls-notifier://history/x") and parse_call_link(HISTORY_LINK) is None
    )


def test_a_toast_buttons_links_round_trip_and_nothing_else_is_an_action() -> None:
    for action in ("claim", "snooze"):
        assert action_link(CALL, action) == f"calls-notifier://{action}/{CALL}"
        assert parse_action_link(action_link(CALL, action)) == (action, CALL)
        assert parse_call_link(action_link(CALL, action)) is None, "a button opens no window"
    assert parse_action_link(call_link(CALL)) is None
    assert parse_action_link(f"calls-notifier://delete/{CALL}") is None
    with pytest.raises(ValueError):
        action_link(CALL, "delete")


@given(st.text(max_size=80))
def test_arbitrary_text_is_never_an_action_on_anything_but_a_uuid(text: str) -> None:
    found = parse_action_link(text)
    if found is not None:
        assert found[0] in ("claim", "snooze") and str(uuid.UUID(found[1])) == found[1]
