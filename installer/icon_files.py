"""Windows `.ico` and macOS `.icns` app icons, assembled from the PNGs already rendered from
`resources/icons/app.svg` (desktop_notifier/assets/icons/app-<size>.png). Both formats may hold
PNG images as they are, so no image library is needed. The spec writes them into its work folder.
"""

from __future__ import annotations

import struct
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "desktop_notifier" / "assets" / "icons"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS element types that carry a PNG of the given pixel size (the @2x types reuse bigger PNGs).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def app_png(size: int, icons: Path = ICONS) -> bytes:
    data = (icons / f"app-{size}.png").read_bytes()
    if not data.startswith(PNG_MAGIC):
        raise ValueError(f"app-{size}.png is not a PNG")
    return data


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICO file whose entries are the given PNGs (Windows Vista and later read these)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, images = b"", b""
    for size in sizes:
        data = pngs[size]
        dim = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        images += data
        offset += len(data)
    return header + entries + images


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICNS file with PNG elements for every size we have."""
    body = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size]
        for kind, size in ICNS_TYPES
        if size in pngs
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def write_icons(directory: Path, icons: Path = ICONS) -> tuple[Path, Path]:
    """Write app.ico and app.icns into `directory`; returns their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    ico = directory / "app.ico"
    ico.write_bytes(ico_bytes({size: app_png(size, icons) for size in ICO_SIZES}))
    icns = directory / "app.icns"
    icns.write_bytes(icns_bytes({size: app_png(size, icons) for _, size in ICNS_TYPES}))
    return ico, icns
