"""The notifier contract, its errors, and the fallback chain that picks a working backend.

A backend shows a `Toast` and reports clicks on the toasts it sent; it never decides whether to
show. `create_notifier` tries backend factories in order (like qutebrowser's adapter chain): the
first one that does not raise `Unavailable` wins, and the log says which backend is in use and why
the others were skipped. The last factory, the tray balloon, always works.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol

from desktop_notifier.notify.toast import Toast

log = logging.getLogger(__name__)

ActivationCallback = Callable[[Toast], None]


class Unavailable(Exception):
    """This backend cannot work here, or no longer works (its server or bus went away).

    Raised by a backend's factory, and by `show` once the backend is gone for good; the caller
    falls back to the next backend."""


class NotifyError(Exception):
    """One toast could not be shown; the backend itself still works."""


class Notifier(Protocol):
    """Shows toasts; calls its `on_activated(toast)` on the Qt/asyncio thread when the user
    clicks a toast it sent."""

    name: str

    async def show(self, toast: Toast) -> None:
        """Show `toast`; raises `NotifyError` (this toast failed) or `Unavailable` (gone)."""
        ...

    async def close(self) -> None:
        """Stop reporting clicks and release the backend's resources; idempotent."""
        ...


NotifierFactory = Callable[[ActivationCallback], Awaitable[Notifier]]


def report_activation(on_activated: ActivationCallback, toast: Toast) -> None:
    """Call the app's click handler; its bugs are logged, never allowed to kill a listener."""
    try:
        on_activated(toast)
    except Exception:
        log.exception("the toast click handler failed")


def factory_name(factory: NotifierFactory) -> str:
    while isinstance(factory, functools.partial):
        factory = factory.func
    return getattr(factory, "__qualname__", repr(factory))


async def create_notifier(
    factories: Sequence[NotifierFactory], on_activated: ActivationCallback
) -> Notifier:
    """The first backend in `factories` that works here.

    Raises `Unavailable` only if none does (the tray balloon, listed last, always does)."""
    if not factories:
        raise ValueError("at least one notifier factory is needed")
    skipped: list[str] = []
    for index, factory in enumerate(factories):
        label = factory_name(factory)
        try:
            notifier = await factory(on_activated)
        except Unavailable as exc:
            log.info("notification backend %s skipped: %s", label, exc)
            skipped.append(f"{label}: {exc}")
            continue
        except Exception as exc:
            if index == len(factories) - 1:
                raise
            log.warning("notification backend %s failed to start", label, exc_info=True)
            skipped.append(f"{label}: {exc!r}")
            continue
        if skipped:
            log.info("notifications: using %s (skipped %s)", notifier.name, "; ".join(skipped))
        else:
            log.info("notifications: using %s", notifier.name)
        return notifier
    raise Unavailable("no notification backend works here: " + "; ".join(skipped))
