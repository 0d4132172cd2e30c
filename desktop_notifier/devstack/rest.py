"""PostgREST subset: ``GET``, ``PATCH`` and ``POST`` on ``/rest/v1/<table>`` of schema public.

Owns the HTTP side of the REST API: gateway and JWT checks (PostgREST's PGRST301/PGRST303
bodies), schema-profile check, table lookup (PGRST205), running each statement in a
transaction as the token's role with its claims so the project's RLS policies decide, and
the response conventions (JSON array, singular object for ``vnd.pgrst.object+json`` with
PGRST116, ``Content-Range``, ``Prefer: return=representation`` / ``count=exact``).
"""

from __future__ import annotations

import json
from typing import Any, cast

import psycopg
from aiohttp import web
from psycopg import sql

from desktop_notifier.devstack import postgrest_query as pq
from desktop_notifier.devstack.db import Conn, Pool, set_request_role
from desktop_notifier.devstack.gateway import TOKENS, apikey_rejection, request_token
from desktop_notifier.devstack.limits import LIMITS
from desktop_notifier.devstack.tokens import Claims, TokenError

REST_POOL = web.AppKey("rest_pool", Pool)
_SINGULAR = "application/vnd.pgrst.object+json"
_TABLE_SQL = """
select array_agg(a.attname::text order by a.attnum)
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
where n.nspname = 'public' and c.relname = %s and c.relkind in ('r', 'v', 'm', 'p', 'f')
"""


def _error(err: pq.PostgrestError) -> web.Response:
    headers = {}
    if err.status == 401 and err.body["code"] in ("PGRST301", "PGRST303"):
        desc = err.body["message"]
        headers["WWW-Authenticate"] = f'Bearer error="invalid_token", error_description="{desc}"'
    return web.json_response(err.body, status=err.status, headers=headers)


# PostgREST src/library/PostgREST/Auth/Jwt.hs: exp and iat are checked with 30 s of skew.
JWT_SKEW = 30


def _claims(request: web.Request) -> Claims:
    tokens = request.app[TOKENS]
    try:
        claims = tokens.verify(request_token(request), leeway=JWT_SKEW)
    except TokenError as e:
        if e.kind == "expired":
            raise pq.PostgrestError(401, "PGRST303", "JWT expired") from e
        raise pq.PostgrestError(401, "PGRST301", f"JWSError {e.message}") from e
    iat = claims.get("iat")
    if isinstance(iat, int) and iat > tokens.clock.seconds() + JWT_SKEW:
        raise pq.PostgrestError(401, "PGRST303", "JWT issued at future")
    return claims


def _check_profile(request: web.Request) -> None:
    for header in ("Accept-Profile", "Content-Profile"):
        profile = request.headers.get(header)
        if profile and profile != "public":
            msg = "The schema must be one of the following: public"
            raise pq.PostgrestError(406, "PGRST106", msg)


async def _table(conn: Conn, name: str) -> pq.Table:
    row = await (await conn.execute(_TABLE_SQL, (name,))).fetchone()
    if not row or not row[0]:
        raise pq.PostgrestError(
            404,
            "PGRST205",
            f"Could not find the table 'public.{name}' in the schema cache",
            hint="Perhaps you meant the table 'public.calls'",
        )
    return pq.Table("public", name, tuple(cast(list[str], row[0])))


def _prefer(request: web.Request) -> set[str]:
    return {p.strip() for p in request.headers.get("Prefer", "").split(",") if p.strip()}


def _json_response(text: str, status: int, headers: dict[str, str], singular: bool) -> web.Response:
    ctype = _SINGULAR if singular else "application/json"
    return web.Response(
        text=text, status=status, content_type=ctype, charset="utf-8", headers=headers
    )


def _content_range(offset: int, count: int, total: int | None) -> str:
    total_text = "*" if total is None else str(total)
    if count == 0:
        return f"*/{total_text}"
    return f"{offset}-{offset + count - 1}/{total_text}"


async def handle(request: web.Request) -> web.StreamResponse:
    rejection = apikey_rejection(request)
    if rejection is not None:
        return rejection
    try:
        _check_profile(request)
        claims = _claims(request)
        body: Any = None
        if request.method in ("PATCH", "POST"):
            try:
                body = json.loads(await request.text() or "null")
            except ValueError as e:
                raise pq.PostgrestError(400, "PGRST102", "Empty or invalid json") from e
        async with request.app[REST_POOL].connection() as conn:
            try:
                async with conn.transaction():
                    await set_request_role(conn, claims)
                    await request.app[LIMITS].enter(conn, claims)
                    table = await _table(conn, request.match_info["table"])
                    if request.method == "GET":
                        return await _read(request, conn, table)
                    return await _write(request, conn, table, body)
            except psycopg.Error as e:
                if e.sqlstate is None:
                    raise
                status = pq.pg_error_status(e.sqlstate, claims.get("role") != "anon")
                diag = e.diag
                raise pq.PostgrestError(
                    status, e.sqlstate, diag.message_primary or str(e),
                    diag.message_detail, diag.message_hint,
                ) from e  # fmt: skip
    except pq.PostgrestError as err:
        return _error(err)


async def _read(request: web.Request, conn: Conn, table: pq.Table) -> web.Response:
    query = request.rel_url.query
    select = pq.select_list(table, query.get("select"))
    where, params = pq.where_clause(table, list(query.items()))
    limit, offset = pq.int_param(query, "limit"), pq.int_param(query, "offset") or 0
    limit = request.app[LIMITS].cap(limit)  # db-max-rows: silently, a short page is no end
    inner = sql.SQL("select {} from {} where {}{}{}{}").format(
        select,
        table.ident,
        where,
        pq.order_clause(table, query.get("order")),
        sql.SQL(" limit {}").format(limit) if limit is not None else sql.SQL(""),
        sql.SQL(" offset {}").format(offset) if offset else sql.SQL(""),
    )
    outer = sql.SQL(
        "select coalesce(json_agg(t), '[]')::text, count(*), (json_agg(t) -> 0)::text from ({}) t"
    ).format(inner)
    row = await (await conn.execute(outer, params)).fetchone()
    assert row is not None
    text, count = str(row[0]), int(str(row[1]))
    await request.app[LIMITS].charge(conn, count)
    total = None
    if "count=exact" in _prefer(request):
        counted = sql.SQL("select count(*) from {} where {}").format(table.ident, where)
        total_row = await (await conn.execute(counted, params)).fetchone()
        total = int(str(total_row[0])) if total_row else 0
    headers = {"Content-Range": _content_range(offset, count, total)}
    if _SINGULAR in request.headers.get("Accept", ""):
        if count != 1:
            raise pq.PostgrestError(
                406,
                "PGRST116",
                "JSON object requested, multiple (or no) rows returned",
                f"The result contains {count} rows",
            )
        return _json_response(str(row[2]), 200, headers, singular=True)
    partial = total is not None and count < total  # PostgREST's rangeStatus
    return _json_response(text, 206 if partial else 200, headers, singular=False)


def _body_columns(table: pq.Table, rows: list[dict[str, Any]]) -> list[str]:
    keys = list(rows[0]) if rows else []
    for row in rows:
        if set(row) != set(keys):
            raise pq.PostgrestError(400, "PGRST102", "All object keys must match")
    for key in keys:
        if key not in table.columns:
            msg = f"Could not find the '{key}' column of '{table.name}' in the schema cache"
            raise pq.PostgrestError(400, "PGRST204", msg)
    return keys


async def _write(request: web.Request, conn: Conn, table: pq.Table, body: Any) -> web.Response:
    query = request.rel_url.query
    rows = body if isinstance(body, list) else [body]
    if not all(isinstance(r, dict) for r in rows):
        raise pq.PostgrestError(400, "PGRST102", "Empty or invalid json")
    columns = _body_columns(table, rows)
    idents = sql.SQL(", ").join(sql.Identifier(c) for c in columns)
    params: list[Any] = [json.dumps(rows if request.method == "POST" else rows[0])]
    change: sql.Composable
    if request.method == "POST":
        if columns:
            change = sql.SQL(
                "insert into {t} ({c}) select {c} from json_populate_recordset(null::{t}, %s)"
            ).format(t=table.ident, c=idents)
        else:
            change = sql.SQL("insert into {t} default values").format(t=table.ident)
            params = []
        status = 201
    else:
        where, where_params = pq.where_clause(table, list(query.items()))
        sets = sql.SQL(", ").join(
            sql.SQL("{} = _body.{}").format(sql.Identifier(c), sql.Identifier(c)) for c in columns
        )
        change = sql.SQL(
            "update {t} set {s} from json_populate_record(null::{t}, %s) _body where {w}"
        ).format(t=table.ident, s=sets, w=where)
        params += where_params
        status = 200
    statement: sql.SQL | sql.Composed = sql.SQL(
        "with t as ({} returning {}.*) "
        "select coalesce(json_agg(s), '[]')::text, count(*) from (select {} from t) s"
    ).format(change, table.ident, pq.select_list(table, query.get("select")))
    if not columns and request.method == "PATCH":
        statement = sql.SQL("select '[]', 0")
        params = []
    row = await (await conn.execute(statement, params)).fetchone()
    assert row is not None
    headers = {"Content-Range": _content_range(0, int(str(row[1])), None)}
    if "return=representation" in _prefer(request):
        return _json_response(str(row[0]), status, headers, singular=False)
    return web.Response(status=201 if status == 201 else 204, headers=headers)


# The same rules answer PostgREST's /rpc endpoint (rpc.py).
check_profile = _check_profile
request_claims = _claims
error_response = _error
