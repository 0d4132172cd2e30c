"""Reconnect delays: exponential with full jitter, capped, reset after a healthy period; and
the slow retry while the server refuses us until the user fixes something (a rejected key).

Pure: the random source is injectable, so tests are deterministic.
"""

from __future__ import annotations

import random
from collections.abc import Callable

MIN_DELAY = 0.5
MAX_DELAY = 30.0
SLOW_DELAY = 60.0


class Backoff:
    def __init__(
        self,
        base: float = MIN_DELAY,
        cap: float = MAX_DELAY,
        uniform: Callable[[float, float], float] = random.uniform,
        slow: float = SLOW_DELAY,
    ) -> None:
        if not 0 < base <= cap or slow <= 0:
            raise ValueError("need 0 < base <= cap and slow > 0")
        self._base = base
        self._cap = cap
        self._slow = slow
        self._uniform = uniform
        self.attempt = 0

    def next(self) -> float:
        """The next delay: uniform in [base/2, min(cap, base * 2**attempt)]."""
        ceiling = min(self._cap, self._base * 2**self.attempt)
        self.attempt = min(self.attempt + 1, 32)
        return self._uniform(min(self._base / 2, ceiling), ceiling)

    @property
    def cap(self) -> float:
        return self._cap

    def slow_next(self) -> float:
        """The slow retry: 80 to 100 % of `slow`, so clients refused together (a whole
        office after a key rotation) do not come back together."""
        return self._uniform(self._slow * 0.8, self._slow)

    def at_least(self, seconds: float) -> float:
        """A wait the server asked for, plus up to 20 % jitter for the same reason."""
        return self._uniform(seconds, seconds * 1.2)

    def reset(self) -> None:
        self.attempt = 0
