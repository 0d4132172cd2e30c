"""A toast backend that only records what it was asked to show: the tray-balloon fallback
as the Windows and macOS backend tests see it."""

from __future__ import annotations

from desktop_notifier.notify import Toast


class Balloon:
    name = "tray-balloon"

    def __init__(self) -> None:
        self.shown: list[Toast] = []

    async def show(self, toast: Toast) -> None:
        self.shown.append(toast)

    async def close(self) -> None:
        pass
