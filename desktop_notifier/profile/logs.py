"""Logging setup: a rotating file in the profile's log directory, stderr for the terminal, and
a redaction filter so tokens, keys and passwords never reach a log line (`log_hygiene` keeps
the libraries' frames out and their repeats off the terminal)."""

from __future__ import annotations

import io
import logging
import logging.handlers
import re
from pathlib import Path

from desktop_notifier.profile.log_hygiene import LibraryFrames, OncePerMessage
from desktop_notifier.profile.private_files import open_private, private_dir

# JWTs (three base64url parts), Supabase secret/publishable keys, credentials in a URL's
# authority, and key=value secrets.
_PATTERNS = (
    re.compile(r"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"),
    re.compile(r"sb_(?:secret|publishable)_[A-Za-z0-9_-]{8,}"),
    re.compile(r"(?i)([a-z][a-z0-9+.-]*://)[^/\s@]+@"),  # user:password@ in a URL
    re.compile(
        r"(?i)((?:apikey|api_key|access_token|refresh_token|password|token)[\"']?\s*[=:]\s*[\"']?)"
        r"[^\s\"'&,}]+"
    ),
)
REDACTED = "[redacted]"


def redact(text: str) -> str:
    text = _PATTERNS[0].sub(REDACTED, text)
    text = _PATTERNS[1].sub(REDACTED, text)
    text = _PATTERNS[2].sub(lambda m: m.group(1) + REDACTED + "@", text)
    return _PATTERNS[3].sub(lambda m: m.group(1) + REDACTED, text)


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if record.exc_info and record.exc_info[1] is not None:
            exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_text = redact(exc_text)
            record.exc_info = None
        if cleaned != message or record.args:
            record.msg, record.args = cleaned, None
        return True


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose files are created 0600 (they name companies and calls)."""

    def _open(self) -> io.TextIOWrapper:
        return open_private(Path(self.baseFilename), self.mode, self.encoding)


_OURS: list[logging.Handler] = []  # the handlers `setup` installed


def setup(log_dir: Path | None, *, debug: bool = False, quiet: bool = False) -> None:
    """Configure the root logger once: file (INFO, or DEBUG with `debug`) + stderr."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
        if handler in _OURS:  # a previous setup's file and stream: closed, not leaked
            handler.close()
    _OURS.clear()
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    redactor = RedactingFilter()
    frames = LibraryFrames()  # before the redactor: it rewrites what the redactor reads
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    stderr = logging.StreamHandler()
    stderr.setLevel(logging.DEBUG if debug else (logging.ERROR if quiet else logging.WARNING))
    stderr.setFormatter(formatter)
    for stderr_filter in (frames, OncePerMessage(), redactor):
        stderr.addFilter(stderr_filter)
    root.addHandler(stderr)
    _OURS.append(stderr)
    if log_dir is not None:
        private_dir(log_dir)
        file_handler = PrivateRotatingFileHandler(
            log_dir / "desktop-notifier.log", maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
        file_handler.setFormatter(formatter)
        file_handler.addFilter(frames)
        file_handler.addFilter(redactor)
        root.addHandler(file_handler)
        _OURS.append(file_handler)
    logging.captureWarnings(True)  # library warnings through the redacting handlers too
    # The client libraries log frames (with tokens) at DEBUG; keep them at INFO even in debug.
    for noisy in ("realtime", "websockets", "httpx", "httpcore", "hpack"):
        logging.getLogger(noisy).setLevel(logging.INFO if debug else logging.WARNING)
