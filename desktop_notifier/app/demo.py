"""`--demo`: start the local Supabase stand-in with simulated calls and sign a throwaway profile
in to it, so a newcomer sees real alerts within seconds. Nothing of it outlives the process: the
stand-in (and its PostgreSQL) shuts down when the app ends, even by SIGKILL or a crash — it
holds a pipe from us on its stdin and leaves when that closes (`--exit-with-parent`, plus the
parent-death signal on Linux)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import sys
from dataclasses import dataclass
from typing import Any

from desktop_notifier.profile.credentials import MemorySecrets, SecretStore
from desktop_notifier.profile.directory import Profile, resolve
from desktop_notifier.sync.signin import sign_in_and_store

log = logging.getLogger(__name__)
READY_TIMEOUT = 90.0


class DemoUnavailable(Exception):
    """The stand-in could not start; the message says why and what to install."""


@dataclass
class DemoStack:
    process: asyncio.subprocess.Process
    info: dict[str, Any]

    @classmethod
    async def start(cls, *extra: str) -> DemoStack:
        try:
            process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "desktop_notifier.devstack",
                "--simulate",
                "--exit-with-parent",
                *extra,
                stdin=asyncio.subprocess.PIPE,  # its watchdog: closed when we die, however
                stdout=asyncio.subprocess.PIPE,
            )
        except OSError as exc:
            raise DemoUnavailable(f"could not start the local stand-in: {exc}") from exc
        assert process.stdout is not None
        try:
            line = await asyncio.wait_for(process.stdout.readline(), READY_TIMEOUT)
            info = json.loads(line)
        except (TimeoutError, ValueError) as exc:
            process.terminate()
            await process.wait()
            raise DemoUnavailable(
                "the local stand-in did not start; run 'make run' (it installs PostgreSQL "
                "and the devstack extra) or see its messages above"
            ) from exc
        log.info("demo stand-in ready at %s", info.get("url"))
        return cls(process, info)

    async def stop(self) -> None:
        if self.process.returncode is None:
            self.process.terminate()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.process.wait(), 15)
        if self.process.returncode is None:
            self.process.kill()
            await self.process.wait()


async def signed_in_profile(stack: DemoStack, directory: str) -> tuple[Profile, SecretStore]:
    """A throwaway profile in `directory`, signed in to the stand-in as its demo user; its
    secrets stay in memory (they belong to a local stand-in and must not outlive it)."""
    profile = resolve(directory).ensure()
    secrets = MemorySecrets()
    info = stack.info
    account = await sign_in_and_store(
        profile,
        secrets,
        url=info["url"],
        anon_key=info["anon_key"],
        email=info["email"],
        password=info["password"],
    )
    await account.close()
    return profile, secrets
