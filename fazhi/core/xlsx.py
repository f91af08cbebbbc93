"""What python-calamine does not tell about an .xlsx: its formula errors.

calamine reads a cell holding a formula error (``#N/A``, ``#DIV/0!``, ``#VALUE!`` …) as empty text, so a fine
computed by a broken formula would read as a blank amount. ``formula_errors`` finds those cells in the sheet's
XML so that a reader can put their text back and refuse them as it refuses any other text in a number column.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from xml.etree import ElementTree

__all__ = ["formula_errors"]

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_TAG = rb"<(?:[\w.-]+:)?"  # a tag, with or without a namespace prefix
_ERROR_CELL = re.compile(
    _TAG
    + rb"""c\s([^>]*\bt\s*=\s*["']e["'][^>]*)>\s*"""  # <c r="N7" t="e">
    + rb"(?:"
    + _TAG
    + rb"f\b[^>]*?(?:/>|>[^<]*</(?:[\w.-]+:)?f>)\s*)?"  # its formula, if any
    + _TAG
    + rb"v>([^<]*)<"  # the error code
)
_CELL_REF = re.compile(rb"""\br\s*=\s*["']([A-Za-z]{1,3})([0-9]+)["']""")
_CHUNK = 1 << 20


def formula_errors(data: bytes, sheet: str | None = None) -> dict[int, dict[int, str]]:
    """The error cells of the sheet named ``sheet`` (the first sheet when ``None``) as {row: {column: text}}, both
    from 1 and 0 as calamine counts them (row 1 is the first line, column 0 is A). The sheet's XML is scanned in
    pieces cut after a row, without building elements, and only a piece holding a cell of type ``e`` is searched:
    a workbook without any costs one pass of decompression. A workbook whose parts cannot be found gives none
    (calamine, which read it, is the judge of whether it is readable)."""
    found: dict[int, dict[int, str]] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            path = _sheet_path(z, sheet)
            if path is None:
                return found
            with z.open(path) as f:
                carry = b""
                while chunk := f.read(_CHUNK):
                    buf = carry + chunk
                    cut = buf.rfind(b"row>") + 4 if b"row>" in buf else 0
                    piece, carry = buf[:cut], buf[cut:]
                    if b't="e"' in piece or b"t='e'" in piece:
                        _errors_in(piece, found)
                _errors_in(carry, found)
    except (KeyError, ValueError, zipfile.BadZipFile, ElementTree.ParseError):
        return {}
    return found


def _sheet_path(z: zipfile.ZipFile, name: str | None) -> str | None:
    book = ElementTree.fromstring(z.read("xl/workbook.xml"))
    sheets = book.findall(f"{_MAIN}sheets/{_MAIN}sheet")
    chosen = next((s for s in sheets if name is None or s.get("name") == name), None)
    if chosen is None:
        return None
    rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = next((r.get("Target", "") for r in rels if r.get("Id") == chosen.get(_REL_ID)), "")
    if not target:
        return None
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))


def _errors_in(piece: bytes, found: dict[int, dict[int, str]]) -> None:
    for m in _ERROR_CELL.finditer(piece):
        ref = _CELL_REF.search(m.group(1))
        if ref is not None:
            col = 0
            for ch in ref.group(1).upper():
                col = col * 26 + ch - 64
            found.setdefault(int(ref.group(2)), {})[col - 1] = m.group(2).decode("utf-8", "replace")
