"""Command line of ``python -m desktop_notifier.devstack`` and the settings it produces."""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop_notifier.devstack.limits import check_duration
from desktop_notifier.devstack.tokens import API_ROLES
from desktop_notifier.devstack.users import parse_user_spec


@dataclass(frozen=True)
class Options:
    port: int = 0
    data: Path | None = None
    postgres: str | None = None
    simulate: bool = False
    simulate_rate: float = 12.0
    jwt_expiry: int = 3600
    jwt_secret: str | None = None
    poll_interval: float = 0.05
    subscribe_delay: float = 0.05
    users: tuple[tuple[str, str], ...] = ()
    log_level: str = "INFO"
    upgrade_error_delay: float = 2.0
    join_error_delay: float = 5.0
    idle_timeout: float = 60.0
    private_only: bool = False
    exit_with_parent: bool = False
    migrations_upto: str | None = None
    db_max_rows: int = 1000
    statement_timeouts: tuple[tuple[str, str], ...] = ()
    row_cost_ms: float = 0.0
    events_per_second: int = 100
    events_window: float = 60.0
    clock_offset: float = 0.0
    refresh_rate_limit: float = 150.0
    refresh_reuse_interval: float = 10.0
    oauth_providers: tuple[str, ...] = ("google", "azure")
    otp_expiry: float = 3600.0


def _user(spec: str) -> tuple[str, str]:
    try:
        return parse_user_spec(spec)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from e


def _role_timeout(spec: str) -> tuple[str, str]:
    role, sep, value = spec.partition("=")
    if not sep or role not in API_ROLES:
        raise argparse.ArgumentTypeError(f"expected ROLE=DURATION with ROLE in {API_ROLES}")
    try:
        return role, check_duration(value)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from e


def _add_real_server_limits(p: argparse.ArgumentParser) -> None:
    """The real servers' limits the stand-in models (see the README's stand-in section)."""
    p.add_argument(
        "--db-max-rows", type=int, default=1000, metavar="N",
        help="PostgREST db-max-rows: reads return at most N rows, silently (0: no cap)",
    )  # fmt: skip
    p.add_argument(
        "--statement-timeout", type=_role_timeout, action="append", default=[],
        metavar="ROLE=DURATION",
        help="override a role's statement_timeout (Supabase: authenticated=8s, anon=3s)",
    )  # fmt: skip
    p.add_argument(
        "--row-cost-ms", type=float, default=0.0, metavar="MS",
        help="simulated database time per row a REST read returns (0: none)",
    )  # fmt: skip
    p.add_argument(
        "--events-per-second", type=int, default=100, metavar="N",
        help="Realtime max_events_per_second: above it, changes are read and dropped (0: none)",
    )  # fmt: skip
    p.add_argument(
        "--events-window", type=float, default=60.0, metavar="SECONDS",
        help="the window the events-per-second average is taken over (Realtime: 60)",
    )  # fmt: skip


def parse_args(argv: Sequence[str] | None = None) -> Options:
    p = argparse.ArgumentParser(
        prog="python -m desktop_notifier.devstack",
        description="Local Supabase stand-in (Realtime, PostgREST, Auth) for development and "
        "tests. Prints one JSON line with url, keys and credentials when ready.",
    )
    p.add_argument("--port", type=int, default=0, help="HTTP/WebSocket port (0: pick a free one)")
    p.add_argument(
        "--data", type=Path, help="PostgreSQL data dir, created or reused (default: temp)"
    )
    p.add_argument(
        "--postgres",
        metavar="DSN",
        default=os.environ.get("DEVSTACK_POSTGRES"),
        help="use this running PostgreSQL instead (default: $DEVSTACK_POSTGRES; the "
        "environment keeps a password out of the process list)",
    )
    p.add_argument("--simulate", action="store_true", help="generate a stream of demo calls")
    p.add_argument("--simulate-rate", type=float, default=12.0, help="new calls per minute")
    p.add_argument("--jwt-expiry", type=int, default=3600, help="access token lifetime (s)")
    p.add_argument(
        "--jwt-secret",
        default=os.environ.get("DEVSTACK_JWT_SECRET"),
        help="HS256 secret (default: $DEVSTACK_JWT_SECRET, else the one kept in the database, "
        "made at the first start); the same secret gives the same API keys",
    )
    p.add_argument("--poll-interval", type=float, default=0.05, help="wal2json poll period (s)")
    p.add_argument(
        "--subscribe-delay",
        type=float,
        default=0.05,
        help="delay before 'Subscribed to PostgreSQL' (s)",
    )
    p.add_argument(
        "--user", type=_user, action="append", default=[], metavar="EMAIL:PASSWORD",
        help="extra user (repeatable)",
    )  # fmt: skip
    p.add_argument("--log-level", default="INFO", help="stderr log level")
    _add_real_server_limits(p)
    p.add_argument(
        "--upgrade-error-delay", type=float, default=2.0,
        help="delay before a refused websocket upgrade is answered (s; real server: 2)",
    )  # fmt: skip
    p.add_argument(
        "--join-error-delay", type=float, default=5.0,
        help="delay before a refused channel join is answered (s; real server: 5)",
    )  # fmt: skip
    p.add_argument(
        "--idle-timeout", type=float, default=60.0,
        help="close a websocket that sent nothing for this long (s; Phoenix: 60)",
    )  # fmt: skip
    p.add_argument(
        "--private-only", action="store_true", help="refuse public channel joins (PrivateOnly)"
    )
    p.add_argument(
        "--exit-with-parent",
        action="store_true",
        help="shut down when the starting process dies (stdin must be a pipe from it)",
    )
    p.add_argument(
        "--migrations-upto", metavar="NNN",
        help="apply resources/sql migrations only up to this number (e.g. 001: an older "
        "schema without calls_changes; a database that already has a later one keeps it)",
    )  # fmt: skip
    p.add_argument(
        "--clock-offset", type=float, default=0.0, metavar="SECONDS",
        help="server clock minus the host's (tokens, expiry checks, Date header)",
    )  # fmt: skip
    p.add_argument(
        "--refresh-rate-limit", type=float, default=150.0, metavar="N",
        help="refresh-token grants per 5 minutes per IP (GoTrue: 150), then HTTP 429",
    )  # fmt: skip
    p.add_argument(
        "--refresh-reuse-interval", type=float, default=10.0, metavar="SECONDS",
        help="how long a rotated refresh token may still be reused (GoTrue: 10)",
    )  # fmt: skip
    p.add_argument(
        "--oauth-providers", default="google,azure", metavar="NAMES",
        help="OAuth providers the project enables (comma-separated; each is a test page)",
    )  # fmt: skip
    p.add_argument(
        "--otp-expiry", type=float, default=3600.0, metavar="SECONDS",
        help="how long an e-mailed sign-in code works (Supabase's default: 3600)",
    )  # fmt: skip
    a = p.parse_args(argv)
    if a.data is not None and a.postgres is not None:
        p.error("--data and --postgres are mutually exclusive")
    return Options(
        port=a.port,
        data=a.data,
        postgres=a.postgres,
        simulate=a.simulate,
        simulate_rate=a.simulate_rate,
        jwt_expiry=a.jwt_expiry,
        jwt_secret=a.jwt_secret,
        poll_interval=a.poll_interval,
        subscribe_delay=a.subscribe_delay,
        users=tuple(a.user),
        log_level=a.log_level.upper(),
        upgrade_error_delay=a.upgrade_error_delay,
        join_error_delay=a.join_error_delay,
        idle_timeout=a.idle_timeout,
        private_only=a.private_only,
        exit_with_parent=a.exit_with_parent,
        migrations_upto=a.migrations_upto,
        db_max_rows=a.db_max_rows,
        statement_timeouts=tuple(a.statement_timeout),
        row_cost_ms=a.row_cost_ms,
        events_per_second=a.events_per_second,
        events_window=a.events_window,
        clock_offset=a.clock_offset,
        refresh_rate_limit=a.refresh_rate_limit,
        refresh_reuse_interval=a.refresh_reuse_interval,
        oauth_providers=tuple(n.strip() for n in a.oauth_providers.split(",") if n.strip()),
        otp_expiry=a.otp_expiry,
    )
