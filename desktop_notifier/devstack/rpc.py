"""PostgREST's ``/rest/v1/rpc/<function>``: calling a function of schema public.

Owns function lookup (by name and the set of argument names, as PostgREST's schema cache does:
PGRST202 when nothing matches, PGRST203 when several do), typing the named arguments from the
JSON body (POST) or the query string (GET) through ``json_to_record``, running the call in a
transaction as the token's role with its claims (read-only for stable/immutable functions;
a ``security invoker`` function therefore runs under the caller's RLS), and shaping the result:
a scalar as its JSON value, a composite as an object, a set as an array (``limit``/``offset``,
capped at db-max-rows; a scalar is never capped).
Upstream: PostgREST ``src/library/PostgREST/Plan.hs`` (callPlan), ``Error.hs`` (NoRpc).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, cast

import psycopg
from aiohttp import web
from psycopg import sql

from desktop_notifier.devstack import postgrest_query as pq
from desktop_notifier.devstack import rest
from desktop_notifier.devstack.db import Conn, set_request_role
from desktop_notifier.devstack.gateway import apikey_rejection
from desktop_notifier.devstack.limits import LIMITS, rows_in

_FUNCTIONS_SQL = """
select p.proname::text, p.proargnames::text[], p.proargmodes::text[], p.pronargs,
       p.pronargdefaults, p.proretset, p.provolatile::text,
       array(select format_type(t, null)
             from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) with ordinality u(t, i)
             order by i),
       p.prorettype = 'void'::regtype,
       exists(select from pg_type t where t.oid = p.prorettype and t.typtype = 'c')
         or 't' = any(coalesce(p.proargmodes::text[], '{}'))
from pg_proc p join pg_namespace n on n.oid = p.pronamespace
where n.nspname = 'public' and p.proname = %s and p.prokind = 'f'
"""


@dataclass(frozen=True)
class Routine:
    name: str
    params: tuple[tuple[str, str], ...]  # input parameters: (name, SQL type)
    required: frozenset[str]
    returns_set: bool
    volatile: bool
    void: bool
    composite: bool

    def accepts(self, keys: frozenset[str]) -> bool:
        return self.required <= keys <= {name for name, _ in self.params}


def _routine(row: tuple[Any, ...]) -> Routine:
    name, names, modes, nargs, ndefaults, retset, volatility, types, void, composite = row
    all_names = list(names or [])
    all_modes = list(modes or ["i"] * len(types))
    params = [
        (all_names[i] if i < len(all_names) else "", str(types[i]))
        for i, mode in enumerate(all_modes)
        if mode in ("i", "b", "v")
    ]
    required = {n for n, _ in params[: int(nargs) - int(ndefaults)]}
    return Routine(
        str(name), tuple(params), frozenset(required), bool(retset),
        volatility == "v", bool(void), bool(composite),
    )  # fmt: skip


async def _lookup(conn: Conn, name: str, keys: frozenset[str]) -> Routine:
    rows = await (await conn.execute(_FUNCTIONS_SQL, (name,))).fetchall()
    matches = [r for r in map(_routine, rows) if r.accepts(keys)]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        described = ", ".join(
            f"public.{r.name}({', '.join(f'{n} => {t}' for n, t in r.params)})" for r in matches
        )
        raise pq.PostgrestError(
            300,
            "PGRST203",
            f"Could not choose the best candidate function between: {described}",
            hint="Try renaming the parameters or the function itself in the database so "
            "function overloading can be resolved",
        )
    args = ", ".join(sorted(keys))
    shown = f"({args})" if keys else " without parameters"
    searched = (
        f" with parameter{'s' if len(keys) > 1 else ''} {args}" if keys else (" without parameters")
    )
    raise pq.PostgrestError(
        404,
        "PGRST202",
        f"Could not find the function public.{name}{shown} in the schema cache",
        f"Searched for the function public.{name}{searched} or with a single unnamed "
        "json/jsonb parameter, but no matches were found in the schema cache.",
    )


def _arguments(request: web.Request, body: Any) -> dict[str, Any]:
    if request.method == "GET":
        return {k: v for k, v in request.rel_url.query.items() if k not in pq.RESERVED}
    if body is None:
        return {}
    if not isinstance(body, dict):
        raise pq.PostgrestError(400, "PGRST102", "Empty or invalid json")
    return cast(dict[str, Any], body)


def _source(routine: Routine, args: dict[str, Any]) -> tuple[sql.Composed, list[Any]]:
    """FROM clause calling the function with named arguments typed by ``json_to_record``."""
    fn = sql.Identifier("public", routine.name)
    alias = sql.SQL("_f") if routine.composite or routine.void else sql.SQL("_f(v)")
    if not args:
        return sql.SQL("{}() as {}").format(fn, alias), []
    types = dict(routine.params)
    named = sql.SQL(", ").join(
        sql.SQL("{n} => _args.{n}").format(n=sql.Identifier(k)) for k in args
    )
    record = sql.SQL(", ").join(
        sql.SQL("{} {}").format(sql.Identifier(k), sql.SQL(types[k])) for k in args
    )
    source = sql.SQL(
        "json_to_record(%s::json) as _args({}) cross join lateral {}({}) as {}"
    ).format(record, fn, named, alias)
    return source, [json.dumps(args)]


def statement(
    routine: Routine, args: dict[str, Any], limit: int | None, offset: int
) -> tuple[sql.Composed, list[Any]]:
    """One statement answering the call's JSON as text: a value, an object or an array."""
    source, params = _source(routine, args)
    if routine.void:
        return sql.SQL("select null::text from {}").format(source), params
    item = sql.SQL("to_json(_f)") if routine.composite else sql.SQL("to_json(_f.v)")
    if not routine.returns_set:
        return sql.SQL("select {}::text from {}").format(item, source), params
    page = sql.SQL("{}{}").format(
        sql.SQL(" limit {}").format(limit) if limit is not None else sql.SQL(""),
        sql.SQL(" offset {}").format(offset) if offset else sql.SQL(""),
    )
    return sql.SQL(
        "select coalesce(json_agg(_p.j), '[]')::text, count(*) from (select {} as j from {}{}) _p"
    ).format(item, source, page), params


async def handle(request: web.Request) -> web.StreamResponse:
    rejection = apikey_rejection(request)
    if rejection is not None:
        return rejection
    try:
        rest.check_profile(request)
        claims = rest.request_claims(request)
        body: Any = None
        if request.method == "POST":
            try:
                body = json.loads(await request.text() or "null")
            except ValueError as e:
                raise pq.PostgrestError(400, "PGRST102", "Empty or invalid json") from e
        args = _arguments(request, body)
        query = request.rel_url.query
        limit, offset = pq.int_param(query, "limit"), pq.int_param(query, "offset") or 0
        limits = request.app[LIMITS]
        async with request.app[rest.REST_POOL].connection() as conn:
            routine = await _lookup(conn, request.match_info["function"], frozenset(args))
            if request.method == "GET" and routine.volatile:
                raise pq.PostgrestError(
                    405, "PGRST101", "Cannot use the GET method with a volatile function"
                )
            try:
                async with conn.transaction():
                    if not routine.volatile:
                        await conn.execute("set transaction read only")
                    await set_request_role(conn, claims)
                    await limits.enter(conn, claims)
                    capped = limits.cap(limit) if routine.returns_set else limit
                    stmt, params = statement(routine, args, capped, offset)
                    row = await (await conn.execute(stmt, params)).fetchone()
                    if limits.row_cost_ms and row is not None and row[0] is not None:
                        count = int(str(row[1])) if routine.returns_set else 1
                        await limits.charge(conn, rows_in(str(row[0]), routine.returns_set, count))
            except psycopg.Error as e:
                if e.sqlstate is None:
                    raise
                raise pq.from_pg_error(e, claims.get("role") != "anon") from e
    except pq.PostgrestError as err:
        return rest.error_response(err)
    if routine.void:
        return web.Response(status=204)
    text = "null" if row is None or row[0] is None else str(row[0])
    headers: dict[str, str] = {}
    if routine.returns_set and row is not None:
        count = int(str(row[1]))
        headers["Content-Range"] = f"{offset}-{offset + count - 1}/*" if count else "*/*"
    return web.Response(
        text=text, status=200, content_type="application/json", charset="utf-8", headers=headers
    )
