"""A privileged key stored in the keyring by an older version (the denylist let
`supabase_admin` JWTs through) is not used to restore the session: `watch` stops signed out
with the service-role sentence."""

from __future__ import annotations

from pathlib import Path

import jwt
import pytest

from desktop_notifier.common.errors import UserError, describe
from desktop_notifier.profile.credentials import Secrets
from tests.support.cli import watch_restore
from tests.support.standin import JWT_SECRET, Standin

pytestmark = pytest.mark.desktop


def test_a_stored_privileged_key_is_not_used(tmp_path: Path, standin: Standin) -> None:
    admin = jwt.encode({"role": "supabase_admin"}, JWT_SECRET, algorithm="HS256")
    watch = watch_restore(tmp_path / "profile", standin.url, Secrets(admin, "some-refresh-token"))
    sentence = describe(UserError("service_role_key"), "pt_BR")
    assert f"[signed_out]: {sentence}" in watch.states
    assert admin not in "\n".join(watch.states)
