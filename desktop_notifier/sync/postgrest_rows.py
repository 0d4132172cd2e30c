"""Running a `postgrest` query and decoding its rows ourselves, depth-safely.

The library's `execute()` parses the body with `json.loads`, which raises `RecursionError` on a
deeply nested `jsonb` value (PostgreSQL accepts thousands of levels): the whole page failed, was
retried, and the catch-up never passed that row. Here the builder's own request is sent and
the body goes through `events.json_depth.decode_rows`, so only the offending row comes back
marked (`PrunedRow`) and the rest of the page is read. Error responses still become the
library's `APIError`, built the way its `execute()` builds it
(postgrest/_async/request_builder.py, `AsyncQueryRequestBuilder.execute`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, cast

import httpx
from postgrest.exceptions import APIError, APIErrorFromJSON, generate_default_error_message
from pydantic import ValidationError

from desktop_notifier.events import JSONValue
from desktop_notifier.events.json_depth import PrunedRow, decode_rows, loads_bounded

log = logging.getLogger(__name__)
Row = dict[str, JSONValue]


def _not_counted(size: int) -> None:
    del size


async def _send(query: Any, counted: Callable[[int], None]) -> httpx.Response:
    response: httpx.Response = await query.request.send(httpx.Headers())
    counted(len(response.content))
    if not response.is_success:
        try:
            error = APIErrorFromJSON.model_validate_json(response.content)
        except ValidationError as exc:
            raise APIError(generate_default_error_message(response)) from exc
        raise APIError(dict(error))
    return response


async def execute_value(query: Any, counted: Callable[[int], None] = _not_counted) -> JSONValue:
    """Send an rpc request and decode its one JSON value, refusing (`TooDeep`) one nested more
    than `MAX_NESTING` levels anywhere: the caller reads those rows another way."""
    return loads_bounded((await _send(query, counted)).content)


async def execute_rows(query: Any, counted: Callable[[int], None] = _not_counted) -> list[Row]:
    """Send a postgrest query builder's request (retries are off: the supervisor owns them)
    and return its rows; a row nested too deeply is a `PrunedRow` in its place. `counted` is
    told the size of each body read."""
    response = await _send(query, counted)
    try:
        data = decode_rows(response.content)
    except ValueError:  # as the library does: a body that is not JSON holds no rows
        return []
    if not isinstance(data, list):
        return []
    for row in data:
        if isinstance(row, PrunedRow):
            log.info("read a row nested too deeply to use: %s", row.reason())
    return cast(list[Row], data)
