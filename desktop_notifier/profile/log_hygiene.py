"""What the client libraries and unhandled exceptions may put in our logs.

- `LibraryFrames`: the `realtime` client logs a frame it cannot parse at ERROR with the whole
  frame (database rows: company names, transcriptions, tokens); the record is rewritten to say
  that a frame was dropped and its size, never its content.
- `OncePerMessage`: a library repeats the same error on every reconnection; on the terminal
  each distinct library message is shown once (the log file keeps them all).
- `install_excepthooks`: an exception escaping a Qt slot (PySide prints it through
  `sys.excepthook`) or a thread goes through logging, so the redacting handlers see it instead
  of raw stderr.
"""

from __future__ import annotations

import ast
import logging
import re
import sys
import threading
from types import TracebackType

OWN_LOGGERS = "desktop_notifier"
UNPARSEABLE = "Unrecognized message format "  # realtime 2.34.1 _async/client.py `_listen`
SEEN_LIMIT = 1000
_NUMBERS = re.compile(r"\d+")


def _frame_size(message: str) -> int | None:
    """The size in bytes of the frame in realtime's `Unrecognized message format {msg!r}\\n…`."""
    shown = message[len(UNPARSEABLE) :].split("\n", 1)[0]  # a repr has no raw newline
    try:
        frame = ast.literal_eval(shown)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    if isinstance(frame, str):
        return len(frame.encode("utf-8", errors="replace"))
    return len(frame) if isinstance(frame, bytes) else None


class LibraryFrames(logging.Filter):
    """Rewrites the realtime client's unparseable-frame record before any handler formats it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith("realtime") or getattr(record, "frame_hidden", False):
            return True
        message = record.getMessage()
        if message.startswith(UNPARSEABLE):
            size = _frame_size(message)
            shown = f"{size} bytes" if size is not None else "size unknown"
            record.msg = f"dropped a realtime frame that is not a valid message ({shown}; "
            record.msg += "content not logged)"
            record.args = None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.exc_info, record.exc_text = None, None
            record.frame_hidden = True
        return True


class OncePerMessage(logging.Filter):
    """Lets a library's record through once per distinct message (numbers aside)."""

    def __init__(self) -> None:
        super().__init__()
        self._seen: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == OWN_LOGGERS or record.name.startswith(OWN_LOGGERS + "."):
            return True
        key = f"{record.name}\0{_NUMBERS.sub('#', record.getMessage())}"
        if key in self._seen:
            return False
        if len(self._seen) >= SEEN_LIMIT:
            self._seen.clear()
        self._seen.add(key)
        return True


_unhandled = logging.getLogger("desktop_notifier.unhandled")


def _log_exception(
    kind: type[BaseException], value: BaseException, tb: TracebackType | None
) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, value, tb)
        return
    _unhandled.error("unhandled %s", kind.__name__, exc_info=(kind, value, tb))


def _log_thread_exception(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is not None:
        _log_exception(args.exc_type, args.exc_value, args.exc_traceback)


def install_excepthooks() -> None:
    """Send unhandled exceptions (Qt slots, the main thread, other threads) to logging."""
    sys.excepthook = _log_exception
    threading.excepthook = _log_thread_exception
