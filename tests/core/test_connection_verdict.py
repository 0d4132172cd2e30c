"""What a failed connection attempt means (pure): the state, the sentence and the wait for each
way the real servers refuse us; the status board and `watch` say a repeated refusal once."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from supabase_auth.errors import AuthApiError
from websockets.datastructures import Headers
from websockets.exceptions import InvalidStatus
from websockets.http11 import Response

from desktop_notifier.common.errors import UserError, describe
from desktop_notifier.connection.backoff import Backoff
from desktop_notifier.connection.supervisor import ConnectionState, Status
from desktop_notifier.connection.supervisor.status import StatusBoard
from desktop_notifier.connection.supervisor.verdict import MAX_RETRY_AFTER, judge
from desktop_notifier.headless.printer import AlertPrinter
from desktop_notifier.sync.realtime_link import (
    JoinRefused,
    LinkFailed,
    UpgradeRefused,
    join_refusal,
    upgrade_refusal,
)

URL = "https://xyz.supabase.co"
ATTENTION, OFFLINE = ConnectionState.ATTENTION, ConnectionState.OFFLINE


def backoff() -> Backoff:
    """Draws the upper end of every range, so delays are exact."""
    return Backoff(base=1.0, cap=30.0, uniform=lambda _lo, hi: hi, slow=60.0)


def invalid_status(status: int, **headers: str) -> InvalidStatus:
    return InvalidStatus(Response(status, "", Headers(headers), b"{}"))


def test_the_upgrade_refusal_is_read_from_the_websockets_error() -> None:
    refused = upgrade_refusal(invalid_status(429, **{"Retry-After": "7"}))
    assert refused is not None and (refused.status, refused.retry_after) == (429, 7.0)
    dated = upgrade_refusal(invalid_status(429, **{"Retry-After": "Wed, 02 Dec 2026 13:00:00"}))
    assert dated is not None and dated.retry_after is None
    assert upgrade_refusal(OSError("refused")) is None


def test_the_join_refusal_is_read_from_the_reply() -> None:
    reason = "PrivateOnly: This project only allows private channels"
    assert join_refusal(Exception(f'{{"reason": "{reason}"}}')) == reason
    assert join_refusal(Exception("mismatch between server and client bindings")) is None
    assert join_refusal(None) is None
    refused = JoinRefused(reason)
    assert refused.code == "PrivateOnly" and "PrivateOnly" in str(refused)
    assert JoinRefused("Unknown Error on Channel").code == ""


@pytest.mark.parametrize(
    ("exc", "state", "code"),
    [
        (UpgradeRefused(401), ATTENTION, "anon_key_rejected"),
        (AuthApiError("Invalid API key", 401, None), ATTENTION, "anon_key_rejected"),
        (UpgradeRefused(403), ATTENTION, "realtime_disabled"),
        (JoinRefused("PrivateOnly: This project only allows private channels"), ATTENTION,
         "private_channels_only"),
        (UpgradeRefused(404), OFFLINE, "server_error"),
        (UpgradeRefused(500), OFFLINE, "server_error"),
        (UpgradeRefused(429), OFFLINE, "rate_limited"),
        (JoinRefused("RealtimeRestarting: Realtime is restarting, please standby"), OFFLINE,
         "channel_refused"),
        (LinkFailed("join: no reply"), OFFLINE, None),
        (TimeoutError(), OFFLINE, None),
        (AuthApiError("Invalid Refresh Token: Already Used", 400,
                      "refresh_token_already_used"),  # type: ignore[arg-type]  # newer GoTrue
         ConnectionState.SIGNED_OUT, "session_expired"),
    ],
)  # fmt: skip
def test_each_refusal_has_its_state(exc: Exception, state: ConnectionState, code: str) -> None:
    verdict = judge(exc, URL)
    assert verdict.state is state
    assert (verdict.error.code if verdict.error else None) == code
    assert verdict.detail


def test_the_wait_after_each_refusal() -> None:
    assert judge(UpgradeRefused(500), URL).delay(backoff()) == 1.0  # the normal backoff
    assert judge(UpgradeRefused(401), URL).delay(backoff()) == 60.0  # the slow retry
    low = Backoff(base=1.0, cap=30.0, uniform=lambda lo, _hi: lo)
    assert judge(UpgradeRefused(429, retry_after=45), URL).delay(low) == 45.0
    assert judge(UpgradeRefused(429, retry_after=45), URL).delay(backoff()) == 54.0  # jitter
    assert judge(UpgradeRefused(429), URL).delay(low) == 30.0  # no header: the cap
    huge = judge(UpgradeRefused(429, retry_after=86400), URL)
    assert huge.delay(low) == MAX_RETRY_AFTER
    early = Backoff(base=1.0, cap=30.0, uniform=lambda _lo, hi: hi)
    for _ in range(10):
        early.next()
    assert judge(UpgradeRefused(429, retry_after=1), URL).delay(early) >= 30.0  # never sooner


def test_the_slow_retry_is_jittered_within_its_range() -> None:
    draws = [Backoff(slow=60.0).slow_next() for _ in range(200)]
    assert all(48.0 <= d <= 60.0 for d in draws) and len(set(draws)) > 1


def test_the_sentences_in_both_languages() -> None:
    rejected = judge(UpgradeRefused(401), URL).error
    assert rejected is not None
    assert describe(rejected, "pt_BR") == (
        "A chave do projeto foi recusada — confira a chave anon nas configurações."
    )
    assert describe(rejected, "en") == (
        "The project's key was refused — check the anon key in the settings."
    )
    private = judge(JoinRefused("PrivateOnly: x"), URL).error
    assert private is not None and "apenas canais privados" in describe(private, "pt_BR")


class Observer:
    def __init__(self) -> None:
        self.statuses: list[Status] = []

    def status_changed(self, status: Status) -> None:
        self.statuses.append(status)

    def warned(self, error: object) -> None:
        pass

    def alerts_raised(self, alerts: object, *, caught_up: bool) -> None:
        pass


def test_the_same_refusal_is_reported_once() -> None:
    seen = Observer()
    board = StatusBoard(seen)
    for _ in range(3):
        board.set(ATTENTION, UserError("anon_key_rejected"), "refused")
    board.set(ATTENTION, UserError("private_channels_only"), "private")
    board.set(ConnectionState.LIVE)
    assert [(s.state, s.error.code if s.error else None) for s in seen.statuses] == [
        (ATTENTION, "anon_key_rejected"),
        (ATTENTION, "private_channels_only"),
        (ConnectionState.LIVE, None),
    ]


def test_watch_prints_a_repeated_status_line_once() -> None:
    err = io.StringIO()
    printer = AlertPrinter("pt_BR", as_json=True, out=io.StringIO(), err=err)
    now = datetime.now(UTC)
    refused = Status(ATTENTION, now, UserError("anon_key_rejected"), "x")
    for status in (refused, refused, Status(ConnectionState.LIVE, now), refused):
        printer.status_changed(status)
    assert err.getvalue().splitlines() == [
        "[attention]: A chave do projeto foi recusada — confira a chave anon nas configurações.",
        "[live]",
        "[attention]: A chave do projeto foi recusada — confira a chave anon nas configurações.",
    ]
