"""Icons: the only place that resolves asset paths.

Runtime icons are PNGs pre-rendered from the SVG masters in `resources/icons/` at every size a
desktop asks for (16 to 64 px; see `resources/icons/render.py`), so no QtSvg plugin is needed at run
time and the 22 px tray icon is drawn from its own bitmap, not scaled. Assets are read through
`importlib.resources`, which works from a source tree, a wheel, a zip and a frozen bundle; the
unread badge is painted on top of the state icon here.

Icons are decoded once and kept (QIcon is implicitly shared, so handing out the same one is
cheap): the tray refreshes its icon and menu on every alert, and re-reading and re-decoding the
PNGs each time cost ~20 ms per alert.
"""

from __future__ import annotations

import sys
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QIcon, QPixmap

from desktop_notifier.ui.tray_state import TrayState

if TYPE_CHECKING:  # the alert model is not needed to show the tray icon at start-up
    from desktop_notifier.alerts import AlertKind

PACKAGE = "desktop_notifier"
SIZES = (16, 22, 24, 32, 48, 64)
APP_SIZES = (*SIZES, 128, 256)


class MissingAsset(FileNotFoundError):
    """A runtime asset is not where the package says it is (a broken install or bundle)."""


def asset_bytes(name: str) -> bytes:
    """The bytes of `assets/<name>` ("icons/app-64.png"), wherever the package lives."""
    parts = name.split("/")
    try:
        return resources.files(PACKAGE).joinpath("assets", *parts).read_bytes()
    except (FileNotFoundError, ModuleNotFoundError, NotADirectoryError):
        bundle = getattr(sys, "_MEIPASS", None)  # PyInstaller one-file/one-dir data folder
        if bundle is not None:
            candidate = Path(bundle, PACKAGE, "assets", *parts)
            if candidate.is_file():
                return candidate.read_bytes()
    raise MissingAsset(f"asset {name!r} is missing from the installation")


def _pixmap(stem: str, size: int) -> QPixmap:
    pixmap = QPixmap()
    if not pixmap.loadFromData(asset_bytes(f"icons/{stem}-{size}.png"), "PNG"):
        raise MissingAsset(f"asset icons/{stem}-{size}.png is not a valid PNG")
    return pixmap


@cache
def _icon(stem: str, sizes: tuple[int, ...] = SIZES) -> QIcon:
    icon = QIcon()
    for size in sizes:
        icon.addPixmap(_pixmap(stem, size))
    return icon


def app_icon() -> QIcon:
    """The application icon (window icons, the About box, the desktop entry)."""
    return _icon("app", APP_SIZES)


def state_icon(state: TrayState) -> QIcon:
    """The tray icon of `state` without a badge (also used as the menu header's icon)."""
    return _icon(state.value)


def kind_icon(kind: AlertKind) -> QIcon:
    """The small coloured icon of an alert kind (menu entries, history rows)."""
    return _icon("kind-" + kind.value.replace("_", "-"))  # new_call → kind-new-call


def badge_text(unread: int) -> str:
    return str(unread) if unread < 10 else "9+"


def _paint_badge(source: QPixmap, unread: int) -> QPixmap:
    """A red dot with the count in the top-right corner; a transparent ring around it keeps it
    readable on dark and light panels. Below 22 px there is room for a dot only."""
    # Loaded here, not at start-up: the first use of PySide's `Qt` namespace builds ~100 enum
    # classes (tens of ms), and the tray icon should be up before that.
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QImage, QPainter

    from desktop_notifier.ui.colors import UNREAD_BADGE  # (it loads the alert model)

    image = source.toImage().convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
    size = image.width()
    text = badge_text(unread)
    diameter = size * (0.56 if len(text) > 1 else 0.5)
    rect = QRectF(size - diameter, 0.0, diameter, diameter)
    gap = max(1.0, size / 22)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Clear)
    painter.setBrush(QColor(0, 0, 0))
    painter.drawEllipse(rect.adjusted(-gap, -gap, gap, gap))
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
    painter.setBrush(QColor(UNREAD_BADGE))
    painter.drawEllipse(rect)
    if size >= 22:
        font = QFont()
        font.setBold(True)
        font.setPixelSize(max(7, round(diameter * (0.62 if len(text) > 1 else 0.78))))
        painter.setFont(font)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return QPixmap.fromImage(image)


def tray_icon(state: TrayState, unread: int) -> QIcon:
    """The tray icon for `state`, with an unread badge when `unread` > 0."""
    if unread <= 0:
        return state_icon(state)
    return _badged_icon(state, badge_text(unread))


@cache
def _badged_icon(state: TrayState, text: str) -> QIcon:
    """At most ten badges per state ("1" … "9", "9+"), so the cache stays small."""
    unread = 10 if text.endswith("+") else int(text)
    icon = QIcon()
    for size in SIZES:
        icon.addPixmap(_paint_badge(_pixmap(state.value, size), unread))
    return icon
