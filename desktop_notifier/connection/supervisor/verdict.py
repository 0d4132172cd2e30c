"""What a failed connection attempt means for the supervisor (pure): the state to show, the
sentence, and how long to wait before the next attempt.

- A network failure, a 500, a lost link: OFFLINE, the normal backoff.
- HTTP 429 (too many connections): OFFLINE, and wait as long as the server's Retry-After (at
  most `MAX_RETRY_AFTER`), or the backoff's cap without one, plus jitter: retrying sooner only
  prolongs it, and clients refused together must not come back together.
- The key refused (401), Realtime disabled (403), a private-only project: ATTENTION. It is not
  an outage and waiting will not fix it, so the user is told what to change; the supervisor
  still retries slowly, in case it was the server's hiccup.
- The session gone for good: SIGNED_OUT (no retry; the user must sign in again).
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_notifier.common.errors import ErrorCode, UserError
from desktop_notifier.connection.backoff import Backoff
from desktop_notifier.connection.supervisor.status import ConnectionState
from desktop_notifier.sync.errors import is_retryable, map_error, needs_attention
from desktop_notifier.sync.realtime_link import JoinRefused, LinkFailed, UpgradeRefused

MAX_RETRY_AFTER = 600.0


@dataclass(frozen=True)
class Verdict:
    state: ConnectionState
    error: UserError | None = None
    detail: str = ""
    retry_after: float | None = None  # the server asked to wait this long (429)
    rate_limited: bool = False

    def delay(self, backoff: Backoff) -> float:
        """Seconds until the next attempt."""
        if self.state is ConnectionState.ATTENTION:
            return backoff.slow_next()
        if self.rate_limited:
            asked = backoff.cap if self.retry_after is None else self.retry_after
            return max(backoff.at_least(min(asked, MAX_RETRY_AFTER)), backoff.next())
        return backoff.next()


def judge(exc: BaseException, url: str) -> Verdict:
    """The verdict on an exception that ended a connection attempt."""
    understood = isinstance(exc, UpgradeRefused | JoinRefused)  # map_error says more
    if isinstance(exc, LinkFailed | TimeoutError) and not understood:
        return Verdict(ConnectionState.OFFLINE, detail=str(exc) or type(exc).__name__)
    error = map_error(exc, url)
    if error.code == ErrorCode.RATE_LIMITED:
        retry_after = error.params.get("retry_after")
        wait = float(retry_after) if isinstance(retry_after, int | float) else None
        return Verdict(
            ConnectionState.OFFLINE, error, str(error), retry_after=wait, rate_limited=True
        )
    if is_retryable(error):
        return Verdict(ConnectionState.OFFLINE, error, str(error))
    if needs_attention(error):
        if error.code == ErrorCode.BAD_ANON_KEY:  # the sentence for a key that used to work
            error = UserError(ErrorCode.ANON_KEY_REJECTED)
        return Verdict(ConnectionState.ATTENTION, error, str(error))
    return Verdict(ConnectionState.SIGNED_OUT, error, str(error))
