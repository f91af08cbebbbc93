"""A 笔录 as a small, deterministic PDF: its text and the SHA-256 of each signature, stored as evidence.

Made here without WeasyPrint or a font file on purpose: the evidence copy of a record is written inside the
transaction that creates it, on every server, and must not depend on the fonts a machine has. The text uses the
PDF's predefined Chinese font (STSong-Light with the UniGB-UCS2-H encoding, which every PDF reader carries), so
the file holds only the text; the printed 笔录 with the signature images is the print view's job.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 56
FONT_SIZE = 11
LEADING = 17
TITLE_SIZE = 16
CHARS_PER_LINE = 42  # full-width characters across the text block at FONT_SIZE
LINES_PER_PAGE = (PAGE_HEIGHT - 2 * MARGIN - TITLE_SIZE * 2) // LEADING


def _width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in {"W", "F"} else 1


def wrap(text: str, columns: int = CHARS_PER_LINE * 2) -> list[str]:
    """Break text into lines of at most ``columns`` half-width columns (a Chinese character counts two)."""
    lines: list[str] = []
    for paragraph in text.replace("\r\n", "\n").split("\n"):
        line, used = "", 0
        for ch in paragraph.expandtabs(4):
            w = _width(ch)
            if used + w > columns:
                lines.append(line)
                line, used = "", 0
            line += ch
            used += w
        lines.append(line)
    return lines


def _hex(text: str) -> str:
    """UCS-2 big-endian hex, the encoding of UniGB-UCS2-H; a character outside the BMP becomes U+FFFD."""
    return "".join(f"{ord(ch):04X}" if ord(ch) <= 0xFFFF else "FFFD" for ch in text)


def record_pdf(title: str, lines: Sequence[str]) -> bytes:
    """A PDF with ``title`` on top of the first page and ``lines`` (already wrapped, or wrapped here) below."""
    wrapped = [part for line in lines for part in wrap(line)]
    pages = [wrapped[i : i + LINES_PER_PAGE] for i in range(0, len(wrapped), LINES_PER_PAGE)] or [[]]
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")
    pages_id = add(b"")
    font = add(
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        b"/DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> "
        b"/FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light /Flags 6 "
        b"/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >> "
        b"/DW 1000 >>] >>"
    )
    kids = []
    for number, page_lines in enumerate(pages, start=1):
        ops = ["BT", f"/F1 {FONT_SIZE} Tf", f"{LEADING} TL"]
        y = PAGE_HEIGHT - MARGIN
        if number == 1:
            x = max(MARGIN, (PAGE_WIDTH - TITLE_SIZE * sum(_width(c) for c in title) // 2) // 2)
            ops += [f"/F1 {TITLE_SIZE} Tf", f"{x} {y - TITLE_SIZE} Td", f"<{_hex(title)}> Tj"]
            ops += [f"/F1 {FONT_SIZE} Tf", f"{MARGIN - x} {-TITLE_SIZE * 2} Td"]
        else:
            ops.append(f"{MARGIN} {y - FONT_SIZE} Td")
        for line in page_lines:
            ops += [f"<{_hex(line)}> Tj", "T*"]
        ops += ["ET", "BT", "/F1 9 Tf", f"{PAGE_WIDTH // 2 - 20} {MARGIN // 2} Td"]
        ops += [f"<{_hex(f'第{number}页/共{len(pages)}页')}> Tj", "ET"]
        stream = "\n".join(ops).encode("ascii")
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 %d 0 R >> >> "
                b"/Contents %d 0 R >>" % (pages_id, PAGE_WIDTH, PAGE_HEIGHT, font, content)
            )
        )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id
    refs = " ".join(f"{k} 0 R" for k in kids).encode("ascii")
    objects[pages_id - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (refs, len(kids))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
    return bytes(out)


__all__ = ["record_pdf", "wrap"]
