"""Which `LiveSource` to build for a source name (`common/live_sources`)."""

from __future__ import annotations

from desktop_notifier.common.live_sources import ABLY, BROADCAST
from desktop_notifier.sync.live_source import ChangeSink, CommentSink, LiveSource
from desktop_notifier.sync.realtime_link import RealtimeLink


def make_source(
    kind: str,
    url: str,
    anon_key: str,
    access_token: str,
    sink: ChangeSink,
    *,
    proxy: str | None = None,
    comments: CommentSink | None = None,
) -> LiveSource:
    """A new, unopened source of that kind (an unknown name: the default, postgres_changes).
    `comments` gets the comments the source carries (broadcast and Ably: where the project
    applied resources/sql/008_comment_alerts.sql; else the catch-up brings them)."""
    if kind == ABLY:
        from desktop_notifier.sync.ably_link import AblyLink

        return AblyLink(url, anon_key, access_token, sink, proxy=proxy, comments=comments)
    if kind == BROADCAST:
        from desktop_notifier.sync.broadcast_link import BroadcastLink

        return BroadcastLink(url, anon_key, access_token, sink, proxy=proxy, comments=comments)
    return RealtimeLink(url, anon_key, access_token, sink, proxy=proxy, comments=comments)
