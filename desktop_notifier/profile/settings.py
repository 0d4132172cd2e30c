"""Non-secret preferences of one profile, stored as JSON in the profile directory.

Secrets (anon key, refresh token) never come here: they live in the keyring (`credentials`).
A missing or unreadable file gives defaults; unknown keys are ignored; writes are atomic.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from desktop_notifier.alerts import AlertKind, AlertPrefs
from desktop_notifier.alerts.team import TeamPrefs
from desktop_notifier.common.live_sources import DEFAULT_SOURCE, SOURCES
from desktop_notifier.events import CallRules

log = logging.getLogger(__name__)
FILE_NAME = "settings.json"
PROXY_MODES = ("system", "none", "manual")


@dataclass(frozen=True)
class Settings:
    url: str = ""
    email: str = ""
    alerts: AlertPrefs = field(default_factory=AlertPrefs)
    inbox_seconds: int = 30
    missed_statuses: tuple[str, ...] = ("missed",)
    start_at_login: bool = False
    lost_connection_grace_seconds: int = 120
    # The user opted in to a self-hosted server over plain http:// (password and data unencrypted).
    allow_insecure_http: bool = False
    # Catch-up: while live, read what the server may have dropped this often; the timestamp
    # fallback re-reads this far back for transactions that committed late.
    reconcile_seconds: float = 120.0  # benchmarks/catchup.py: ~1 CPU s and ~5 MB an hour
    catchup_overlap_seconds: float = 120.0
    # Proxy: "system" (environment, then the OS settings), "none" or "manual" (`proxy_url`,
    # `proxy_user`; the password lives in the keyring).
    proxy_mode: str = "system"
    proxy_url: str = ""
    proxy_user: str = ""
    # Limited mode: after this many websocket failures in a row while REST answers, poll
    # PostgREST every `poll_seconds` and try the websocket again every `probe_seconds`.
    limited_after: int = 3
    poll_seconds: float = 5.0
    probe_seconds: float = 20.0
    history_days: int = 90  # alerts kept in the history this long; 0: for ever
    # Team alerting: reminders, snooze, escalation, privacy mode, sounds per kind.
    team: TeamPrefs = field(default_factory=TeamPrefs)
    # What carries live changes (`common/live_sources.SOURCES`); the catch-up is PostgREST anyway.
    source: str = DEFAULT_SOURCE

    @property
    def language(self) -> str:
        return self.alerts.language

    @property
    def inbox_ttl(self) -> timedelta:
        return timedelta(seconds=self.inbox_seconds)

    @property
    def rules(self) -> CallRules:
        return CallRules(missed_statuses=frozenset(s.lower() for s in self.missed_statuses))

    @property
    def configured(self) -> bool:
        return bool(self.url)

    def to_json(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "email": self.email,
            "enabled_alerts": sorted(kind.value for kind in self.alerts.enabled),
            "high_score": self.alerts.high_score,
            "low_score": self.alerts.low_score,
            "language": self.alerts.language,
            "inbox_seconds": self.inbox_seconds,
            "missed_statuses": list(self.missed_statuses),
            "start_at_login": self.start_at_login,
            "lost_connection_grace_seconds": self.lost_connection_grace_seconds,
            "allow_insecure_http": self.allow_insecure_http,
            "reconcile_seconds": self.reconcile_seconds,
            "catchup_overlap_seconds": self.catchup_overlap_seconds,
            "proxy_mode": self.proxy_mode,
            "proxy_url": self.proxy_url,
            "proxy_user": self.proxy_user,
            "limited_after": self.limited_after,
            "poll_seconds": self.poll_seconds,
            "probe_seconds": self.probe_seconds,
            "history_days": self.history_days,
            "repeat_minutes": self.team.repeat_minutes,
            "snooze_minutes": self.team.snooze_minutes,
            "escalate_minutes": self.team.escalate_minutes,
            "privacy_mode": self.team.privacy,
            "sound_kinds": sorted(kind.value for kind in self.team.sounds),
            "source": self.source,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Settings:
        """Build settings from a parsed file; each bad value falls back to its default."""
        base = cls()
        alerts = base.alerts
        try:
            enabled = frozenset(AlertKind(v) for v in data.get("enabled_alerts", alerts.enabled))
            alerts = AlertPrefs(
                enabled=enabled,
                high_score=int(data.get("high_score", alerts.high_score)),
                low_score=int(data.get("low_score", alerts.low_score)),
                language=str(data.get("language", alerts.language)),
            )
        except (TypeError, ValueError) as exc:
            log.warning(
                "alert preferences in the settings file are invalid (%s); using defaults", exc
            )
        result = replace(base, alerts=alerts)
        for name, kind in (
            ("url", str),
            ("email", str),
            ("inbox_seconds", int),
            ("start_at_login", bool),
            ("lost_connection_grace_seconds", int),
            ("allow_insecure_http", bool),
            ("proxy_url", str),
            ("proxy_user", str),
        ):
            if isinstance(data.get(name), kind):
                result = replace(result, **{name: data[name]})
        periods: dict[str, Any] = {}
        if data.get("source") in SOURCES:
            result = replace(result, source=data["source"])
        if data.get("proxy_mode") in PROXY_MODES:
            result = replace(result, proxy_mode=data["proxy_mode"])
        limited_after = data.get("limited_after")
        if isinstance(limited_after, int) and not isinstance(limited_after, bool):
            result = replace(result, limited_after=max(limited_after, 1))
        for name in (
            "reconcile_seconds",
            "catchup_overlap_seconds",
            "poll_seconds",
            "probe_seconds",
        ):
            value = data.get(name)
            if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
                periods[name] = float(value)
        result = replace(result, **periods)
        statuses = data.get("missed_statuses")
        if isinstance(statuses, list) and all(isinstance(s, str) for s in statuses) and statuses:
            result = replace(result, missed_statuses=tuple(statuses))
        days = data.get("history_days")
        if isinstance(days, int) and not isinstance(days, bool) and days >= 0:
            result = replace(result, history_days=days)
        if result.inbox_seconds <= 0:
            result = replace(result, inbox_seconds=base.inbox_seconds)
        return replace(result, team=_team_from_json(data))


def _team_from_json(data: dict[str, Any]) -> TeamPrefs:
    """The team preferences of a parsed file; each bad value falls back to its default."""
    team = TeamPrefs()
    values: dict[str, Any] = {}
    for name in ("repeat_minutes", "snooze_minutes", "escalate_minutes"):
        value = data.get(name)
        if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
            values[name] = float(value)
    if isinstance(data.get("privacy_mode"), bool):
        values["privacy"] = data["privacy_mode"]
    kinds = data.get("sound_kinds")
    if isinstance(kinds, list) and all(k in {v.value for v in AlertKind} for k in kinds):
        values["sounds"] = frozenset(AlertKind(k) for k in kinds)
    return replace(team, **values)


def load(profile_dir: Path) -> Settings:
    path = profile_dir / FILE_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError) as exc:
        log.warning("settings file %s is unreadable (%s); using defaults", path, exc)
        return Settings()
    return Settings.from_json(data) if isinstance(data, dict) else Settings()


def save(profile_dir: Path, settings: Settings) -> None:
    """Write atomically (temp file + rename) so a crash never leaves half a file."""
    profile_dir.mkdir(parents=True, exist_ok=True)
    text = json.dumps(settings.to_json(), indent=2, ensure_ascii=False)
    fd, tmp = tempfile.mkstemp(dir=profile_dir, prefix=".settings.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
        os.replace(tmp, profile_dir / FILE_NAME)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
