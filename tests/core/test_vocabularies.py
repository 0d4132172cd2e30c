"""Each vocabulary has one source: every error code has a sentence in every language the app
speaks, a pause choice says until when, and a call is over in the team's own words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from desktop_notifier.alerts.pause import PauseChoice, is_paused, paused_until
from desktop_notifier.common.errors import ErrorCode, UserError, describe
from desktop_notifier.common.languages import LANGUAGES
from desktop_notifier.profile.settings import Settings


@pytest.mark.parametrize("code", list(ErrorCode))
def test_every_error_has_a_sentence_in_every_language(code: ErrorCode) -> None:
    params = {
        "url": "u",
        "detail": "d",
        "target": "t",
        "field": "f",
        "path": "p",
        "proxy": "x",
        "provider": "g",
        "enabled": "e",
    }
    error = UserError(code, retry_after=5, **params)
    sentences = {language: describe(error, language) for language in LANGUAGES}
    assert all(sentences.values())
    assert len(set(sentences.values())) == len(LANGUAGES), f"{code}: untranslated"


def test_an_error_code_is_the_enum_member_and_an_unknown_one_is_refused() -> None:
    assert UserError("bad_url").code is ErrorCode.BAD_URL
    with pytest.raises(ValueError, match="unknown error code"):
        UserError("no_such_error")


def test_pause_choices_say_until_when() -> None:
    now = datetime(2026, 3, 4, 15, 30, tzinfo=UTC)
    assert paused_until(PauseChoice.HOUR, now) == now + timedelta(hours=1)
    morning = paused_until(PauseChoice.TOMORROW, now)
    assert morning is not None
    local = morning.astimezone()
    assert (local.hour, local.minute) == (8, 0)
    assert local.date() == (now.astimezone() + timedelta(days=1)).date()
    assert paused_until(PauseChoice.RESUME, now) is None
    assert is_paused(now + timedelta(seconds=1), now) and not is_paused(now, now)


def test_a_call_is_over_in_the_teams_own_missed_statuses() -> None:
    rules = Settings(missed_statuses=("No_Answer",)).rules
    assert rules.terminal_statuses == {"completed", "failed", "cancelled", "no_answer"}
    assert "missed" in Settings().rules.terminal_statuses
