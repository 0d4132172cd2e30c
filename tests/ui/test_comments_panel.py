"""`CommentsPanel`: comments are untrusted plain text — markup shown as typed, directional
overrides and control characters dropped — shown once each, and sending asks, never writes."""

from __future__ import annotations

from datetime import UTC, datetime

from pytestqt.qtbot import QtBot

from desktop_notifier.events.comment import Comment
from desktop_notifier.ui.comments_panel import CommentsPanel

AT = datetime(2026, 12, 3, 9, 15, tzinfo=UTC)


def comment(body: str, comment_id: str = "1", author: str = "ana@acme.com.br") -> Comment:
    return Comment(comment_id, "call", author, body, AT)


def test_hostile_comments_are_plain_and_shown_once(qtbot: QtBot) -> None:
    panel = CommentsPanel()
    qtbot.addWidget(panel)
    panel.set_comments([comment('<b>oi</b> & "tchau"\n\u202eexe.evil\x07', author="\u202ebad")])
    panel.add_comment(comment("again", "1"))  # the same id, live after the read
    assert panel.count() == 1
    [text] = panel.texts()
    author, body = text.split("\n", 1)
    assert author.startswith("bad · ")
    assert body == '<b>oi</b> & "tchau"\nexe.evil'
    assert panel.title() == "Comentários (1)"


def test_send_asks_with_the_typed_text_and_clears_when_sent(qtbot: QtBot) -> None:
    panel = CommentsPanel()
    qtbot.addWidget(panel)
    assert not panel.send.isEnabled(), "nothing typed"
    panel.input.setPlainText("  Vou ligar amanhã  ")
    with qtbot.waitSignal(panel.send_requested) as asked:
        panel.send.click()
    assert asked.args == ["Vou ligar amanhã"]
    panel.set_sending(True)
    assert panel.input.isReadOnly() and not panel.send.isEnabled()
    panel.sent()
    assert panel.input.toPlainText() == "" and not panel.input.isReadOnly()
    panel.set_others(["bruno@acme.com.br", "bruno@acme.com.br", "carla@acme.com.br"])
    assert panel.presence.text() == "Também aqui: bruno@acme.com.br, carla@acme.com.br"
