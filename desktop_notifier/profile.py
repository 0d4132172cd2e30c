"""Where one profile lives: settings, store and logs under one directory, keyring entries under
one namespace, so two profiles never mix.

`--profile DIR` or `DESKTOP_NOTIFIER_PROFILE` choose the directory; otherwise the platform's
per-user data directory.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

ENV_VAR = "DESKTOP_NOTIFIER_PROFILE"


@dataclass(frozen=True)
class Profile:
    directory: Path
    keyring_namespace: str

    @property
    def store_path(self) -> Path:
        return self.directory / "store.sqlite3"

    @property
    def log_dir(self) -> Path:
        return self.directory / "logs"

    def ensure(self) -> Profile:
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        return self


def default_directory() -> Path:
    return Path(platformdirs.user_data_dir("calls-notifier", appauthor=False))


def resolve(explicit: str | None = None, environ: dict[str, str] | None = None) -> Profile:
    env = os.environ if environ is None else environ
    chosen = explicit or env.get(ENV_VAR)
    if not chosen:
        return Profile(default_directory(), "default")
    directory = Path(chosen).expanduser().resolve()
    digest = hashlib.sha256(str(directory).encode()).hexdigest()[:16]
    return Profile(directory, f"profile-{digest}")
