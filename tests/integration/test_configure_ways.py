"""`desktop-notifier configure` signs in with an e-mailed code or through the browser, as a
person at a terminal would: the prompt and the sign-in address on stderr, the code typed on
stdin, the browser played by the test; the session lands in the keyring like a password's."""

from __future__ import annotations

import asyncio
import subprocess
from pathlib import Path

import pytest

from desktop_notifier.profile.credentials import KeyringSecrets
from desktop_notifier.profile.directory import resolve
from tests.support.browser import sign_in_at_provider
from tests.support.cli import COMMAND, cli_env
from tests.support.standin import Standin

pytestmark = [pytest.mark.desktop, pytest.mark.filterwarnings("ignore::DeprecationWarning")]


def _start(profile: Path, standin: Standin, *way: str) -> subprocess.Popen[str]:
    argv = [
        *COMMAND,
        "--profile",
        str(profile),
        "configure",
        "--url",
        standin.url,
        "--anon-key",
        standin.info["anon_key"],
        *way,
    ]
    return subprocess.Popen(
        argv,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cli_env(),
    )


def _stored(profile: Path) -> bool:
    namespace = resolve(str(profile)).keyring_namespace
    return asyncio.run(KeyringSecrets(namespace).load()) is not None


def test_configure_with_an_emailed_code(tmp_path: Path, standin: Standin) -> None:
    profile = tmp_path / "profile"
    process = _start(profile, standin, "--email-code", "--email", standin.info["email"])
    assert process.stderr is not None and process.stdin is not None
    prompt = process.stderr.readline()
    assert prompt.startswith("Código enviado para demo@example.com."), prompt
    code = standin.admin("GET", "mailbox?to=demo@example.com")[-1]["code"]
    out, err = process.communicate(code + "\n", timeout=60)
    assert process.returncode == 0, err
    assert out.strip() == f"Conectado como demo@example.com em {standin.url}."
    assert _stored(profile)


def test_configure_with_a_wrong_code_says_so_and_stores_nothing(
    tmp_path: Path, standin: Standin
) -> None:
    profile = tmp_path / "profile"
    process = _start(profile, standin, "--email-code", "--email", standin.info["email"])
    assert process.stderr is not None
    process.stderr.readline()
    code = standin.admin("GET", "mailbox?to=demo@example.com")[-1]["code"]
    wrong = "000000" if code != "000000" else "111111"
    out, err = process.communicate(wrong + "\n", timeout=60)
    assert process.returncode == 1 and out == ""
    assert err.strip() == (
        "Código incorreto ou expirado. Peça um novo código e digite os 6 números do e-mail "
        "mais recente."
    )
    assert not _stored(profile)


def test_configure_through_the_browser(tmp_path: Path, standin: Standin) -> None:
    profile = tmp_path / "profile"
    process = _start(profile, standin, "--browser", "azure", "--no-open")
    assert process.stderr is not None
    assert process.stderr.readline().startswith("Conclua a entrada no navegador (Microsoft).")
    address = process.stderr.readline().strip()
    page = asyncio.run(sign_in_at_provider(address, "pedro@vendas.example.com"))
    assert page.status_code == 200
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert out.strip() == f"Conectado como pedro@vendas.example.com em {standin.url}."
    assert _stored(profile)


def test_configure_with_a_provider_the_project_does_not_enable(
    tmp_path: Path, standin: Standin
) -> None:
    process = _start(tmp_path / "profile", standin, "--browser", "github", "--no-open")
    _, err = process.communicate(timeout=60)
    assert process.returncode == 1
    assert err.strip() == ("Este projeto não permite entrar com github; permitidos: azure, google.")
