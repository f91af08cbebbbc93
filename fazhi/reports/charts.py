"""A bar chart as PNG bytes, drawn with the standard library only (zlib + struct).

Neither matplotlib nor Pillow is installed and neither is worth adding for one chart: the annual report embeds
bars and axes, and names the bars and their values in the table printed under it (the chart carries no text).
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence
from decimal import Decimal

__all__ = ["bar_chart_png"]

_PALETTE = ((0x54, 0x70, 0xC6), (0x91, 0xCC, 0x75), (0xFA, 0xC8, 0x58), (0xEE, 0x66, 0x66), (0x73, 0xC0, 0xDE))


def _png(width: int, height: int, rows: list[bytearray]) -> bytes:
    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(r) for r in rows)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def bar_chart_png(values: Sequence[int | Decimal], *, width: int = 640, height: int = 300) -> bytes:
    """Vertical bars for ``values`` (left to right, colours cycling), scaled to the largest, on white."""
    rows = [bytearray(b"\xff" * (width * 3)) for _ in range(height)]

    def fill(x0: int, y0: int, x1: int, y1: int, rgb: tuple[int, int, int]) -> None:
        for y in range(max(0, y0), min(height, y1)):
            row = rows[y]
            for x in range(max(0, x0), min(width, x1)):
                row[3 * x : 3 * x + 3] = bytes(rgb)

    left, bottom, top = 30, height - 20, 10
    fill(left, top, left + 2, bottom, (0x33, 0x33, 0x33))  # y axis
    fill(left, bottom, width - 10, bottom + 2, (0x33, 0x33, 0x33))  # x axis
    for k in range(1, 5):  # grid lines at quarters
        y = bottom - (bottom - top) * k // 4
        fill(left + 2, y, width - 10, y + 1, (0xDD, 0xDD, 0xDD))
    peak = max((Decimal(v) for v in values), default=Decimal(0))
    if values and peak > 0:
        slot = (width - 10 - left - 2) // len(values)
        bar = max(2, slot * 3 // 5)
        for i, v in enumerate(values):
            h = int((Decimal(v) / peak) * (bottom - top))
            x = left + 2 + i * slot + (slot - bar) // 2
            fill(x, bottom - h, x + bar, bottom, _PALETTE[i % len(_PALETTE)])
    return _png(width, height, rows)
