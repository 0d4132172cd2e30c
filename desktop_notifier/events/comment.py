"""`Comment`: one row of `public.call_comments` (resources/sql/005_views_comments.sql), parsed
tolerantly like a call; its body is untrusted plain text."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from desktop_notifier.events.call import InvalidPayload, JSONValue, parse_timestamp

MAX_BODY = 4000  # the table's check constraint


@dataclass(frozen=True)
class Comment:
    id: str
    call_id: str
    author_email: str | None
    body: str
    created_at: datetime | None
    author_id: str | None = None  # auth.users id; who wrote it, for the comment alert

    @classmethod
    def from_row(cls, row: Mapping[str, JSONValue]) -> Comment:
        def text(name: str) -> str | None:
            value = row.get(name)
            if value is None or isinstance(value, str):
                return value
            raise InvalidPayload(f"column {name!r} must be text")

        comment_id, call_id, body = text("id"), text("call_id"), text("body")
        if not comment_id or not call_id or body is None:
            raise InvalidPayload("a comment needs an id, a call_id and a body")
        return cls(
            comment_id, call_id, text("author_email"), body[:MAX_BODY],
            parse_timestamp(row.get("created_at"), "created_at"), text("author_id"),
        )  # fmt: skip
