"""The proxy the user chose, resolved into the `ProxyRoute` every connection takes.

Settings' "Proxy": "system" (the environment, then the OS settings: the caller hands the
reader, `system.proxy_settings.system_route`), "none", or "manual" (`proxy_url`). A proxy that
needs basic authentication gets `proxy_user` from the settings and the password from the
keyring (never the settings file); a system proxy URL that already names a user keeps its own.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Protocol

from desktop_notifier.common.proxy_route import ProxyRoute
from desktop_notifier.profile.credentials import SecretStore
from desktop_notifier.profile.settings import Settings

SystemProxy = Callable[[], ProxyRoute]


class TypedPassword:
    """The password typed in the settings (not saved yet), else the keyring's."""

    def __init__(self, secrets: SecretStore, typed: str) -> None:
        self._secrets = secrets
        self._typed = typed

    async def load_proxy_password(self) -> str | None:
        return self._typed or await self._secrets.load_proxy_password()


class PasswordSource(Protocol):
    async def load_proxy_password(self) -> str | None: ...


async def proxy_route(
    settings: Settings, secrets: PasswordSource, system: SystemProxy = ProxyRoute.from_environment
) -> ProxyRoute:
    if settings.proxy_mode == "none":
        return ProxyRoute.direct()
    if settings.proxy_mode == "manual":
        if not settings.proxy_url.strip():
            return ProxyRoute.direct()
        route = ProxyRoute.single(settings.proxy_url.strip())
    else:
        route = await asyncio.to_thread(system)  # it may run `gsettings`
    if settings.proxy_user and not route.empty:
        password = await secrets.load_proxy_password()
        route = route.with_credentials(settings.proxy_user, password or "")
    return route
