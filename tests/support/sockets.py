"""Socket paths for tests that fit a Unix socket address on macOS too: pytest's `tmp_path` there
is about 120 bytes (`/private/var/folders/…/T/pytest-of-runner/…`) and `sun_path` holds 104."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop_notifier.system.single_instance import fits_sun_path

# A short base on every Unix (macOS's /tmp is /private/tmp); the temp directory elsewhere.
SHORT_BASE = "/tmp" if Path("/tmp").is_dir() else tempfile.gettempdir()


@contextmanager
def short_socket_dir() -> Iterator[Path]:
    """A fresh private directory with a short path, removed afterwards."""
    directory = Path(tempfile.mkdtemp(prefix="cn-", dir=SHORT_BASE))
    try:
        yield directory
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def socket_path(directory: Path, stem: str) -> str:
    """`directory/stem`, refusing (AssertionError) a path that macOS could not bind."""
    path = str(directory / stem)
    assert fits_sun_path(path), f"socket path too long for macOS ({len(path)} bytes): {path}"
    return path
