"""Auth's per-IP limit on refresh-token grants, as GoTrue's tollbooth limiter applies it.

supabase/auth ``internal/api/apilimiter/apilimiter.go``: ``RATE_LIMIT_TOKEN_REFRESH`` (150)
requests per 5 minutes per client IP, a token bucket refilled at limit/300 per second with a
burst of 30 (here ``min(30, limit)``, so a lowered limit bites at once); over it, HTTP 429
``over_request_rate_limit`` "Request rate limit reached", with no ``Retry-After``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

WINDOW = 300.0
BURST = 30


@dataclass
class _Bucket:
    tokens: float
    at: float


@dataclass
class RefreshLimiter:
    per_window: float = 150.0
    refused: int = 0
    _buckets: dict[str, _Bucket] = field(default_factory=dict)

    @property
    def burst(self) -> float:
        return float(min(BURST, self.per_window))

    def allow(self, client: str, now: float | None = None) -> bool:
        """Take one request from ``client``'s bucket; False (and counted) when empty."""
        now = time.monotonic() if now is None else now
        bucket = self._buckets.setdefault(client, _Bucket(self.burst, now))
        rate = self.per_window / WINDOW
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.at) * rate)
        bucket.at = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return True
        self.refused += 1
        return False
