"""Fixtures for the widget tests: offscreen Qt unless inside the desktop session, the
default language (pt_BR) installed for every test, and builders."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtWidgets import QApplication

from desktop_notifier.alerts import Alert, AlertKind, Urgency
from desktop_notifier.events import Call
from desktop_notifier.ui.translation import install_language

NOW = datetime(2026, 11, 24, 17, 2, 31, tzinfo=UTC)


@pytest.fixture(autouse=True)
def portuguese(qapp: QApplication) -> Iterator[QApplication]:
    """Every test starts in the product's default language."""
    install_language(qapp, "pt_BR")
    qapp.processEvents()
    yield qapp
    install_language(qapp, "pt_BR")


def switch_language(app: QApplication, language: str) -> None:
    install_language(app, language)
    app.processEvents()  # LanguageChange events are posted


def make_alert(
    kind: AlertKind = AlertKind.NEW_CALL,
    *,
    title: str = "Nova call de Acme",
    body: str = "Status: nova",
    company: str | None = "Acme",
    call_id: str | None = None,
    seconds_ago: float = 0,
    score: int | None = None,
) -> Alert:
    call_id = call_id or str(uuid.uuid4())
    return Alert(
        kind=kind,
        call_id=call_id,
        title=title,
        body=body,
        urgency=Urgency.NORMAL,
        dedupe_key=f"{kind.value}:{call_id}",
        at=NOW - timedelta(seconds=seconds_ago),
        company=company,
        score=score,
    )


def make_call(**values: object) -> Call:
    data: dict[str, object] = {
        "id": str(uuid.uuid4()),
        "company_name": "Padaria Pão & Cia",
        "status": "completed",
        "ai_status": "completed",
        "score": 92,
        "scorecard": {"abertura": 9, "rapport": {"score": 8, "max": 10}},
        "insights": {"resumo": "Cliente quer plano anual.", "proximos_passos": ["Enviar proposta"]},
        "transcription": "Vendedor: Bom dia!\nCliente: Bom dia.",
    }
    data.update(values)
    return Call(**data)  # type: ignore[arg-type]
