"""The real servers' token rules in the stand-in: keys and sessions that survive a restart,
GoTrue's refresh reuse rules and per-IP limit, PostgREST's 30 s skew, and a server clock that
is not the host's."""

from __future__ import annotations

import shutil
import time
import uuid
from collections.abc import Iterator
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, ClassVar

import httpx
import jwt
import pytest

from desktop_notifier.devstack.cluster import PostgresCluster
from tests.devstack.conftest import Standin, start_standin


class Auth:
    """Plain HTTP calls to one stand-in's Auth and REST, as a client would make them."""

    made: ClassVar[list[httpx.Client]] = []  # closed after each test (`_close_clients`)

    def __init__(self, stand: Standin) -> None:
        self.stand = stand
        self.http = httpx.Client(
            base_url=stand.url, headers={"apikey": stand.info["anon_key"]}, timeout=10
        )
        Auth.made.append(self.http)

    def sign_in(self) -> dict[str, Any]:
        info = self.stand.info
        body = {"email": info["email"], "password": info["password"]}
        resp = self.http.post("/auth/v1/token", params={"grant_type": "password"}, json=body)
        resp.raise_for_status()
        return dict(resp.json())

    def refresh(self, token: str) -> httpx.Response:
        return self.http.post(
            "/auth/v1/token", params={"grant_type": "refresh_token"}, json={"refresh_token": token}
        )

    def calls(self, access_token: str) -> httpx.Response:
        return self.http.get(
            "/rest/v1/calls", params={"select": "id", "limit": "1"},
            headers={"Authorization": f"Bearer {access_token}"},
        )  # fmt: skip


@pytest.fixture(autouse=True)
def _close_clients() -> Iterator[None]:
    yield
    while Auth.made:
        Auth.made.pop().close()


@pytest.fixture
def scratch() -> Iterator[Path]:
    path = Path("/tmp") / f"devstack-test-{uuid.uuid4().hex[:8]}"  # reachable by 'postgres'
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_keys_and_sessions_survive_a_restart(tmp_path: Path, scratch: Path) -> None:
    """Started again on the same --data (and no --jwt-secret), the stand-in keeps its keys, the
    access tokens it issued and its users' refresh tokens."""
    data = scratch / "data"
    first = start_standin(tmp_path, data=data, jwt_secret=None)
    try:
        session = Auth(first).sign_in()
    finally:
        assert first.stop() == 0
    second = start_standin(tmp_path, data=data, jwt_secret=None)
    try:
        assert second.info["anon_key"] == first.info["anon_key"]
        auth = Auth(second)
        assert auth.calls(session["access_token"]).status_code == 200
        renewed = auth.refresh(session["refresh_token"])
        assert renewed.status_code == 200, renewed.text
        assert renewed.json()["user"]["id"] == first.info["user_id"]
    finally:
        assert second.stop() == 0
    # A different data directory is a different project: other keys.
    other = start_standin(tmp_path, data=scratch / "other", jwt_secret=None)
    try:
        assert other.info["anon_key"] != first.info["anon_key"]
    finally:
        assert other.stop() == 0


def test_refresh_reuse_rules_and_rate_limit(tmp_path: Path, pg_cluster: PostgresCluster) -> None:
    stand = start_standin(
        tmp_path, postgres=pg_cluster.dsn, refresh_reuse_interval=0, refresh_rate_limit=8
    )
    try:
        auth = Auth(stand)
        t0 = auth.sign_in()["refresh_token"]
        t1 = auth.refresh(t0).json()["refresh_token"]
        t2 = auth.refresh(t1).json()["refresh_token"]
        # The parent of the active token: the client lost the answer; the active one again.
        again = auth.refresh(t1)
        assert again.status_code == 200 and again.json()["refresh_token"] == t2
        # An older one: "Already Used", and the whole session's tokens are revoked.
        old = auth.refresh(t0)
        assert old.status_code == 400
        assert old.json() == {
            "code": "refresh_token_already_used",
            "message": "Invalid Refresh Token: Already Used",
        }
        assert auth.refresh(t2).json()["code"] == "refresh_token_already_used"
        stats = stand.admin("GET", "stats")
        assert (stats["refresh_rotated"], stats["refresh_parent_reused"]) == (2, 1)
        assert stats["refresh_reuse_rejected"] == 2
        # Eight refresh grants per 5 minutes from this address (five spent above), then 429.
        assert [auth.refresh("nope").status_code for _ in range(4)] == [400, 400, 400, 429]
        limited = auth.refresh("nope")
        assert limited.status_code == 429
        assert limited.json() == {
            "code": "over_request_rate_limit",
            "message": "Request rate limit reached",
        }
        assert stand.admin("GET", "stats")["refresh_rate_limited"] == 2
    finally:
        assert stand.stop() == 0


def test_server_clock_offset(tmp_path: Path, pg_cluster: PostgresCluster) -> None:
    """Every time the stand-in issues or checks is on its own clock, which tests can move."""
    stand = start_standin(tmp_path, postgres=pg_cluster.dsn, clock_offset=3600, jwt_expiry=60)
    try:
        auth = Auth(stand)
        session = auth.sign_in()
        now = time.time()
        claims = jwt.decode(session["access_token"], options={"verify_signature": False})
        assert abs(claims["iat"] - (now + 3600)) < 5
        assert session["expires_at"] == claims["exp"] == claims["iat"] + 60
        assert session["expires_in"] == 60
        date = parsedate_to_datetime(auth.calls(session["access_token"]).headers["Date"])
        assert abs(date.timestamp() - (now + 3600)) < 5
        # PostgREST's 30 s skew: 59 s later on the server's clock the token still works...
        stand.admin("POST", "clock?offset=3659")
        assert auth.calls(session["access_token"]).status_code == 200
        # ...31 s past its expiry it is refused with PGRST303.
        stand.admin("POST", "clock?offset=3692")
        refused = auth.calls(session["access_token"])
        assert refused.status_code == 401
        assert refused.json()["code"] == "PGRST303"
        assert refused.json()["message"] == "JWT expired"
        assert stand.admin("GET", "stats")["clock_offset"] == 3692
        # Back in time: a token issued more than 30 s "in the future" is refused too.
        stand.admin("POST", "clock?offset=-60")
        future = auth.calls(auth.sign_in()["access_token"])
        assert future.status_code == 200  # issued on the same (moved) clock: fine
        stand.admin("POST", "clock?offset=-120")
        assert auth.calls(session["access_token"]).json()["message"] == "JWT issued at future"
    finally:
        assert stand.stop() == 0
