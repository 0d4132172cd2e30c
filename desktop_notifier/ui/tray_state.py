"""`TrayState`: what the tray icon says about the connection, independent of any widget."""

from __future__ import annotations

from enum import Enum


class TrayState(Enum):
    """Connection states the tray can show; each value is the stem of its icon asset."""

    NOT_CONFIGURED = "tray-not-configured"
    CONNECTING = "tray-connecting"
    LIVE = "tray-live"
    LIMITED = "tray-limited"  # no websocket: updates by polling every few seconds
    OFFLINE = "tray-offline"
    ATTENTION = "tray-attention"  # the server refuses us until the user fixes something
    SIGNED_OUT = "tray-signed-out"
    PAUSED = "tray-paused"
