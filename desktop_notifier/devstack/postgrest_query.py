"""PostgREST's URL grammar, the subset the app and demos use, turned into safe SQL.

Owns parsing of ``select``, horizontal filters (``col=[not.]op.value`` with eq, neq, gt, gte,
lt, lte, like, ilike, is, in), ``order`` (asc/desc, nullsfirst/nullslast, several keys),
``limit`` and ``offset``; column names are checked against the table (42703 otherwise) and
every value is passed as a parameter that PostgreSQL casts. Also owns PostgREST's error body
and its SQLSTATE → HTTP status table (``from_pg_error``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

RESERVED = frozenset({"select", "order", "limit", "offset", "columns", "on_conflict"})
_COMPARE = {"eq": "=", "neq": "<>", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}
_IS = {"null": "null", "true": "true", "false": "false", "unknown": "unknown"}


class PostgrestError(Exception):
    """An error answered with PostgREST's JSON body."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.body = {"code": code, "details": details, "hint": hint, "message": message}


def parse_error(text: str, details: str) -> PostgrestError:
    return PostgrestError(400, "PGRST100", f'"failed to parse {text}" (line 1, column 1)', details)


def pg_error_status(sqlstate: str, authenticated: bool) -> int:
    """HTTP status PostgREST answers for a database error (its pgErrorStatus table)."""
    exact = {"23503": 409, "23505": 409, "25006": 405, "53400": 500, "57P01": 503,
             "P0001": 400, "42883": 404, "42P01": 404, "42P17": 500}  # fmt: skip
    if sqlstate in exact:
        return exact[sqlstate]
    if sqlstate == "42501":
        return 403 if authenticated else 401
    prefix = {"08": 503, "09": 500, "0L": 403, "0P": 403, "25": 500, "28": 403, "2D": 500,
              "38": 500, "39": 500, "3B": 500, "40": 500, "53": 503, "54": 500, "55": 500,
              "57": 500, "58": 500, "F0": 500, "HV": 500, "P0": 500, "XX": 500}  # fmt: skip
    return prefix.get(sqlstate[:2], 400)


def from_pg_error(e: psycopg.Error, authenticated: bool) -> PostgrestError:
    """PostgREST's answer to a database error: its SQLSTATE as code, the server's texts."""
    sqlstate = e.sqlstate or "XX000"
    diag = e.diag
    return PostgrestError(
        pg_error_status(sqlstate, authenticated), sqlstate, diag.message_primary or str(e),
        diag.message_detail, diag.message_hint,
    )  # fmt: skip


@dataclass(frozen=True)
class Table:
    schema: str
    name: str
    columns: tuple[str, ...]

    @property
    def ident(self) -> sql.Composable:
        return sql.Identifier(self.schema, self.name)

    def column(self, name: str) -> sql.Composable:
        if name not in self.columns:
            raise PostgrestError(400, "42703", f"column {self.name}.{name} does not exist")
        return sql.Identifier(self.name, name)


def select_list(table: Table, text: str | None) -> sql.Composable:
    if text is None or text.strip() in ("", "*"):
        return sql.SQL("*")
    names = [part.strip() for part in text.split(",")]
    for name in names:
        if not name or any(ch in name for ch in "()!:"):
            raise parse_error(f"select ({text})", "only plain column names are supported here")
        table.column(name)
    return sql.SQL(", ").join(sql.Identifier(n) for n in names)


def _in_items(raw: str, text: str) -> list[str]:
    if not (raw.startswith("(") and raw.endswith(")")):
        raise parse_error(f"filter ({text})", 'unexpected end of input expecting "("')
    items, cur, quoted = [], "", False
    for ch in raw[1:-1]:
        if ch == '"':
            quoted = not quoted
        elif ch == "," and not quoted:
            items.append(cur)
            cur = ""
        else:
            cur += ch
    items.append(cur)
    return [i for i in items if i != ""] if raw != "()" else []


def one_filter(table: Table, column: str, text: str, params: list[Any]) -> sql.Composable:
    negate = text.startswith("not.")
    op, dot, value = text.removeprefix("not.").partition(".")
    col = table.column(column)
    cond: sql.Composable
    if not dot or op not in {*_COMPARE, "like", "ilike", "is", "in"}:
        raise parse_error(
            f"filter ({text})", f'unexpected "{op[:1]}" expecting "not" or operator (eq, gt, ...)'
        )
    if op in _COMPARE:
        params.append(value)
        cond = sql.SQL("{} {} %s").format(col, sql.SQL(_COMPARE[op]))
    elif op in ("like", "ilike"):
        params.append(value.replace("*", "%"))
        cond = sql.SQL("{} {} %s").format(col, sql.SQL(op))
    elif op == "is":
        if value.lower() not in _IS:
            raise parse_error(f"filter ({text})", 'expecting "null", "true", "false" or "unknown"')
        cond = sql.SQL("{} is {}").format(col, sql.SQL(_IS[value.lower()]))
    else:
        items = _in_items(value, text)
        if not items:
            cond = sql.SQL("false")
        else:
            params.extend(items)
            placeholders = sql.SQL(", ").join(sql.Placeholder() for _ in items)
            cond = sql.SQL("{} in ({})").format(col, placeholders)
    return sql.SQL("not ({})").format(cond) if negate else cond


def where_clause(
    table: Table, query: Sequence[tuple[str, str]]
) -> tuple[sql.Composable, list[Any]]:
    """``where`` from all non-reserved query params (ANDed, like PostgREST)."""
    params: list[Any] = []
    conds: list[sql.Composable] = []
    for key, value in query:
        if key in RESERVED:
            continue
        if key in ("or", "and", "not.or", "not.and"):
            raise parse_error(f"logic tree ({key}={value})", "not supported by the stand-in")
        conds.append(one_filter(table, key, value, params))
    if not conds:
        return sql.SQL("true"), params
    return sql.SQL(" and ").join(conds), params


def order_clause(table: Table, text: str | None) -> sql.Composable:
    if not text:
        return sql.SQL("")
    terms: list[sql.Composable] = []
    for term in text.split(","):
        name, *mods = term.strip().split(".")
        parts = [table.column(name)]
        for mod in mods:
            if mod in ("asc", "desc"):
                parts.append(sql.SQL(mod))
            elif mod in ("nullsfirst", "nullslast"):
                parts.append(sql.SQL("nulls first" if mod == "nullsfirst" else "nulls last"))
            else:
                raise parse_error(f"order ({text})", f'unexpected "{mod}"')
        terms.append(sql.SQL(" ").join(parts))
    return sql.SQL(" order by ") + sql.SQL(", ").join(terms)


def int_param(query: Mapping[str, str], name: str) -> int | None:
    raw = query.get(name)
    if raw is None:
        return None
    if not raw.isdigit():
        raise parse_error(f"{name} ({raw})", "expecting a non-negative integer")
    return int(raw)
