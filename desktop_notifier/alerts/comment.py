"""`comment_alert`: whether a new comment deserves the "comment on my call" alert (issue 17).

Pure. Only a comment written by someone else on a call the signed-in user owns counts, and only
while the user has ticked the (opt-in) kind. The dedupe key is the comment id, so the same
comment seen twice (live, then again after a reconnect) is raised once by the store's dedupe.
"""

from __future__ import annotations

from datetime import datetime

from desktop_notifier.alerts.model import Alert, AlertKind, AlertPrefs
from desktop_notifier.alerts.policy import URGENCY
from desktop_notifier.alerts.text import render
from desktop_notifier.events.comment import Comment


def comment_dedupe_key(comment: Comment) -> str:
    return f"{AlertKind.CALL_COMMENT.value}:{comment.id}"


def comment_alert(
    comment: Comment,
    *,
    owner_id: str | None,
    company: str | None,
    me: str | None,
    prefs: AlertPrefs,
    now: datetime,
) -> Alert | None:
    """The alert for `comment` on a call owned by `owner_id`, or None when it does not count."""
    kind = AlertKind.CALL_COMMENT
    if kind not in prefs.enabled or me is None or owner_id != me:
        return None
    if comment.author_id is None or comment.author_id == me:
        return None  # my own comment, or an author we cannot tell apart from me
    title, body = render(
        kind, prefs.language, company=company, score=None, status=None, comment=comment.body
    )
    return Alert(
        kind=kind,
        call_id=comment.call_id,
        title=title,
        body=body,
        urgency=URGENCY[kind],
        dedupe_key=comment_dedupe_key(comment),
        at=now,
        company=company,
    )
