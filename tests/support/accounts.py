"""A second local OS account for the tests that check what another user can reach."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator

import pytest


@pytest.fixture
def stranger() -> Iterator[str]:
    """Another local OS account, made for this test and removed after it."""
    if os.geteuid() != 0:
        pytest.skip("creating a second OS user needs root (CI runs as root)")
    name = f"cn-stranger-{uuid.uuid4().hex[:6]}"
    subprocess.run(["useradd", "--no-create-home", "--shell", "/bin/sh", name], check=True)
    try:
        yield name
    finally:
        subprocess.run(["userdel", name], check=True)  # fails if it left a process
