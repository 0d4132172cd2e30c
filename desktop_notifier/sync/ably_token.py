"""The project's Ably token endpoint (`/functions/v1/ably-token`, README "Ably"): our Supabase
access token in, an Ably token for our own channel out (`token_details`, and the `endpoint` and
`tls` of a non-default Ably host), through the user's proxy. Its refusals in the `LinkFailed`
family the supervisor reads: the gateway refusing the project's key is `UpgradeRefused(401)`
(as Realtime's upgrade says it), our sign-in refused `SignInRefused` (an expired token for the
supervisor), no such function `JoinRefused` (the project is not set up for Ably).
"""

from __future__ import annotations

from typing import Any

import httpx

from desktop_notifier.sync.realtime_link import JoinRefused, LinkFailed, UpgradeRefused

TOKEN_PATH = "/functions/v1/ably-token"
TIMEOUT = 10.0


class SignInRefused(LinkFailed):
    """The token endpoint refused our access token (HTTP 401)."""


async def request_token(
    url: str, anon_key: str, access_token: str, proxy: str | None
) -> dict[str, Any]:
    """The endpoint's answer (with `token_details`); raises the `LinkFailed` family."""
    headers = {"apikey": anon_key, "Authorization": f"Bearer {access_token}"}
    try:
        async with httpx.AsyncClient(proxy=proxy, timeout=TIMEOUT) as http:
            resp = await http.post(url + TOKEN_PATH, headers=headers, json={})
    except httpx.HTTPError as exc:
        said = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        raise LinkFailed(f"connect: Ably token endpoint: {said}") from exc
    if resp.status_code == 401 and "api key" in resp.text.lower():
        # the gateway (Kong: "Invalid API key") refused the project's key, not our sign-in
        raise UpgradeRefused(401)
    if resp.status_code == 401:
        raise SignInRefused("connect: the Ably token endpoint refused our sign-in (HTTP 401)")
    if resp.status_code == 404:
        raise JoinRefused(
            "AblyTokenEndpoint: this project has no ably-token function (README: Ably)"
        )
    if resp.status_code >= 300:
        raise LinkFailed(f"connect: the Ably token endpoint answered HTTP {resp.status_code}")
    body = resp.json()
    if not isinstance(body, dict) or not isinstance(body.get("token_details"), dict):
        raise LinkFailed("connect: the Ably token endpoint answered no token")
    return body
