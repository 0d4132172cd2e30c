"""The only keyring caller: the anon key and the refresh token of one profile.

Secrets live in the OS keyring (Secret Service, Windows Credential Locker, macOS Keychain) and
nowhere else: a missing, locked or plaintext-only keyring is an error, never a fallback. Calls
are blocking, so the async methods run them in a worker thread; on Linux that thread runs them in
a short-lived child process (keyring_process.py: the Secret Service client's memory is not kept).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from desktop_notifier.common.errors import ErrorCode, UserError
from desktop_notifier.profile import keyring_process

if TYPE_CHECKING:  # keyring is imported when first used: it is not needed to show the tray
    import keyring.backend

log = logging.getLogger(__name__)
SERVICE = "calls-notifier"
ANON_KEY = "anon_key"
REFRESH_TOKEN = "refresh_token"
PROXY_PASSWORD = "proxy_password"
RECENT_SECONDS = 3.0  # a load this soon after the last one answers from it (child only)
_INSECURE_BACKENDS = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")


@dataclass(frozen=True)
class Secrets:
    anon_key: str
    refresh_token: str


class SecretStore(Protocol):
    async def load(self) -> Secrets | None: ...

    async def save(self, secrets: Secrets) -> None: ...

    async def clear(self) -> None: ...

    async def load_proxy_password(self) -> str | None: ...

    async def save_proxy_password(self, password: str) -> None: ...


class MemorySecrets:
    """Secrets kept only in this process: for the throwaway demo profile, whose credentials
    belong to a local stand-in and must not outlive it."""

    def __init__(self) -> None:
        self._secrets: Secrets | None = None
        self._proxy_password: str | None = None

    async def load(self) -> Secrets | None:
        return self._secrets

    async def save(self, secrets: Secrets) -> None:
        self._secrets = secrets

    async def clear(self) -> None:
        self._secrets = None

    async def load_proxy_password(self) -> str | None:
        return self._proxy_password

    async def save_proxy_password(self, password: str) -> None:
        self._proxy_password = password or None


def _backend() -> keyring.backend.KeyringBackend:
    import keyring

    backend = keyring.get_keyring()
    name = type(backend).__module__
    chained = getattr(backend, "backends", None)
    if chained is not None:  # ChainerBackend: judge by what it would really use
        usable = [b for b in chained if not type(b).__module__.startswith(_INSECURE_BACKENDS)]
        if not usable:
            raise UserError(ErrorCode.KEYRING_UNAVAILABLE, detail="no secure keyring backend")
        return backend
    if name.startswith(_INSECURE_BACKENDS):
        raise UserError(ErrorCode.KEYRING_UNAVAILABLE, detail="no secure keyring backend")
    return backend


def _map_error(exc: Exception) -> UserError:
    import keyring.errors

    if isinstance(exc, keyring.errors.KeyringLocked):
        return UserError(ErrorCode.KEYRING_UNAVAILABLE, detail="locked")
    if isinstance(exc, keyring.errors.NoKeyringError):
        return UserError(ErrorCode.KEYRING_UNAVAILABLE, detail="no keyring backend")
    return UserError(ErrorCode.KEYRING_UNAVAILABLE, detail=type(exc).__name__)


class KeyringSecrets:
    """Secrets of one profile, namespaced so two profiles never share an entry."""

    def __init__(self, namespace: str, *, in_child: bool | None = None) -> None:
        """`in_child`: run the keyring calls in a child process (default: on Linux)."""
        self._namespace = namespace
        self._in_child = keyring_process.wanted() if in_child is None else in_child
        # The start reads the secrets twice within a moment (are they there? then the sign-in):
        # one child answers both. Any save or clear forgets it.
        self._recent: tuple[float, Secrets | None] | None = None

    def _user(self, item: str) -> str:
        return f"{self._namespace}/{item}"

    def load_blocking(self) -> Secrets | None:
        try:
            backend = _backend()
            anon = backend.get_password(SERVICE, self._user(ANON_KEY))
            refresh = backend.get_password(SERVICE, self._user(REFRESH_TOKEN))
        except UserError:
            raise
        except Exception as exc:  # keyring raises many unrelated types (D-Bus, OS errors)
            raise _map_error(exc) from exc
        if not anon or not refresh:
            return None
        return Secrets(anon, refresh)

    def save_blocking(self, secrets: Secrets) -> None:
        try:
            backend = _backend()
            backend.set_password(SERVICE, self._user(ANON_KEY), secrets.anon_key)
            backend.set_password(SERVICE, self._user(REFRESH_TOKEN), secrets.refresh_token)
        except UserError:
            raise
        except Exception as exc:
            raise _map_error(exc) from exc

    def clear_blocking(self) -> None:
        import keyring.errors

        try:
            backend = _backend()
            for item in (ANON_KEY, REFRESH_TOKEN):
                with contextlib.suppress(keyring.errors.PasswordDeleteError):  # already absent
                    backend.delete_password(SERVICE, self._user(item))
        except UserError:
            raise
        except Exception as exc:
            raise _map_error(exc) from exc

    def proxy_password_blocking(self, new: str | None = None, *, write: bool = False) -> str | None:
        """The proxy's password (manual proxy with basic authentication): read, or write
        `new` (an empty one removes it)."""
        import keyring.errors

        try:
            backend = _backend()
            if not write:
                return backend.get_password(SERVICE, self._user(PROXY_PASSWORD))
            if new:
                backend.set_password(SERVICE, self._user(PROXY_PASSWORD), new)
            else:
                with contextlib.suppress(keyring.errors.PasswordDeleteError):
                    backend.delete_password(SERVICE, self._user(PROXY_PASSWORD))
            return None
        except UserError:
            raise
        except Exception as exc:
            raise _map_error(exc) from exc

    async def load_proxy_password(self) -> str | None:
        if self._in_child:
            found = await self._child("proxy_password", [None, False])
            return None if found is None else str(found)
        return await asyncio.to_thread(self.proxy_password_blocking)

    async def save_proxy_password(self, password: str) -> None:
        if self._in_child:
            await self._child("proxy_password", [password, True])
        else:
            await asyncio.to_thread(self.proxy_password_blocking, password, write=True)

    async def load(self) -> Secrets | None:
        if not self._in_child:
            return await asyncio.to_thread(self.load_blocking)
        if self._recent is not None and time.monotonic() - self._recent[0] < RECENT_SECONDS:
            return self._recent[1]
        found = await self._child("load", [])
        loaded = None
        if isinstance(found, list) and len(found) == 2:
            loaded = Secrets(str(found[0]), str(found[1]))
        self._recent = (time.monotonic(), loaded)
        return loaded

    async def save(self, secrets: Secrets) -> None:
        self._recent = None
        if self._in_child:
            await self._child("save", [secrets.anon_key, secrets.refresh_token])
        else:
            await asyncio.to_thread(self.save_blocking, secrets)

    async def clear(self) -> None:
        self._recent = None
        if self._in_child:
            await self._child("clear", [])
        else:
            await asyncio.to_thread(self.clear_blocking)

    async def _child(self, op: str, args: list[keyring_process.JSON]) -> keyring_process.JSON:
        return await asyncio.to_thread(keyring_process.call, self._namespace, op, args)


def run_in_child(namespace: str, op: str, args: list[keyring_process.JSON]) -> keyring_process.JSON:
    """One keyring call in the child process (keyring_process.serve)."""
    secrets = KeyringSecrets(namespace, in_child=False)
    if op == "load":
        loaded = secrets.load_blocking()
        return None if loaded is None else [loaded.anon_key, loaded.refresh_token]
    if op == "save":
        secrets.save_blocking(Secrets(str(args[0]), str(args[1])))
        return None
    if op == "clear":
        secrets.clear_blocking()
        return None
    if op == "proxy_password":
        new = None if args[0] is None else str(args[0])
        return secrets.proxy_password_blocking(new, write=bool(args[1]))
    raise ValueError(f"unknown keyring operation {op!r}")


if __name__ == "__main__":  # the keyring child of a run from source (keyring_process.command)
    sys.exit(keyring_process.serve(run_in_child))
