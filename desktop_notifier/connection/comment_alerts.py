"""`CommentAlerts`: the "comment on my call" alert (issue 17), live and caught up.

How comments reach it, and why:

- **Live, postgres-changes source (the default).** While the kind is ticked, the app's one
  `postgres_changes` channel carries a second binding, INSERTs of `public.call_comments`
  (`sync/realtime_link`), beside the one on `calls`: no second socket, no second join, and
  the server checks each comment against the reader's RLS (who sees the call reads its
  comments) as it does for calls. Each comment comes to `take`. Unticked (the default), the
  channel binds `calls` only: Realtime refuses a whole channel when one binding names a
  table it cannot find, so a project without 005 would otherwise never be live; ticking or
  unticking takes a new link (`connection/session.use_settings`).
- **Live, broadcast and Ably sources.** Their topics are per owner (`calls:owner:<id>`),
  filled by triggers on `calls` (006, 007). resources/sql/008_comment_alerts.sql adds a
  trigger on `call_comments` that publishes someone else's comment to the call owner's topic
  (Broadcast) or outbox (Ably), shaped like a change with `table: 'call_comments'`; the links
  tell it apart (`events.broadcast.comment_record`) and hand it to `take`. On a project
  without 008 the catch-up below brings them at the next reconciliation
  (`reconcile_seconds`, 2 minutes by default) — the settings checkbox's tooltip says so.
- **Caught up (every source, limited mode too).** After every calls catch-up pass (after each
  (re)subscription, at every reconciliation, in limited mode at every poll) `catch_up` reads
  the comments others wrote since the persisted comments' floor (minus the calls' overlap: a
  comment's `created_at` is its transaction's start, which may commit later), by
  (created_at, id), only the columns the alert needs, `PAGE` rows at a time and at most
  `MAX_PAGES` pages a pass (the next pass goes on from where it stopped). The floor moves only
  by such reads, in the same store transaction as the alerts they raised. The first pass (no
  floor yet: a new profile, a new account, or the kind just ticked) is silent: it only notes
  where the newest comment is, as the calls' first sync does; comments created up to that one
  never alert, even when the overlap reads them again.

**A project without `call_comments`** (005 not applied): before each link is made, while the
kind is ticked and until the table has been seen once, `check` asks PostgREST whether the
table exists (`Account.comments_readable`). Without it the kind stays ticked but on hold: no
comment binding (Realtime would refuse the whole channel: the app would never be live), no
comment reads (the catch-up would fail every pass), and the observer is `warned` once with a
sentence that says so. The next attempt asks again, so applying 005 later is picked up at the
next reconnect.

A comment alerts only someone else's comment on a call the signed-in user owns
(`alerts.comment.comment_alert`). The call's owner comes from the local store when it holds the
call, else from a narrow read (`calls?select=id,owner_id,company_name&id=in.(…)`); a call the
read does not return raises nothing — never a guess. Live and caught-up comments are deduped
by the store on `call_comment:<comment id>`, across reconnects and restarts.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Protocol, runtime_checkable

from desktop_notifier.alerts import Alert, AlertKind
from desktop_notifier.alerts.comment import comment_alert
from desktop_notifier.common.errors import ErrorCode, UserError
from desktop_notifier.events import InvalidPayload, JSONValue
from desktop_notifier.events.call import format_timestamp
from desktop_notifier.events.comment import Comment
from desktop_notifier.profile.settings import Settings
from desktop_notifier.profile.store import Cursor, Store

log = logging.getLogger(__name__)
PAGE = 200
MAX_PAGES = 10
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # the floor of an account with no comment yet
Row = dict[str, JSONValue]
Owners = dict[str, tuple[str | None, str | None]]  # call id -> (owner id, company)


def comments_wanted(settings: Settings) -> bool:
    """Whether the comment alert is ticked: the live link then binds the comments too."""
    return AlertKind.CALL_COMMENT in settings.alerts.enabled


@runtime_checkable
class CommentSource(Protocol):
    """What the comment alert reads from: `sync.account.Account`."""

    def user_id(self) -> str: ...

    async def comments_readable(self) -> bool: ...

    async def comments_at(
        self, stamp: str, after_id: str, not_by: str, limit: int
    ) -> list[Row]: ...

    async def comments_after(self, stamp: str, not_by: str, limit: int) -> list[Row]: ...

    async def newest_comment(self) -> Row | None: ...

    async def call_owners(self, call_ids: Sequence[str]) -> list[Row]: ...


class AlertObserver(Protocol):
    def alerts_raised(self, alerts: Sequence[Alert], *, caught_up: bool) -> None: ...

    def warned(self, error: UserError) -> None: ...


class CommentAlerts:
    def __init__(
        self,
        store: Store,
        settings: Callable[[], Settings],
        observer: AlertObserver,
        clock: Callable[[], datetime],
        account: Callable[[], CommentSource | None],
    ) -> None:
        self._store = store
        self._settings = settings
        self._observer = observer
        self._clock = clock
        self._account = account
        self._tasks: set[asyncio.Task[None]] = set()
        self._table: bool | None = None  # the project has call_comments (None: not asked)

    def enabled(self) -> bool:
        """Ticked, and not on hold for a project without the table."""
        return comments_wanted(self._settings()) and self._table is not False

    async def check(self, source: CommentSource) -> None:
        """Before a link is made: whether the project has `call_comments` (see the module
        docstring); asked until the answer is yes, warned once when it is no."""
        if not comments_wanted(self._settings()) or self._table:
            return
        present = await source.comments_readable()
        if not present and self._table is None:
            log.warning("comment alerts on hold: the project has no call_comments table")
            self._observer.warned(UserError(ErrorCode.COMMENTS_TABLE_MISSING))
        self._table = present

    # --- live --------------------------------------------------------------------------

    def take(self, row: Mapping[str, JSONValue]) -> None:
        """A comment inserted, as the live source received it."""
        account = self._account()
        if account is None or not self.enabled():
            return
        try:
            comment = Comment.from_row(row)
        except InvalidPayload as exc:
            log.warning("skipped a live comment that could not be understood: %s", exc)
            return
        me = account.user_id()
        if comment.author_id == me:
            return
        owners = self._known_owners([comment.call_id])
        if comment.call_id in owners:
            self._report(self._alerts([comment], owners, me), caught_up=False)
            return
        task = asyncio.ensure_future(self._look_up_then_report(account, comment, me))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _look_up_then_report(self, account: CommentSource, comment: Comment, me: str) -> None:
        try:
            owners = await self._owners(account, [comment.call_id])
        except Exception as exc:  # the next catch-up reads this comment again
            log.warning("could not read the owner of a commented call: %s", type(exc).__name__)
            return
        self._report(self._alerts([comment], owners, me), caught_up=False)

    def _report(self, alerts: list[Alert], *, caught_up: bool) -> None:
        fresh = self._store.record_alerts(alerts) if alerts else []
        if fresh:
            self._observer.alerts_raised(fresh, caught_up=caught_up)

    # --- caught up ---------------------------------------------------------------------

    async def catch_up(self, source: CommentSource) -> list[Alert]:
        """One pass from the comments' floor; returns the new alerts (the caller reports)."""
        store = self._store
        if not self.enabled():
            if store.comment_cursor() is not None:
                store.forget_comment_cursor()
            return []
        cursor = store.comment_cursor()
        if cursor is None:
            newest = await source.newest_comment()
            store.start_comments(_position(newest) if newest is not None else Cursor(EPOCH, ""))
            log.info("comment alerts: first pass, silent")
            return []
        me = source.user_id()
        overlap = timedelta(seconds=self._settings().catchup_overlap_seconds)
        stamp = format_timestamp(max(cursor.updated_at - overlap, EPOCH)) or ""
        after_id, fresh, pages = "", [], 0
        at_stamp = True  # first the rows that share `stamp`, then the ones after it
        while pages < MAX_PAGES:
            if at_stamp:
                rows = await source.comments_at(stamp, after_id, me, PAGE)
            else:
                rows = await source.comments_after(stamp, me, PAGE)
            pages += 1
            fresh += await self._take_page(source, rows, me)
            if rows:
                position = _position(rows[-1])
                stamp, after_id = format_timestamp(position.updated_at) or "", position.call_id
            if len(rows) < PAGE:
                if not at_stamp:
                    break
                at_stamp = False
            else:
                at_stamp = True
        log.info("comment catch-up: %d pages, %d alerts", pages, len(fresh))
        return fresh

    async def _take_page(self, source: CommentSource, rows: list[Row], me: str) -> list[Alert]:
        if not rows:
            return []
        comments = []
        for row in rows:
            try:
                comments.append(Comment.from_row(row))
            except InvalidPayload as exc:
                log.warning("skipped a comment that could not be understood: %s", exc)
        owners = await self._owners(source, [c.call_id for c in comments])
        return self._store.record_alerts(self._alerts(comments, owners, me), _position(rows[-1]))

    # --- owners ------------------------------------------------------------------------

    def _known_owners(self, call_ids: Iterable[str]) -> Owners:
        owners: Owners = {}
        for call_id in call_ids:
            call = self._store.get_call(call_id)
            if call is not None:
                owners[call_id] = (call.owner_id, call.company_name)
        return owners

    async def _owners(self, source: CommentSource, call_ids: list[str]) -> Owners:
        """Each call's owner and company: the store's, else read; unknown calls are absent."""
        owners = self._known_owners(set(call_ids))
        missing = sorted(set(call_ids) - owners.keys())
        if missing:
            for row in await source.call_owners(missing):
                call_id, owner, company = (
                    row.get("id"),
                    row.get("owner_id"),
                    row.get("company_name"),
                )
                if isinstance(call_id, str):
                    owners[call_id] = (
                        owner if isinstance(owner, str) else None,
                        company if isinstance(company, str) else None,
                    )
        return owners

    def _alerts(self, comments: list[Comment], owners: Owners, me: str) -> list[Alert]:
        prefs, now = self._settings().alerts, self._clock()
        since = self._store.comments_since()
        alerts = []
        for comment in comments:
            if comment.call_id not in owners:
                continue  # a call we may not see (or gone): nothing to say
            if since is not None and (comment.created_at is None or comment.created_at <= since):
                continue  # there before the first pass (re-read by the overlap): silent
            owner, company = owners[comment.call_id]
            alert = comment_alert(comment, owner_id=owner, company=company, me=me, prefs=prefs,
                                  now=now)  # fmt: skip
            if alert is not None:
                alerts.append(alert)
        return alerts


def _position(row: Mapping[str, JSONValue]) -> Cursor:
    comment = Comment.from_row(row)
    if comment.created_at is None:
        raise InvalidPayload("a comment without created_at")
    return Cursor(comment.created_at, comment.id)
