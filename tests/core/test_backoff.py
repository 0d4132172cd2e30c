"""backoff: full jitter between about 0.5 s and a 30 s cap, reset after health."""

from __future__ import annotations

from desktop_notifier.connection.backoff import Backoff


def test_ceilings_grow_to_the_cap_and_reset() -> None:
    backoff = Backoff(uniform=lambda low, high: high)
    assert [backoff.next() for _ in range(8)] == [0.5, 1, 2, 4, 8, 16, 30, 30]
    backoff.reset()
    assert backoff.next() == 0.5


def test_jitter_stays_in_range() -> None:
    backoff = Backoff()
    for _ in range(200):
        delay = backoff.next()
        assert 0.25 <= delay <= 30
