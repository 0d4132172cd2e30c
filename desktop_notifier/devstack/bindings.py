"""postgres_changes bindings of a Realtime channel: ids, filters and matching (pure).

Owns what the real server does with each ``{"event", "schema", "table", "filter"}`` a client
joins with: a stable non-zero id (the server uses ``:erlang.phash2``), parsing the PostgREST-
style filter (``col=op.value``, ``not.`` prefix, comma = AND), deciding whether a change
matches, and the exact error messages sent back when a binding cannot be honoured.
"""

from __future__ import annotations

import json
import re
import zlib
from dataclasses import dataclass
from typing import Any

_OPS = {"eq", "neq", "lt", "lte", "gt", "gte", "in", "is", "like", "ilike"}
_FILTER_RE = re.compile(r"^([^=]+)=(not\.)?([a-z]+)\.(.*)$", re.DOTALL)


class FilterError(ValueError):
    """A filter the server cannot parse."""


@dataclass(frozen=True)
class Condition:
    column: str
    op: str
    value: str
    negate: bool = False


@dataclass(frozen=True)
class Binding:
    params: dict[str, Any]
    id: int
    conditions: tuple[Condition, ...]

    @property
    def event(self) -> str:
        return str(self.params.get("event", "*"))

    @property
    def schema(self) -> str:
        return str(self.params.get("schema") or "*")

    @property
    def table(self) -> str:
        return str(self.params.get("table") or "*")

    def reply(self) -> dict[str, Any]:
        """The binding as echoed in the join reply: the client's params plus ``id``."""
        return {**self.params, "id": self.id}

    def describe(self) -> str:
        """Parameters as the server prints them in 'Unable to subscribe' errors."""
        filters = ", ".join(f'{{"{c.column}", "{c.op}", "{c.value}"}}' for c in self.conditions)
        select = self.params.get("select")
        select_text = "nil" if select is None else json.dumps(select)
        return (
            f"[event: {self.event}, schema: {self.schema}, table: {self.table}, "
            f"filters: [{filters}], select: {select_text}]"
        )


def binding_id(params: dict[str, Any]) -> int:
    """Stable, non-zero 27-bit id of a binding's params (like phash2's range)."""
    return (zlib.crc32(json.dumps(params, sort_keys=True).encode()) & 0x7FFFFFF) or 1


def _split_top_level(text: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def parse_filter(text: str | None) -> tuple[Condition, ...]:
    """``"status=eq.new,score=gte.90"`` -> conditions; raises FilterError."""
    if not text:
        return ()
    conditions = []
    for part in _split_top_level(text):
        m = _FILTER_RE.match(part.strip())
        if not m or m.group(3) not in _OPS:
            raise FilterError(f"Error parsing `filter` params: {text}")
        column, negate, op, value = m.group(1), bool(m.group(2)), m.group(3), m.group(4)
        if op == "in" and not (value.startswith("(") and value.endswith(")")):
            raise FilterError(f"Error parsing `filter` params: {text}")
        conditions.append(Condition(column.strip(), op, value, negate))
    return tuple(conditions)


def make_binding(params: dict[str, Any]) -> Binding:
    """Binding for one join entry. Filter errors surface later, as the server does."""
    try:
        conditions = parse_filter(params.get("filter"))
    except FilterError:
        conditions = ()
    return Binding(params, binding_id(params), conditions)


def _compare(actual: Any, op: str, wanted: str) -> bool:
    if op == "is":
        target = {"null": None, "true": True, "false": False}.get(wanted.lower(), wanted)
        return actual is target if target is None or isinstance(target, bool) else False
    if actual is None:
        return False
    if op == "in":
        items = [v.strip().strip('"') for v in _split_top_level(wanted[1:-1])]
        return any(_compare(actual, "eq", item) for item in items)
    if op in ("like", "ilike"):
        pattern = re.escape(wanted).replace("%", ".*").replace(r"\*", ".*").replace("_", ".")
        flags = re.IGNORECASE | re.DOTALL if op == "ilike" else re.DOTALL
        return re.fullmatch(pattern, str(actual), flags) is not None
    left: Any = actual
    right: Any = wanted
    if isinstance(actual, bool):
        left, right = str(actual).lower(), wanted.lower()
    elif isinstance(actual, int | float):
        try:
            right = float(wanted)
        except ValueError:
            left = str(actual)
    else:
        left = actual if isinstance(actual, str) else json.dumps(actual)
    result: bool = {
        "eq": left == right,
        "neq": left != right,
        "lt": left < right,
        "lte": left <= right,
        "gt": left > right,
        "gte": left >= right,
    }[op]
    return result


def row_passes(conditions: tuple[Condition, ...], row: dict[str, Any]) -> bool:
    for cond in conditions:
        outcome = _compare(row.get(cond.column), cond.op, cond.value)
        if outcome == cond.negate:
            return False
    return True


def matches(binding: Binding, data: dict[str, Any]) -> bool:
    """Does a shaped change (payload ``data``) belong to this binding?"""
    if binding.schema not in ("*", data.get("schema")):
        return False
    if binding.table not in ("*", data.get("table")):
        return False
    if binding.event not in ("*", data.get("type")):
        return False
    if not binding.conditions:
        return True
    if data.get("type") == "DELETE":
        return row_passes(binding.conditions, data.get("old_record") or {})
    return row_passes(binding.conditions, data.get("record") or {})
