"""``--simulate``: a believable stream of sales calls for demos and manual testing.

Owns the simulated life cycle of a call owned by the demo user, written with plain SQL so
it reaches clients through the same capture path as any other change: INSERT ``new`` →
``in_progress`` → ``processing`` → transcription → ``ai_status`` ``processing`` →
``completed`` with score, scorecard and insights; about one call in six ends ``missed``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
from typing import Any

import psycopg

from desktop_notifier.devstack.db import Pool

log = logging.getLogger(__name__)

COMPANIES = (
    "Padaria Pão Dourado", "Construtora Horizonte", "Agropecuária Vale Verde",
    "Clínica Sorriso Pleno", "Transportadora Rota Sul", "Mercado Bom Preço",
    "Farmácia Vida & Saúde", "Escola Caminho do Saber", "TechNova Soluções",
    "Imobiliária Casa Nossa", "Café Serra Azul", "Metalúrgica Aço Forte",
    "Ótica Visão Clara", "Academia Corpo em Forma", "Distribuidora Norte Nordeste",
    "Laticínios Serra da Canastra", "Hotel Praia Mansa", "Auto Peças Rodovia",
)  # fmt: skip
_LINES = (
    "Vendedor: Bom dia! Obrigado por atender. Posso tomar cinco minutos do seu tempo?",
    "Cliente: Pode sim, estamos avaliando fornecedores para o próximo trimestre.",
    "Vendedor: Entendi. Hoje, qual é o maior desafio da equipe de vocês?",
    "Cliente: O tempo de resposta aos clientes e a falta de relatórios confiáveis.",
    "Vendedor: Nossa plataforma centraliza o atendimento e gera relatórios em tempo real.",
    "Cliente: E quanto custa a implantação? Temos orçamento limitado neste ano.",
    "Vendedor: Temos um plano inicial sem taxa de implantação e suporte em português.",
    "Cliente: Interessante. Pode me mandar uma proposta por e-mail até sexta?",
)  # fmt: skip
_CRITERIA = ("abertura", "descoberta", "apresentacao", "objecoes", "fechamento")


def _scorecard(score: int) -> dict[str, Any]:
    return {c: max(0, min(100, score + random.randint(-15, 15))) for c in _CRITERIA}


def _insights(score: int) -> dict[str, Any]:
    return {
        "resumo": "Cliente interessado; pediu proposta por e-mail.",
        "pontos_fortes": ["Boa abertura", "Escuta ativa"] if score >= 50 else ["Cordialidade"],
        "melhorias": ["Explorar orçamento mais cedo"] if score < 90 else [],
        "proximo_passo": "Enviar proposta até sexta-feira",
    }


class Simulator:
    def __init__(self, pool: Pool, owner_id: str, calls_per_minute: float) -> None:
        self._pool = pool
        self._owner = owner_id
        self._every = 60.0 / max(calls_per_minute, 0.1)
        self._calls: set[asyncio.Task[None]] = set()

    async def _sql(self, query: str, *params: Any) -> Any:
        async with self._pool.connection() as conn:
            cur = await conn.execute(query, params)
            return await cur.fetchone() if cur.description else None

    async def _set(self, call_id: str, **values: Any) -> None:
        for key, value in values.items():
            if isinstance(value, dict | list):
                values[key] = json.dumps(value)
        assignments = ", ".join(f"{k} = %s" for k in values)
        await self._sql(
            f"update public.calls set {assignments} where id = %s", *values.values(), call_id
        )

    async def _pause(self, low: float, high: float) -> None:
        await asyncio.sleep(random.uniform(low, high) * self._every / 5)

    async def _life_cycle(self) -> None:
        company = random.choice(COMPANIES)
        row = await self._sql(
            "insert into public.calls (company_name, status, owner_id) values (%s, 'new', %s) "
            "returning id::text",
            company,
            self._owner,
        )
        call_id = str(row[0])
        log.info("simulate: new call %s (%s)", call_id, company)
        await self._pause(1, 3)
        if random.random() < 1 / 6:
            await self._set(call_id, status="missed")
            return
        await self._set(call_id, status="in_progress")
        await self._pause(3, 8)
        await self._set(call_id, status="processing")
        await self._pause(1, 2)
        lines = random.randint(20, 120)
        transcript = "\n".join(random.choice(_LINES) for _ in range(lines))
        await self._set(call_id, transcription=transcript)
        await self._pause(1, 2)
        await self._set(call_id, ai_status="processing")
        await self._pause(2, 4)
        score = random.choice(
            (random.randint(5, 30), random.randint(31, 89), random.randint(90, 100))
        )
        await self._set(
            call_id, status="completed", ai_status="completed", score=score,
            scorecard=_scorecard(score), insights=_insights(score),
        )  # fmt: skip

    async def _guarded(self) -> None:
        try:
            await self._life_cycle()
        except (psycopg.Error, OSError) as e:
            log.warning("simulate: a call's life cycle failed: %s", e)

    async def run(self) -> None:
        """Start a new call every ``60 / calls_per_minute`` seconds until cancelled."""
        try:
            while True:
                task = asyncio.create_task(self._guarded())
                self._calls.add(task)
                task.add_done_callback(self._calls.discard)
                await asyncio.sleep(self._every * random.uniform(0.6, 1.4))
        finally:
            for task in list(self._calls):
                task.cancel()
