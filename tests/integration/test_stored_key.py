"""A privileged key stored in the keyring by an older version (the denylist let
`supabase_admin` JWTs through) is not used to restore the session: `watch` stops signed out
with the service-role sentence."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import jwt
import pytest

from desktop_notifier.credentials import KeyringSecrets, Secrets
from desktop_notifier.errors import UserError, describe
from desktop_notifier.profile import resolve
from tests.support.cli import Watch
from tests.support.standin import JWT_SECRET, Standin

pytestmark = pytest.mark.desktop


def test_a_stored_privileged_key_is_not_used(tmp_path: Path, standin: Standin) -> None:
    profile = resolve(str(tmp_path / "profile")).ensure()
    secrets = KeyringSecrets(profile.keyring_namespace)
    admin = jwt.encode({"role": "supabase_admin"}, JWT_SECRET, algorithm="HS256")
    (profile.directory / "settings.json").write_text(json.dumps({"url": standin.url}))
    asyncio.run(secrets.save(Secrets(admin, "some-refresh-token")))
    try:
        watch = Watch.start(profile.directory)
        try:
            watch.wait_state("signed_out")
        finally:
            watch.stop()
    finally:
        asyncio.run(secrets.clear())
    sentence = describe(UserError("service_role_key"), "pt_BR")
    assert f"[signed_out]: {sentence}" in watch.states
    assert admin not in "\n".join(watch.states)
