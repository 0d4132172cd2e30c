"""`CommentsPanel`: the comments of a call and who else has it open, as a tab of its window.

It shows what it is told — the comments (oldest first; author, time and body, all plain text:
a comment is untrusted), the people in the room — and asks to send what is typed
(`send_requested`, Ctrl+Enter or the button); it never writes anything itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_notifier.events.comment import MAX_BODY, Comment
from desktop_notifier.ui.accessible import describe
from desktop_notifier.ui.colors import CARD_BORDER, ERROR_TEXT, GREEN, MUTED_TEXT
from desktop_notifier.ui.plain import breakable, single_line


class CommentsPanel(QWidget):
    send_requested = Signal(str)
    title_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("commentsPanel")
        self._ids: set[str] = set()
        self._others: list[str] = []
        self._live = True  # the call's room joined (or being joined)
        self._error: str | None = None
        self.presence = QLabel(self)
        self.presence.setObjectName("presence")
        self.presence.setTextFormat(Qt.TextFormat.PlainText)
        self.presence.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("comments")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.list.setStyleSheet(  # looked at: without room the entries ran into each other
            f"QListWidget::item {{ padding: 6px 4px; border-bottom: 1px solid {CARD_BORDER}; }}"
        )
        self.empty = QLabel(self)
        self.empty.setStyleSheet(f"color: {MUTED_TEXT};")
        self.input = QPlainTextEdit(self)
        self.input.setObjectName("commentInput")
        self.input.setMaximumHeight(72)
        self.input.textChanged.connect(self._refresh_send)
        self.send = QPushButton(self)
        self.send.setObjectName("sendComment")
        self.send.clicked.connect(self._send)
        shortcut = QShortcut(QKeySequence("Ctrl+Return"), self.input)
        shortcut.activated.connect(self._send)
        self.error = QLabel(self)
        self.error.setObjectName("commentError")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet(f"color: {ERROR_TEXT};")
        self.error.hide()
        row = QHBoxLayout()
        row.addWidget(self.input, 1)
        row.addWidget(self.send, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.addWidget(self.presence)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.error)
        layout.addLayout(row)
        self._retranslate()

    # --- what the panel is told ------------------------------------------------------------

    def set_comments(self, comments: Sequence[Comment]) -> None:
        self.list.clear()
        self._ids.clear()
        for comment in comments:
            self.add_comment(comment)
        self._refresh_empty()

    def add_comment(self, comment: Comment) -> None:
        """One more (live, or just sent); a comment already shown is not shown twice."""
        if comment.id in self._ids:
            return
        self._ids.add(comment.id)
        author = single_line(comment.author_email, 60) or "—"
        created = comment.created_at
        stamp = "" if created is None else created.astimezone().strftime("%d/%m %H:%M")
        # each line as the toasts shape database text: no bidi overrides, no control characters
        lines = [single_line(line, MAX_BODY) for line in comment.body.splitlines()]
        body = breakable("\n".join(line for line in lines if line) or "—")
        item = QListWidgetItem(f"{author} · {stamp}\n{body}")
        item.setData(Qt.ItemDataRole.UserRole, comment.id)
        self.list.addItem(item)
        self.list.scrollToBottom()
        self._refresh_empty()
        self.title_changed.emit(self.title())

    def set_others(self, emails: Sequence[str]) -> None:
        """Who else has this call open now (one entry per person)."""
        self._others = sorted({single_line(e, 60) for e in emails if e})
        self._refresh_presence()

    def set_live(self, live: bool) -> None:
        """Whether the call's room could be joined: if not, the presence line says that
        nothing arrives live here (never "nobody else", which it cannot know)."""
        self._live = live
        self._refresh_presence()

    def set_sending(self, sending: bool) -> None:
        self.input.setReadOnly(sending)
        self.send.setEnabled(not sending and bool(self.input.toPlainText().strip()))
        self.send.setText(self.tr("Sending…") if sending else self.tr("Send"))

    def sent(self) -> None:
        self.input.clear()
        self.set_sending(False)
        self.set_error(None)

    def set_error(self, text: str | None) -> None:
        self._error = text
        self.error.setVisible(text is not None)
        if text is not None:
            self.error.setText(self.tr("The comment could not be sent: %1").replace("%1", text))

    def count(self) -> int:
        return self.list.count()

    def texts(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def title(self) -> str:
        count = self.list.count()
        return self.tr("Comments") + (f" ({count})" if count else "")

    # --- inside ----------------------------------------------------------------------------

    def _send(self) -> None:
        body = self.input.toPlainText().strip()
        if body and not self.input.isReadOnly():
            self.send_requested.emit(body[:MAX_BODY])

    def _refresh_send(self) -> None:
        self.send.setEnabled(not self.input.isReadOnly() and bool(self.input.toPlainText().strip()))

    def _refresh_empty(self) -> None:
        self.empty.setVisible(self.list.count() == 0)

    def _refresh_presence(self) -> None:
        if not self._live:
            text = self.tr(
                "Not live in this window: the server refused the call's room. New comments, "
                "and who else has the call open, show when you open it again."
            )
            self.presence.setStyleSheet(f"color: {ERROR_TEXT};")
        elif self._others:
            text = self.tr("Also here: %1").replace("%1", ", ".join(self._others))
            self.presence.setStyleSheet(f"color: {GREEN[0]}; font-weight: bold;")
        else:
            text = self.tr("Nobody else has this call open.")
            self.presence.setStyleSheet(f"color: {MUTED_TEXT};")
        self.presence.setText(text)

    def _retranslate(self) -> None:
        self.empty.setText(self.tr("No comments yet."))
        self.input.setPlaceholderText(self.tr("Write a comment…"))
        self.send.setText(self.tr("Send"))
        describe(self.list, self.tr("Comments"), self.tr("Comments of this call"))
        describe(self.input, self.tr("Write a comment…"), self.tr("A comment, in plain text"))
        describe(self.send, self.tr("Send"), self.tr("Sends the comment to all who see this call"))
        self._refresh_presence()
        self._refresh_send()
        if self._error is not None:
            self.set_error(self._error)
        self.title_changed.emit(self.title())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() is QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
