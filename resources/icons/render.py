"""Render the master SVGs in this folder into the runtime PNGs of `desktop_notifier/assets/icons/`.

Run after editing an SVG:  python resources/icons/render.py
Each icon is rendered from its vector at every exact pixel size (not scaled from one bitmap), so
the 22 px tray icon is as crisp as the 64 px one. Runtime code never needs QtSvg.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET = HERE.parent.parent / "desktop_notifier" / "assets" / "icons"
SIZES = (16, 22, 24, 32, 48, 64)
APP_SIZES = (*SIZES, 128, 256)


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication(sys.argv[:1])
    TARGET.mkdir(parents=True, exist_ok=True)
    written = 0
    for svg in sorted(HERE.glob("*.svg")):
        renderer = QSvgRenderer(str(svg))
        if not renderer.isValid():
            print(f"invalid SVG: {svg.name}", file=sys.stderr)
            return 1
        for size in APP_SIZES if svg.stem == "app" else SIZES:
            image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(Qt.GlobalColor.transparent)
            painter = QPainter(image)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            renderer.render(painter)
            painter.end()
            out = TARGET / f"{svg.stem}-{size}.png"
            if not image.save(str(out), "PNG"):
                print(f"cannot write {out}", file=sys.stderr)
                return 1
            written += 1
    del app
    print(f"wrote {written} PNGs to {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
