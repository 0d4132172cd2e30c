"""The project URL check: https everywhere, http only for this machine unless the user opted
in to an insecure self-hosted server, and the refusal names that option."""

from __future__ import annotations

import pytest

from desktop_notifier.common.errors import UserError, describe
from desktop_notifier.common.insecure_http import is_insecure
from desktop_notifier.sync.urls import check_url

REMOTE_HTTP = (
    "http://calls.intranet:8000",
    "http://192.168.0.10:54321",
    "http://127.0.0.2:8000",
    "HTTP://Calls.Example.com/",
    "http://[fe80::1]:8000",
)
LOCAL_HTTP = ("http://localhost:54321", "http://127.0.0.1:54321", "http://[::1]:54321")


@pytest.mark.parametrize("url", ["https://xyz.supabase.co", "https://xyz.supabase.co/"])
def test_https_is_accepted_and_normalised(url: str) -> None:
    assert check_url(f"  {url} ") == "https://xyz.supabase.co"
    assert not is_insecure(url)


@pytest.mark.parametrize("url", LOCAL_HTTP)
def test_http_to_this_machine_needs_no_opt_in(url: str) -> None:
    assert check_url(url) == url
    assert not is_insecure(url)


@pytest.mark.parametrize("url", REMOTE_HTTP)
def test_http_to_another_machine_is_refused_without_the_opt_in(url: str) -> None:
    assert is_insecure(url)
    with pytest.raises(UserError) as caught:
        check_url(url)
    assert caught.value.code == "insecure_url"


@pytest.mark.parametrize("url", REMOTE_HTTP)
def test_http_to_another_machine_is_accepted_with_the_opt_in(url: str) -> None:
    assert check_url(url, allow_insecure_http=True) == url.strip().rstrip("/")


@pytest.mark.parametrize("allow", [False, True])
@pytest.mark.parametrize(
    "url",
    [
        "ftp://x.supabase.co",
        "xyz.supabase.co",
        "https://",
        "https://x.co/rest/v1",
        "https://x.co/?a",
    ],
)
def test_the_opt_in_does_not_relax_the_other_rules(url: str, allow: bool) -> None:
    with pytest.raises(UserError) as caught:
        check_url(url, allow_insecure_http=allow)
    assert caught.value.code == "bad_url"


def test_the_refusal_names_the_option_in_both_languages() -> None:
    error = UserError("insecure_url")
    portuguese = describe(error, "pt_BR")
    assert "Permitir servidor sem criptografia (http://)" in portuguese
    assert "--allow-insecure-http" in portuguese
    english = describe(error, "en")
    assert "Allow a server without encryption (http://)" in english
    assert "--allow-insecure-http" in english
    for sentence in (portuguese, english):
        assert sentence.count(". ") == 0 and sentence.endswith(".")
