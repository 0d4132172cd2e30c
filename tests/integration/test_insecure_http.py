"""`configure` against a self-hosted server at a plain http:// address of another machine (the
stand-in behind a relay on 127.0.0.2): refused with a sentence naming the opt-in, accepted with
`--allow-insecure-http` (with a warning), and the stored opt-in lets `watch` sign in again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_notifier.common.errors import UserError, describe
from tests.support.cli import Watch, configure
from tests.support.plain_http import remote_http_url
from tests.support.standin import Standin

pytestmark = pytest.mark.desktop  # the keyring is the session's real Secret Service


def test_configure_needs_the_opt_in_for_a_remote_http_server(
    tmp_path: Path, standin: Standin
) -> None:
    directory = tmp_path / "profile"
    with remote_http_url(standin) as url:
        refused = configure(directory, standin, url=url)
        assert refused.returncode == 1
        assert refused.stderr.strip() == describe(UserError("insecure_url"), "pt_BR")
        assert "--allow-insecure-http" in refused.stderr
        assert not (directory / "settings.json").exists()

        allowed = configure(directory, standin, url=url, flags=("--allow-insecure-http",))
        assert allowed.returncode == 0, allowed.stderr
        assert f"Conectado como demo@example.com em {url}." in allowed.stdout
        assert "WARNING" in allowed.stderr and "unencrypted" in allowed.stderr
        settings = json.loads((directory / "settings.json").read_text())
        assert settings["url"] == url and settings["allow_insecure_http"] is True
        log = (directory / "logs" / "desktop-notifier.log").read_text()
        assert f"{url} is plain http://" in log

        watch = Watch.start(directory)
        try:
            watch.wait_state("live")  # the stored session is restored over http:// as well
        finally:
            watch.stop()


def test_configure_without_the_flag_clears_a_stored_opt_in(
    tmp_path: Path, standin: Standin
) -> None:
    directory = tmp_path / "profile"
    with remote_http_url(standin) as url:
        flags = ("--allow-insecure-http",)
        assert configure(directory, standin, url=url, flags=flags).returncode == 0
    done = configure(directory, standin)  # the stand-in's own http://127.0.0.1 address
    assert done.returncode == 0, done.stderr
    assert "WARNING" not in done.stderr
    assert json.loads((directory / "settings.json").read_text())["allow_insecure_http"] is False
