"""Icons: every state and kind has crisp bitmaps at every tray size, states look different,
the unread badge changes the picture, and assets resolve through the package."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from desktop_notifier.alerts import AlertKind
from desktop_notifier.ui import icons
from desktop_notifier.ui.tray_state import TrayState

ROOT = Path(__file__).resolve().parents[2]


def image(state: TrayState, unread: int = 0, size: int = 22) -> QImage:
    return icons.tray_icon(state, unread).pixmap(size, size).toImage()


def test_every_master_svg_has_its_rendered_pngs() -> None:
    masters = sorted((ROOT / "resources" / "icons").glob("*.svg"))
    assert {p.stem for p in masters} >= {s.value for s in TrayState} | {"app"}
    for svg in masters:
        sizes = icons.APP_SIZES if svg.stem == "app" else icons.SIZES
        for size in sizes:
            png = QImage.fromData(icons.asset_bytes(f"icons/{svg.stem}-{size}.png"))
            assert (png.width(), png.height()) == (size, size), f"{svg.stem}-{size}"


@pytest.mark.parametrize("state", list(TrayState))
def test_state_icons_exist_at_tray_sizes(qapp: QApplication, state: TrayState) -> None:
    icon = icons.state_icon(state)
    assert not icon.isNull()
    for size in (16, 22, 24, 32):
        pixmap = icon.pixmap(size, size)
        assert pixmap.width() == size
        # drawn from its own bitmap at that size, not scaled from another one
        assert any(s.width() == size for s in icon.availableSizes())


def test_states_are_visually_distinct(qapp: QApplication) -> None:
    pictures = {state: image(state) for state in TrayState}
    for a in TrayState:
        for b in TrayState:
            if a is not b:
                assert pictures[a] != pictures[b], f"{a} and {b} look the same"


def test_unread_badge_changes_the_icon_and_shows_a_count(qapp: QApplication) -> None:
    plain = image(TrayState.LIVE)
    assert image(TrayState.LIVE, 0) == plain
    assert image(TrayState.LIVE, 1) != plain
    assert image(TrayState.LIVE, 1) != image(TrayState.LIVE, 2)  # the count is drawn
    assert icons.badge_text(3) == "3"
    assert icons.badge_text(42) == "9+"
    # The badge sits top-right and is red; the state colour stays visible bottom-left.
    badged = image(TrayState.LIVE, 3, 32)
    top_right = badged.pixelColor(27, 4)
    assert top_right.red() > 180 and top_right.green() < 120
    assert badged.pixelColor(8, 24) == image(TrayState.LIVE, 0, 32).pixelColor(8, 24)


def test_app_and_kind_icons(qapp: QApplication) -> None:
    assert {s.width() for s in icons.app_icon().availableSizes()} >= {16, 22, 32, 64, 256}
    for kind in AlertKind:
        assert not icons.kind_icon(kind).isNull()


def test_a_missing_asset_is_reported_clearly() -> None:
    with pytest.raises(icons.MissingAsset, match="nope"):
        icons.asset_bytes("icons/nope-22.png")
