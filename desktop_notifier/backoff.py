"""Reconnect delays: exponential with full jitter, capped, reset after a healthy period.

Pure: the random source is injectable, so tests are deterministic.
"""

from __future__ import annotations

import random
from collections.abc import Callable

MIN_DELAY = 0.5
MAX_DELAY = 30.0


class Backoff:
    def __init__(
        self,
        base: float = MIN_DELAY,
        cap: float = MAX_DELAY,
        uniform: Callable[[float, float], float] = random.uniform,
    ) -> None:
        if not 0 < base <= cap:
            raise ValueError("need 0 < base <= cap")
        self._base = base
        self._cap = cap
        self._uniform = uniform
        self.attempt = 0

    def next(self) -> float:
        """The next delay: uniform in [base/2, min(cap, base * 2**attempt)]."""
        ceiling = min(self._cap, self._base * 2**self.attempt)
        self.attempt = min(self.attempt + 1, 32)
        return self._uniform(min(self._base / 2, ceiling), ceiling)

    def reset(self) -> None:
        self.attempt = 0
