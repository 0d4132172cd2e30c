"""Translated names of domain values (connection states, alert kinds, call statuses).

Every call goes through `QCoreApplication.translate` at display time, so a language switch
only needs the widgets to ask again. Unknown statuses (a team's own vocabulary) are shown as
they are, made single-line.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop_notifier.alerts import AlertKind
from desktop_notifier.ui.plain import single_line
from desktop_notifier.ui.tray_state import TrayState

translate = QCoreApplication.translate  # the name lupdate recognises


def state_label(state: TrayState) -> str:
    match state:
        case TrayState.NOT_CONFIGURED:
            return translate("Labels", "Not configured")
        case TrayState.CONNECTING:
            return translate("Labels", "Connecting…")
        case TrayState.LIVE:
            return translate("Labels", "Connected")
        case TrayState.LIMITED:
            return translate("Labels", "Limited mode")
        case TrayState.OFFLINE:
            return translate("Labels", "Offline")
        case TrayState.ATTENTION:
            return translate("Labels", "Needs attention")
        case TrayState.SIGNED_OUT:
            return translate("Labels", "Signed out")
        case TrayState.PAUSED:
            return translate("Labels", "Paused")


def kind_label(kind: AlertKind) -> str:
    match kind:
        case AlertKind.NEW_CALL:
            return translate("Labels", "New call")
        case AlertKind.MISSED_CALL:
            return translate("Labels", "Missed call")
        case AlertKind.HIGH_SCORE:
            return translate("Labels", "Excellent score")
        case AlertKind.LOW_SCORE:
            return translate("Labels", "Low score")
        case AlertKind.ANALYSIS_DONE:
            return translate("Labels", "Analysis completed")
        case AlertKind.CALL_COMMENT:
            return translate("Labels", "New comment on my call")


def status_label(status: str | None) -> str:
    """A call's `status` column in words."""
    key = (status or "").strip().lower()
    known = {
        "": translate("Labels", "no status"),
        "new": translate("Labels", "new"),
        "ringing": translate("Labels", "ringing"),
        "in_progress": translate("Labels", "in progress"),
        "processing": translate("Labels", "processing"),
        "transcribed": translate("Labels", "transcribed"),
        "completed": translate("Labels", "completed"),
        "missed": translate("Labels", "missed"),
        "failed": translate("Labels", "failed"),
    }
    return known.get(key) or single_line(status, 32)


def ai_status_label(ai_status: str | None) -> str:
    """The `ai_status` column in words ("AI: completed")."""
    key = (ai_status or "").strip().lower()
    known = {
        "": translate("Labels", "AI: waiting"),
        "pending": translate("Labels", "AI: waiting"),
        "processing": translate("Labels", "AI: analyzing"),
        "completed": translate("Labels", "AI: completed"),
        "failed": translate("Labels", "AI: failed"),
        "error": translate("Labels", "AI: failed"),
    }
    return known.get(key) or translate("Labels", "AI: %1").replace("%1", single_line(ai_status, 32))


def no_score_label(status: str | None, ai_status: str | None) -> str:
    """What a call without a score shows: "Analyzing..." while an analysis may still give it
    one, "No score" once none will (a missed or failed call, an analysis ended without one)."""
    ended = (status or "").strip().lower() in ("missed", "failed")
    analysed = (ai_status or "").strip().lower() in ("completed", "failed", "error")
    if ended or analysed:
        return translate("Labels", "No score")
    return translate("Labels", "Analyzing...")


def yes_no_null(value: bool | None) -> str:
    """JSON true/false/null in words, for scorecards and insights."""
    if value is None:
        return "—"
    return translate("Labels", "yes") if value else translate("Labels", "no")
