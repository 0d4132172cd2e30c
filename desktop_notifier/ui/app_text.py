"""App-level sentences the composition root shows (tray detail lines, the test toast, the
connection toasts), translated through Qt like every widget string."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from desktop_notifier.common.errors import ErrorCode, UserError, describe, describe_code
from desktop_notifier.common.live_sources import ABLY, BROADCAST

translate = QCoreApplication.translate  # the name lupdate recognises


def offline_detail(since: datetime, reason: str) -> str:
    """ "Desconectado desde 14:02 — sem rede"."""
    when = since.astimezone().strftime("%H:%M")
    if reason:
        return (
            translate("AppText", "Offline since %1 — %2").replace("%1", when).replace("%2", reason)
        )
    return translate("AppText", "Offline since %1").replace("%1", when)


def no_network() -> str:
    return translate("AppText", "no network")


def server_unreachable() -> str:
    return translate("AppText", "server unreachable, retrying")


def limited_detail(seconds: float) -> str:
    """ "Modo limitado — atualizações a cada 5 s" (no websocket: polling)."""
    return translate("AppText", "Limited mode — updates every %1 s").replace("%1", f"{seconds:g}")


def source_name(source: str) -> str:
    """A live source (`common/live_sources`) as the settings dialog lists it."""
    if source == BROADCAST:
        return translate("AppText", "Realtime — broadcast from the database")
    if source == ABLY:
        return translate("AppText", "Ably — channel per owner (outbox)")
    return translate("AppText", "Realtime — database changes (postgres_changes)")


def source_line(source: str) -> str:
    """The tray's line while live: "Fonte ao vivo: Realtime — broadcast do banco"."""
    return translate("AppText", "Live source: %1").replace("%1", source_name(source))


def proxy_testing() -> str:
    return translate("AppText", "Testing the proxy…")


def proxy_verdict(websocket_works: bool) -> str:
    """The settings' proxy test, when REST gets through."""
    if websocket_works:
        return translate("AppText", "The proxy works: the API and the realtime connection answer.")
    return translate(
        "AppText",
        "The proxy lets the API through but refuses the realtime connection (websocket): "
        "alerts will come in limited mode, every few seconds.",
    )


def connecting_detail() -> str:
    return translate("AppText", "Connecting to Supabase…")


def signed_out_detail() -> str:
    return translate("AppText", "Sign in again in the settings")


def not_configured_detail() -> str:
    return translate("AppText", "Open the settings to sign in")


def signing_in() -> str:
    return translate("AppText", "Signing in…")


def sending_code() -> str:
    return translate("AppText", "Sending the code…")


def code_sent(email: str) -> str:
    return translate("AppText", "Code sent to %1. Type the 6 digits from the e-mail.").replace(
        "%1", email
    )


def finish_in_browser() -> str:
    return translate("AppText", "Continue in your browser…")


def starting_demo() -> str:
    return translate("AppText", "Starting the demonstration…")


def test_toast() -> tuple[str, str]:
    return (
        translate("AppText", "Test notification"),
        translate("AppText", "Notifications from Calls Notifier are working."),
    )


def connection_lost_toast() -> tuple[str, str]:
    return (
        translate("AppText", "Connection lost"),
        translate("AppText", "Alerts will arrive as soon as the connection is back."),
    )


def connection_back_toast() -> tuple[str, str]:
    return (
        translate("AppText", "Connected again"),
        translate("AppText", "Nothing was missed: what happened meanwhile was caught up."),
    )


def store_moved_aside_toast(aside: Path, language: str) -> tuple[str, str]:
    """The body is the sentence `watch` prints too (from `errors`, in `language`)."""
    body = describe_code(ErrorCode.STORE_MOVED_ASIDE, language, {"path": str(aside)})
    return translate("AppText", "Local history recreated"), body


def warning_toast(error: UserError, language: str) -> tuple[str, str]:
    """A warning that does not stop the connection (`SupervisorObserver.warned`): its
    sentence from `errors`, in `language`, the one `watch` prints too."""
    if error.code is ErrorCode.COMMENTS_TABLE_MISSING:
        title = translate("AppText", "Comment alerts on hold")
    else:
        title = "Calls Notifier"
    return title, describe(error, language)


def diagnostics_copied_toast() -> tuple[str, str]:
    return (
        translate("AppText", "Diagnostics copied"),
        translate("AppText", "Paste it into your message to support."),
    )
