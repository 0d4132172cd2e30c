"""Where one profile lives: settings, store and logs under one directory (0700, its files
0600), keyring entries under one namespace, so two profiles never mix.

`--profile DIR` or `DESKTOP_NOTIFIER_PROFILE` choose the directory; otherwise the platform's
per-user data directory.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from desktop_notifier.profile.private_files import private_dir, tighten_files

ENV_VAR = "DESKTOP_NOTIFIER_PROFILE"
# The app's own files in the directory (settings and its temp files, the store with its WAL,
# shared memory and moved-aside copies, the single-instance lock) and in its log directory.
OWN_FILES = ("settings.json", ".settings.*", "store.sqlite3*", "instance.lock*")
OWN_LOG_FILES = ("desktop-notifier.log*",)


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
        """Create the directory 0700, or tighten it and the app's files already in it (a
        directory made before, or by hand, keeps its mode otherwise)."""
        private_dir(self.directory)
        tighten_files(self.directory, OWN_FILES)
        if self.log_dir.is_dir():
            private_dir(self.log_dir)
            tighten_files(self.log_dir, OWN_LOG_FILES)
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
