"""settings file round trip and tolerance; log redaction of secrets."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from desktop_notifier.alerts import AlertKind, AlertPrefs
from desktop_notifier.profile import logs, settings

JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXZhbHVlLWhlcmU"


def test_round_trip_and_defaults(tmp_path: Path) -> None:
    assert settings.load(tmp_path) == settings.Settings()
    value = settings.Settings(
        url="https://x.supabase.co",
        email="a@b.c",
        alerts=AlertPrefs(enabled=frozenset({AlertKind.NEW_CALL}), high_score=85, language="en"),
        inbox_seconds=45,
        missed_statuses=("missed", "no_answer"),
    )
    settings.save(tmp_path, value)
    assert settings.load(tmp_path) == value
    assert not list(tmp_path.glob(".settings.*"))  # no temp file left behind


def test_bad_values_fall_back_one_by_one(tmp_path: Path) -> None:
    (tmp_path / "settings.json").write_text(
        json.dumps(
            {
                "url": 5,
                "email": "a@b.c",
                "high_score": 10,
                "low_score": 50,
                "inbox_seconds": -3,
                "x": 1,
            }
        )
    )
    loaded = settings.load(tmp_path)
    assert loaded.url == "" and loaded.email == "a@b.c"
    assert loaded.alerts == AlertPrefs() and loaded.inbox_seconds == 30
    (tmp_path / "settings.json").write_text("{not json")
    assert settings.load(tmp_path) == settings.Settings()


@pytest.mark.parametrize(
    "secret",
    [JWT, "sb_secret_abcdefghijklmnop", "refresh_token=r3fr3sh-t0k3n-value", 'password": "hunter2'],
)
def test_logs_redact_secrets(tmp_path: Path, secret: str) -> None:
    logs.setup(tmp_path, quiet=True)
    try:
        logging.getLogger("test").warning("connecting with %s now", secret)
        try:
            raise RuntimeError(f"boom {secret}")
        except RuntimeError:
            logging.getLogger("test").exception("failed")
        for handler in logging.getLogger().handlers:
            handler.flush()
        text = (tmp_path / "desktop-notifier.log").read_text()
        assert "[redacted]" in text
        for fragment in ("eyJhbGci", "sb_secret_abc", "r3fr3sh", "hunter2"):
            assert fragment not in text
    finally:
        logs.setup(None)
