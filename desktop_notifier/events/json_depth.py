"""Depth-safe JSON: a value nested too deeply never reaches a recursive parser or walker.

PostgreSQL accepts `jsonb` nested thousands of levels deep; Python's `json` (and any recursive
walk over what it returns) raises `RecursionError` long before that. Text from the database is
decoded here. `loads_bounded` refuses a document nested more than `MAX_NESTING` levels
(`TooDeep`, a `ValueError`). `decode_rows` decodes a page of rows (a JSON array of objects): a
column nested more than `MAX_NESTING` levels becomes null in that row only, and the row is
marked (`PrunedRow`), so the sync can skip exactly that row while the others are processed and
a call window can still show its other fields.

Nothing here recurses: the fast path is `json.loads` (which raises `RecursionError` cleanly)
followed by an iterative depth check; a page `json.loads` cannot take is cut down first by one
pass of a regular-expression tokenizer over its strings and brackets.
"""

from __future__ import annotations

import json
import re
from typing import cast

from desktop_notifier.events.call import JSONValue

MAX_NESTING = 64  # containers inside one column value; real scorecards use a handful

_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)
_ROW_LEVEL = 2  # a page is an array (level 1) of row objects (level 2) of column values


class TooDeep(ValueError):
    """A JSON document nested more deeply than allowed."""


class PrunedRow(dict[str, JSONValue]):
    """A row in which the columns named in `pruned` were nested too deeply to decode: they
    hold null here. The sync skips such a row (`reason` says why, without its data)."""

    def __init__(self, row: dict[str, JSONValue], pruned: tuple[str, ...]) -> None:
        super().__init__(row)
        self.pruned = pruned

    def reason(self) -> str:
        columns = ", ".join(repr(name) for name in self.pruned)
        return f"call {self.get('id')!s}: {columns} nested more than {MAX_NESTING} levels deep"


def _text(document: str | bytes) -> str:
    return document.decode("utf-8") if isinstance(document, bytes | bytearray) else document


def exceeds(value: JSONValue, limit: int = MAX_NESTING) -> bool:
    """Whether containers nest more than `limit` levels in `value` (iterative)."""
    stack: list[tuple[JSONValue, int]] = [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            if level >= limit:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children if isinstance(child, dict | list))
    return False


def loads_bounded(document: str | bytes, limit: int = MAX_NESTING) -> JSONValue:
    """`json.loads`, refusing (`TooDeep`) a document nested more than `limit` levels."""
    try:
        value = cast(JSONValue, json.loads(_text(document)))
    except RecursionError:
        raise TooDeep("the JSON document is nested too deeply") from None
    if exceeds(value, limit):
        raise TooDeep(f"the JSON document is nested more than {limit} levels deep")
    return value


def _prune_columns(text: str, limit: int) -> tuple[str, dict[int, list[str]]]:
    """`text` with every column value (a container at level 3) nested more than `limit`
    levels replaced by null, and which columns of which rows (by index) were replaced. One
    pass over the string and bracket tokens; no recursion."""
    depth, row = 0, -1
    key = '""'
    start = deepest = 0
    cuts: list[tuple[int, int]] = []
    pruned: dict[int, list[str]] = {}
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token[0] == '"':
            if depth == _ROW_LEVEL:
                key = token  # a key or a string value; a container value follows its key
            continue
        if token in "[{":
            depth += 1
            if depth == _ROW_LEVEL:
                row += 1
            elif depth == _ROW_LEVEL + 1:
                start, deepest = match.start(), depth
            deepest = max(deepest, depth)
            continue
        if depth == _ROW_LEVEL + 1 and deepest - _ROW_LEVEL > limit:
            cuts.append((start, match.end()))
            pruned.setdefault(row, []).append(str(json.loads(key)))
        depth -= 1
    pieces, done = [], 0
    for begin, end in cuts:
        pieces += [text[done:begin], "null"]
        done = end
    pieces.append(text[done:])
    return "".join(pieces), pruned


def _prune_parsed(data: JSONValue, limit: int) -> dict[int, list[str]]:
    """Replace by null, in place, each column of each row (each level-3 container) nested
    more than `limit` levels; the same cut `_prune_columns` makes in the text."""
    rows = data if isinstance(data, list) else data.values() if isinstance(data, dict) else []
    pruned: dict[int, list[str]] = {}
    for index, row in enumerate(rows):
        if isinstance(row, dict):
            for key, value in row.items():
                if isinstance(value, dict | list) and exceeds(value, limit):
                    row[key] = None
                    pruned.setdefault(index, []).append(key)
    return pruned


def decode_rows(document: str | bytes, limit: int = MAX_NESTING) -> JSONValue:
    """Decode a page of rows; a row with a column nested more than `limit` levels comes back
    as a `PrunedRow` in its place (the page keeps its length and order, so paging by the
    last row still works). Any other document comes back with its level-3 containers nested
    too deeply replaced by null. Raises `ValueError` for text that is not JSON."""
    text = _text(document)
    try:
        data = cast(JSONValue, json.loads(text))
    except RecursionError:
        text, pruned = _prune_columns(text, limit)
        try:
            data = cast(JSONValue, json.loads(text))
        except RecursionError:  # malformed in a way the tokenizer read differently
            raise TooDeep("the JSON document is nested too deeply") from None
    else:
        pruned = _prune_parsed(data, limit)
    if isinstance(data, list):
        for index, columns in pruned.items():
            row = data[index] if 0 <= index < len(data) else None
            if isinstance(row, dict):
                data[index] = PrunedRow(row, tuple(columns))
    return data
