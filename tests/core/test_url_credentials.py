"""A project URL carrying a user name or password is refused before it is used, stored,
printed or logged, and the redactor hides such credentials in any log line."""

from __future__ import annotations

import pytest

from desktop_notifier.common.errors import UserError, describe
from desktop_notifier.profile.logs import redact
from desktop_notifier.sync.urls import check_url


@pytest.mark.parametrize(
    "url",
    [
        "https://user:secret@xyz.supabase.co",
        "https://user@xyz.supabase.co",
        "https://:secret@xyz.supabase.co/",
        "http://user:secret@localhost:54321",
        "http://user:secret@calls.intranet:8000",
        "https://user:p%40ss@xyz.supabase.co",
    ],
)
@pytest.mark.parametrize("allow", [False, True])
def test_credentials_in_the_url_are_refused(url: str, allow: bool) -> None:
    with pytest.raises(UserError) as caught:
        check_url(url, allow_insecure_http=allow)
    assert caught.value.code == "url_credentials"
    for language in ("pt_BR", "en"):
        text = describe(caught.value, language)
        assert "secret" not in text and url not in text


def test_log_lines_hide_credentials_in_urls() -> None:
    line = redact("could not reach https://user:secret@xyz.supabase.co/rest/v1/ (timeout)")
    assert line == "could not reach https://[redacted]@xyz.supabase.co/rest/v1/ (timeout)"
    assert redact("mail a@b.c at https://xyz.supabase.co/a@b") == (
        "mail a@b.c at https://xyz.supabase.co/a@b"
    )
