"""Fixtures of the installer tests: a short directory for the Unix sockets they listen on."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.sockets import short_socket_dir


@pytest.fixture
def sock_dir() -> Iterator[Path]:
    """Where a test's sockets go: not `tmp_path`, too long on macOS runners."""
    with short_socket_dir() as directory:
        yield directory
