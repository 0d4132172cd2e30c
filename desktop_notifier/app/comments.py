"""Comments and presence in the call windows: a "Comentários" tab added to each call window
(`ui.comments_panel`, the window itself is left as it is), its comments read from PostgREST,
new ones arriving live and who else has the call open through the call's room
(`sync.call_room`), and a typed comment written as the signed-in user.

A room is left when its window is closed (call windows are hidden, not destroyed) and joined
again when it is shown. When the connection is live again after an outage
(`reconnected`), every room is reopened and its comments read again, so nothing written
meanwhile is missing. Every renewed access token reaches every open room
(`Account.token_listeners`), so a window left open for hours stays live.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QTabWidget, QWidget

from desktop_notifier.common.errors import UserError, describe
from desktop_notifier.events import InvalidPayload
from desktop_notifier.events.comment import Comment
from desktop_notifier.sync.account import Account
from desktop_notifier.sync.call_room import CallRoom, RoomFailed

if TYPE_CHECKING:  # imported when the first call window opens: ~2 MB of Qt types spared at idle
    from desktop_notifier.ui.comments_panel import CommentsPanel

log = logging.getLogger(__name__)
QUIT_WAIT = 3.0  # seconds a quitting app waits for rooms still being joined


class Comments(QObject):
    def __init__(
        self,
        account: Callable[[], Account | None],
        language: Callable[[], str],
        spawn: Callable[[Coroutine[Any, Any, None]], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._account = account
        self._language = language
        self._spawn = spawn
        self.instance = uuid.uuid4().hex[:12]  # this app in every room's presence
        self.panels: dict[str, CommentsPanel] = {}
        self.rooms: dict[str, CallRoom] = {}
        self._windows: dict[QObject, str] = {}
        self._tasks: set[asyncio.Task[None]] = set()  # opening rooms: cancelled when quitting
        self._unclosed: set[CallRoom] = set()  # every room whose socket may still be open

    def attach(self, call_id: str, window: QWidget) -> None:
        """A call window opened: give it its comments tab and join the call's room."""
        if call_id in self.panels:
            return
        tabs = window.findChild(QTabWidget)
        if tabs is None:
            return
        from desktop_notifier.ui.comments_panel import CommentsPanel

        panel = CommentsPanel()
        tabs.addTab(panel, panel.title())
        panel.title_changed.connect(lambda text: tabs.setTabText(tabs.indexOf(panel), text))
        panel.send_requested.connect(lambda body: self._spawn(self._send(call_id, body)))
        self.panels[call_id] = panel
        self._windows[window] = call_id
        window.installEventFilter(self)
        window.destroyed.connect(lambda *_: self._detach(call_id))
        self._start(self._open(call_id))

    def show(self, call_id: str) -> None:
        """Bring the call window's Comments tab to the front."""
        panel = self.panels.get(call_id)
        tabs = None if panel is None else panel.parentWidget()
        while tabs is not None and not isinstance(tabs, QTabWidget):
            tabs = tabs.parentWidget()
        if panel is not None and tabs is not None:
            tabs.setCurrentWidget(panel)

    def _start(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        task.add_done_callback(_log_failure)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        call_id = self._windows.get(watched)
        if call_id is not None:
            if event.type() is QEvent.Type.Close:
                self._leave(call_id)
            elif event.type() is QEvent.Type.Show and call_id not in self.rooms:
                self._start(self._open(call_id))
        return super().eventFilter(watched, event)

    def _leave(self, call_id: str) -> None:
        room = self.rooms.pop(call_id, None)
        if room is not None:
            self._start(self._close_room(room))

    async def _close_room(self, room: CallRoom) -> None:
        try:
            await room.close()
        finally:
            self._unclosed.discard(room)

    def reconnected(self) -> None:
        for call_id in list(self.panels):
            self._start(self._reopen(call_id))

    async def close(self) -> None:
        """The app quits: every room's socket closed before the loop ends."""
        self.panels.clear()
        self._windows.clear()
        tasks = list(self._tasks)
        if tasks:  # a room still connecting is let finish (a cancelled connect leaks its socket)
            _done, pending = await asyncio.wait(tasks, timeout=QUIT_WAIT)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
        self.rooms = {}
        rooms, self._unclosed = list(self._unclosed), set()
        await asyncio.gather(*(room.close() for room in rooms), return_exceptions=True)

    def _detach(self, call_id: str) -> None:
        self.panels.pop(call_id, None)
        self._windows = {w: c for w, c in self._windows.items() if c != call_id}
        self._leave(call_id)

    async def _reopen(self, call_id: str) -> None:
        room = self.rooms.pop(call_id, None)
        if room is not None:
            await self._close_room(room)
        await self._open(call_id)

    async def _open(self, call_id: str) -> None:
        account = self._account()
        panel = self.panels.get(call_id)
        if account is None or panel is None:
            return
        if self._renewed not in account.token_listeners:
            account.token_listeners.append(self._renewed)
        room = CallRoom(
            account.url,
            account.anon_key,
            account.access_token(),
            call_id,
            f"{account.tokens.user_id}/{self.instance}",
            {"email": account.tokens.email, "user_id": account.tokens.user_id},
            lambda row: self._arrived(call_id, row),
            lambda others: self._present(call_id, others),
            proxy=account.proxy,
        )
        old = self.rooms.get(call_id)
        if old is not None:
            await self._close_room(old)
        self.rooms[call_id] = room
        self._unclosed.add(room)
        joined = True
        try:  # joined first, then read: a comment written in between is not lost
            await room.open()
        except RoomFailed as exc:
            log.warning("the call's room could not be joined: %s", exc)
            joined = False
        if (shown := self.panels.get(call_id)) is not None:  # the window may be gone by now
            shown.set_live(joined)
        try:
            rows = await account.comments(call_id)
        except UserError as exc:
            log.warning("the comments could not be read: %s", describe(exc, "en"))
            return
        panel = self.panels.get(call_id)
        if panel is None or self.rooms.get(call_id) is not room:
            await self._close_room(room)
            return
        panel.set_comments([c for c in map(_parsed, rows) if c is not None])

    def _renewed(self, access_token: str) -> None:
        for room in list(self.rooms.values()):
            self._start(room.set_token(access_token))

    def _arrived(self, call_id: str, row: dict[str, Any]) -> None:
        panel = self.panels.get(call_id)
        comment = _parsed(row)
        if panel is not None and comment is not None:
            panel.add_comment(comment)

    def _present(self, call_id: str, others: list[dict[str, Any]]) -> None:
        panel = self.panels.get(call_id)
        if panel is not None:
            panel.set_others([str(o.get("email") or "") for o in others])

    async def _send(self, call_id: str, body: str) -> None:
        account, panel = self._account(), self.panels.get(call_id)
        if account is None or panel is None:
            return
        panel.set_sending(True)
        try:
            row = await account.add_comment(call_id, body)
        except UserError as exc:
            panel.set_sending(False)
            panel.set_error(describe(exc, self._language()))
            return
        panel.sent()
        comment = None if row is None else _parsed(row)
        if comment is not None:
            panel.add_comment(comment)


def _log_failure(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("a comments task failed", exc_info=task.exception())


def _parsed(row: Any) -> Comment | None:
    try:
        return Comment.from_row(row) if isinstance(row, dict) else None
    except InvalidPayload as exc:
        log.warning("skipped a comment that could not be understood: %s", exc)
        return None
