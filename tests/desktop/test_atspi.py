"""The accessible tree a screen reader gets, read over AT-SPI on the real session (the
accessibility bus of at-spi2-core, Qt's AT-SPI bridge): every control the user can reach in the
settings dialog, a call and the history announces a name and a description, in pt_BR and in
English. The app runs in its own process, as with a screen reader reading another program."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from tests.support import atspi

pytestmark = pytest.mark.desktop
# What the user operates; the parts Qt adds inside a tab list or a combo box are Qt's own.
INTERACTIVE = {"push button", "check box", "text", "spin box", "combo box", "tree"}
QT_OWN = {"page tab list", "combo box", "list", "spin box", "text"}  # e.g. a field's clear button

EXPECTED = {
    "pt_BR": [
        ("text", "URL do Supabase", "O endereço do seu projeto Supabase."),
        ("push button", "Entrar", "Entra com estes dados (Enter em qualquer campo faz o mesmo)."),
        (
            "check box",
            "Mostrar a chave anon",
            "Mostra ou oculta a chave anon enquanto você a digita.",
        ),
        ("push button", "Cancelar", "Fecha sem salvar (Esc)."),
        (
            "text",
            "Transcrição",
            "A transcrição da call, atualizada ao vivo enquanto é transcrita (somente leitura).",
        ),
        (
            "text",
            "Buscar alertas",
            "Filtra a lista enquanto você digita, por empresa, tipo ou texto (Ctrl+F).",
        ),
        ("push button", "Abrir call", "Abre a call do alerta selecionado."),
        (
            "tree",
            "Alertas",
            "Alertas recentes, os mais novos primeiro. Enter abre a call do alerta selecionado.",
        ),
        ("panel", "Score: 92", "O score da call, de 0 a 100."),
    ],
    "en": [
        ("text", "Supabase URL", "The address of your Supabase project."),
        (
            "push button",
            "Sign in",
            "Signs in with these details (Enter in any field does the same).",
        ),
        (
            "text",
            "Search alerts",
            "Filters the list as you type, by company, kind or text (Ctrl+F).",
        ),
        ("push button", "Open call", "Opens the call of the selected alert."),
    ],
}


@pytest.fixture
def a11y_bus() -> str:
    return atspi.bus_address()


def launch(language: str, name: str) -> Iterator[subprocess.Popen[str]]:
    env = dict(os.environ, PYTHONPATH=os.getcwd())
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.support.a11y_app", language, name],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None and process.stdout.readline().strip() == "READY"
        yield process
    finally:
        process.terminate()
        process.wait(10)
        if process.stdout is not None:  # its READY line was read
            process.stdout.close()


def read_tree(address: str, name: str) -> list[atspi.Node]:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        nodes = atspi.tree(address, name)
        # the three windows, with their controls, registered
        if nodes and sum(n.depth == 1 for n in nodes) >= 3:
            return nodes
        time.sleep(0.2)
    raise AssertionError(f"{name} never showed its three windows on the accessibility bus")


@pytest.mark.parametrize("language", ["pt_BR", "en"])
def test_every_reachable_control_announces_a_name_and_a_description(
    a11y_bus: str, language: str
) -> None:
    name = f"calls-notifier-a11y-{language}-{os.getpid()}"
    for _process in launch(language, name):
        nodes = read_tree(a11y_bus, name)
    triples = {(n.role, n.name, n.description) for n in nodes}
    for expected in EXPECTED[language]:
        assert expected in triples, expected
    silent = [
        n
        for n in nodes
        if n.role in INTERACTIVE  # on every tab, shown or not: a user reaches them all
        and n.parent_role not in QT_OWN
        and not (n.name.strip() and n.description.strip())
    ]
    assert silent == [], "controls a screen reader cannot describe"
    controls = [n for n in nodes if n.role in INTERACTIVE and n.parent_role not in QT_OWN]
    assert len(controls) >= 20, controls
