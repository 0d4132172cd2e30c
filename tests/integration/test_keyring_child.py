"""On Linux the keyring's calls run in a child process (profile/keyring_process.py): what the
app saves lands in the real Secret Service (gnome-keyring of the test session) and is read back,
a clear removes it, and the app's own process never loads the Secret Service client."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import uuid

import pytest

from desktop_notifier.profile.credentials import KeyringSecrets, Secrets

pytestmark = pytest.mark.desktop


def test_secrets_round_trip_through_the_child() -> None:
    namespace = f"test-child-{uuid.uuid4()}"
    in_child = KeyringSecrets(namespace)
    in_process = KeyringSecrets(namespace, in_child=False)  # the keyring as before, directly
    assert asyncio.run(in_child.load()) is None
    asyncio.run(in_child.save(Secrets("anon-key-1", "refresh-1")))
    assert in_process.load_blocking() == Secrets("anon-key-1", "refresh-1")
    in_process.save_blocking(Secrets("anon-key-1", "refresh-2"))  # rotated elsewhere
    assert asyncio.run(KeyringSecrets(namespace).load()) == Secrets("anon-key-1", "refresh-2")
    asyncio.run(in_child.save_proxy_password("s3cret"))
    assert asyncio.run(in_child.load_proxy_password()) == "s3cret"
    asyncio.run(in_child.save_proxy_password(""))
    assert in_process.proxy_password_blocking() is None
    asyncio.run(in_child.clear())
    assert in_process.load_blocking() is None


def test_the_app_process_does_not_load_the_secret_service_client() -> None:
    script = (
        "import asyncio, sys, uuid\n"
        "from desktop_notifier.profile.credentials import KeyringSecrets, Secrets\n"
        "secrets = KeyringSecrets(f'test-child-{uuid.uuid4()}')\n"
        "asyncio.run(secrets.save(Secrets('a', 'r')))\n"
        "assert asyncio.run(secrets.load()) == Secrets('a', 'r')\n"
        "asyncio.run(secrets.clear())\n"
        "loaded = ('secretstorage', 'cryptography', 'keyring')\n"
        "print(sorted(m for m in loaded if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "[]"
