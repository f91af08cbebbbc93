"""A streaming reader of the first worksheet of an .xlsx, ~10x faster than openpyxl's read-only mode.

An .xlsx is a zip of XML parts. This reads ``xl/workbook.xml`` (first sheet, date system), its relationships (the
sheet's and the shared strings' parts), ``xl/styles.xml`` (which cell styles are dates) and then streams the sheet
with ``xml.etree.ElementTree.iterparse``, clearing each row once read, so memory stays flat.

Cell values are returned the way openpyxl's ``values_only`` would: ``str`` (shared, inline or formula strings,
error codes), ``int``/``float`` (numbers), ``datetime`` (numbers in a date format, 1900 or 1904 system), ``bool``,
``None`` (empty). Rows are lists indexed by column (``B`` is 1), padded with ``None`` to the header's width; rows
absent from the file are not yielded (the caller skips blank rows anyway), and each row carries its own number.

``Unsupported`` is raised when the workbook does not look like one this reader understands; the caller then uses
openpyxl.
"""

from __future__ import annotations

import html
import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import IO
from xml.etree.ElementTree import XML, Element, ParseError, iterparse

__all__ = ["FastSheet", "Unsupported", "column_index", "from_excel_serial"]

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_ROW = _MAIN + "row"
_C = _MAIN + "c"
_V = _MAIN + "v"
_IS = _MAIN + "is"
_T = _MAIN + "t"
_RPH = _MAIN + "rPh"
_WORKSHEET = _MAIN + "worksheet"
_CHUNK = 1 << 20
_SHEETDATA_RE = re.compile(rb"<((?:[\w.-]+:)?)sheetData(\s[^>/]*)?(/?)>")
_ROOT_RE = re.compile(rb"<((?:[\w.-]+:)?worksheet)(?:\s[^>]*)?>")
_DIMENSION_RE = re.compile(rb"<(?:[\w.-]+:)?dimension\s+ref=\"([^\"]*)\"")
_MAIN_NS_RE = re.compile(rb'\sxmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"')
_ROW_RE = re.compile(rb"<row\b([^>]*?)(?:/>|>(.*?)</row>)", re.S)
_CELL_RE = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_ATTR_RE = re.compile(rb'([\w:]+)\s*=\s*"([^"]*)"')
_V_RE = re.compile(rb"<v>([^<]*)</v>")
_INLINE_RE = re.compile(rb"\s*<is>\s*<t(?:\s[^>]*)?>([^<]*)</t>\s*</is>\s*")
_CELL_FAST_RE = re.compile(
    rb'<c r="([A-Z]{1,3})[0-9]+"(?: s="([0-9]+)")?(?: t="([a-zA-Z]+)")?\s*'
    rb"(?:/>|>(?:<v>([^<]*)</v>|<is><t>([^<]*)</t></is>)?</c>)"
)
_ENCODING_RE = re.compile(rb"<\?xml[^>]*encoding=[\"']([\w-]+)[\"']")

# Built-in number formats that are dates or times (ECMA-376 18.8.30, and the CJK built-ins 27-36, 50-58).
_BUILTIN_DATE_IDS = frozenset({*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59), *range(71, 82)})
_EPOCH_1900 = datetime(1899, 12, 30)
_EPOCH_1904 = datetime(1904, 1, 1)
_MAX_SERIAL = 2958466  # 9999-12-31 + 1


class Unsupported(Exception):
    """This workbook is not one the fast reader handles; read it with openpyxl instead."""


def column_index(ref: str) -> int:
    """``A1`` -> 0, ``AB12`` -> 27."""
    n = 0
    for ch in ref:
        o = ord(ch)
        if 65 <= o <= 90:
            n = n * 26 + o - 64
        elif 97 <= o <= 122:
            n = n * 26 + o - 96
        else:
            break
    return n - 1


_COLUMNS: dict[bytes, int] = {}


def _column_of(letters: bytes) -> int:
    col = _COLUMNS.get(letters)
    if col is None:
        col = _COLUMNS[letters] = column_index(letters.decode())
    return col


def from_excel_serial(serial: float, date1904: bool = False) -> datetime:
    """An Excel date serial as a datetime. In the 1900 system, serials before 60 are shifted by Excel's phantom
    29 Feb 1900 (as openpyxl does)."""
    if not (0 <= serial < _MAX_SERIAL):
        raise ValueError(serial)
    if date1904:
        return _EPOCH_1904 + timedelta(days=serial)
    if serial < 60:
        serial += 1
    return _EPOCH_1900 + timedelta(days=serial)


def is_date_format(code: str) -> bool:
    """Whether a custom number format shows a date: a d/m/y/h/s outside quoted text, escapes and ``[...]``."""
    from openpyxl.styles.numbers import is_date_format as openpyxl_is_date

    return bool(openpyxl_is_date(code))


_UNESCAPED: dict[bytes, str] = {}


def _unescape(raw: bytes) -> str:
    """The text of escaped XML content. Repeated values (程序, 案件来源 …) are decoded once."""
    text = _UNESCAPED.get(raw)
    if text is not None:
        return text
    text = raw.decode()
    if "&" in text:
        text = html.unescape(text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")  # as an XML parser normalises line ends
    if len(_UNESCAPED) > 50_000:
        _UNESCAPED.clear()
    _UNESCAPED[raw] = text
    return text


def _text_of(elem: Element) -> str:
    """The text of a shared/inline string: its ``t`` runs, without phonetic (``rPh``) runs."""
    parts: list[str] = []
    for child in elem:
        if child.tag == _T:
            parts.append(child.text or "")
        elif child.tag != _RPH:  # a rich-text run <r><rPr/><t/></r>
            for t in child.iter(_T):
                parts.append(t.text or "")
    return "".join(parts)


class FastSheet:
    """``for line, values in FastSheet(data)``: the rows of the first worksheet. ``last_row`` is the last row
    number the sheet's ``dimension`` declares (known once iteration has started), or ``None``."""

    def __init__(self, data: bytes) -> None:
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            names = set(self._zip.namelist())
            self._date1904, sheet_path, strings_path, styles_path = self._workbook(names)
            self._strings = self._shared_strings(strings_path) if strings_path in names else []
            self._date_styles = self._styles(styles_path) if styles_path in names else frozenset()
        except (zipfile.BadZipFile, KeyError, ParseError, ValueError, IndexError) as exc:
            raise Unsupported(str(exc)) from exc
        if sheet_path not in names:
            raise Unsupported(f"no worksheet part {sheet_path}")
        self._sheet_path = sheet_path
        self.last_row: int | None = None
        self._plain = False
        self._opening = self._closing = b""

    # -- the parts around the sheet ------------------------------------------------------------------------------

    def _rels(self, path: str) -> dict[str, tuple[str, str]]:
        """Relationship id -> (type, target path) for the part ``path``."""
        folder, name = posixpath.split(path)
        rels_path = posixpath.join(folder, "_rels", name + ".rels")
        out: dict[str, tuple[str, str]] = {}
        with self._zip.open(rels_path) as f:
            for _, el in iterparse(f):
                if el.tag == _PKG_REL + "Relationship":
                    target = el.get("Target", "")
                    if target.startswith("/"):
                        full = target.lstrip("/")
                    else:
                        full = posixpath.normpath(posixpath.join(folder, target))
                    out[el.get("Id", "")] = (el.get("Type", ""), full)
        return out

    def _workbook(self, names: set[str]) -> tuple[bool, str, str, str]:
        wb_path = "xl/workbook.xml"
        if wb_path not in names:
            raise Unsupported("no xl/workbook.xml")
        first_rid = None
        date1904 = False
        with self._zip.open(wb_path) as f:
            for _, el in iterparse(f):
                if el.tag == _MAIN + "workbookPr":
                    date1904 = el.get("date1904", "0").lower() in ("1", "true")
                elif el.tag == _MAIN + "sheet" and first_rid is None:
                    first_rid = el.get(_REL_NS + "id")
        if first_rid is None:
            raise Unsupported("no sheet in the workbook")
        rels = self._rels(wb_path)
        sheet_path = rels[first_rid][1]
        strings_path = styles_path = ""
        for kind, target in rels.values():
            if kind.endswith("/sharedStrings"):
                strings_path = target
            elif kind.endswith("/styles"):
                styles_path = target
        return date1904, sheet_path, strings_path, styles_path

    def _shared_strings(self, path: str) -> list[str]:
        out: list[str] = []
        append = out.append
        si_tag = _MAIN + "si"
        with self._zip.open(path) as f:
            for _, el in iterparse(f):
                if el.tag == si_tag:
                    append(_text_of(el))
                    el.clear()
        return out

    def _styles(self, path: str) -> frozenset[int]:
        """The indexes of the cell formats (``cellXfs``) whose number format is a date."""
        custom: dict[int, str] = {}
        xf_formats: list[int] = []
        with self._zip.open(path) as f:
            root = None
            for _, el in iterparse(f):
                root = el
        if root is None:
            return frozenset()
        num_fmts = root.find(_MAIN + "numFmts")
        if num_fmts is not None:
            for nf in num_fmts.findall(_MAIN + "numFmt"):
                custom[int(nf.get("numFmtId", "0"))] = nf.get("formatCode", "")
        cell_xfs = root.find(_MAIN + "cellXfs")
        if cell_xfs is not None:
            xf_formats = [int(xf.get("numFmtId", "0")) for xf in cell_xfs.findall(_MAIN + "xf")]
        dates = set()
        for i, fmt_id in enumerate(xf_formats):
            if fmt_id in custom:
                if is_date_format(custom[fmt_id]):
                    dates.add(i)
            elif fmt_id in _BUILTIN_DATE_IDS:
                dates.add(i)
        return frozenset(dates)

    # -- the sheet ----------------------------------------------------------------------------------------------

    def _value(self, c: Element) -> object:
        kind = c.get("t", "n")
        if kind == "inlineStr":
            is_ = c.find(_IS)
            return _text_of(is_) if is_ is not None else None
        v = c.find(_V)
        if v is None or v.text is None:
            return None
        return self._convert(kind, c.get("s"), v.text)

    def _convert(self, kind: str, style: str | None, text: str) -> object:
        if kind == "n":
            number: int | float = float(text) if ("." in text or "E" in text or "e" in text) else int(text)
            if style is not None and int(style) in self._date_styles:
                try:
                    return from_excel_serial(number, self._date1904)
                except (ValueError, OverflowError):
                    return number
            return number
        if kind == "s":
            return self._strings[int(text)]
        if kind == "b":
            return text.strip() in ("1", "true")
        if kind == "d":
            return datetime.fromisoformat(text.strip().rstrip("Z"))
        return text  # "str" (a formula's string result), "e" (an error such as #N/A)

    def _cells_fast(self, body: bytes) -> list[object] | None:
        """The cells of a row in the usual layout (``r``, ``s``, ``t`` in that order; a ``<v>`` or a plain inline
        string): one regular expression for the row. ``None`` when a cell is in any other form."""
        cells = _CELL_FAST_RE.findall(body)
        if len(cells) != body.count(b"<c ") or b"<c>" in body:
            return None
        values: list[object] = []
        convert = self._convert
        for letters, style, kind, v, inline in cells:
            col = _column_of(letters)
            if kind == b"inlineStr":
                value: object = _unescape(inline)
            elif v:
                value = convert(kind.decode() or "n", style.decode() or None, _unescape(v))
            else:
                continue
            if col >= len(values):
                values.extend([None] * (col + 1 - len(values)))
            values[col] = value
        return values

    def _cells_generic(self, body: bytes) -> list[object] | None:
        values: list[object] = []
        col = -1
        cpos = 0
        for cell in _CELL_RE.finditer(body):
            if body[cpos : cell.start()].strip():
                return None
            cpos = cell.end()
            cattrs = dict(_ATTR_RE.findall(cell.group(1)))
            ref = cattrs.get(b"r")
            col = column_index(ref.decode()) if ref else col + 1
            inner = cell.group(2)
            if not inner:
                continue
            kind = cattrs.get(b"t", b"n").decode()
            if kind == "inlineStr":
                m = _INLINE_RE.fullmatch(inner)
                if m is None:
                    return None
                value: object = _unescape(m.group(1))
            else:
                m = _V_RE.search(inner)
                if m is None or not m.group(1):
                    continue
                style = cattrs.get(b"s")
                value = self._convert(kind, style.decode() if style else None, _unescape(m.group(1)))
            if col >= len(values):
                values.extend([None] * (col + 1 - len(values)))
            values[col] = value
        if body[cpos:].strip():
            return None
        return values

    def _piece_by_regex(self, xml: bytes, state: list[int]) -> list[tuple[int, list[object]]] | None:
        """The rows of a piece of plain ``<row><c>`` markup read with regular expressions (no element objects:
        several times faster than building the tree). ``None`` when the piece holds anything else (rich or
        phonetic text, unusual markup): the caller then parses it as XML."""
        out: list[tuple[int, list[object]]] = []
        line = state[0]
        width = state[1]
        pos = 0
        for row in _ROW_RE.finditer(xml):
            if xml[pos : row.start()].strip():
                return None
            pos = row.end()
            attrs = dict(_ATTR_RE.findall(row.group(1)))
            r = attrs.get(b"r")
            line = int(r) if r else line + 1
            body = row.group(2) or b""
            values = self._cells_fast(body)
            if values is None:
                values = self._cells_generic(body)
                if values is None:
                    return None
            if not width:
                width = len(values)
            elif len(values) < width:
                values.extend([None] * (width - len(values)))
            out.append((line, values))
        if xml[pos:].strip():
            return None
        state[0] = line
        state[1] = width
        return out

    def _open(self) -> IO[bytes]:
        return self._zip.open(self._sheet_path)

    def __iter__(self) -> Iterator[tuple[int, list[object]]]:
        try:
            yield from self._rows()
        except (ParseError, KeyError, ValueError, IndexError, zipfile.BadZipFile) as exc:
            raise Unsupported(f"{type(exc).__name__}: {exc}") from exc
        finally:
            self._zip.close()

    def _rows(self) -> Iterator[tuple[int, list[object]]]:
        """The sheet is cut after a ``</row>`` about every megabyte; each piece, wrapped in the sheet's own
        opening tag (so its namespaces hold), is parsed at once by the C parser and its rows read."""
        with self._open() as f:
            head = b""
            while True:
                chunk = f.read(_CHUNK)
                head += chunk
                m = _SHEETDATA_RE.search(head)
                if m:
                    break
                if not chunk:
                    raise Unsupported("no sheetData")
            declaration = _ENCODING_RE.search(head[:200])
            if declaration and declaration.group(1).lower().replace(b"-", b"") != b"utf8":
                raise Unsupported("not UTF-8")
            root = _ROOT_RE.search(head, 0, m.start())
            if root is None:
                raise Unsupported("no worksheet element")
            dimension = _DIMENSION_RE.search(head, 0, m.start())
            if dimension:
                digits = re.sub(rb"\D", b"", dimension.group(1).split(b":")[-1])
                self.last_row = int(digits) if digits else None
            if m.group(3):  # <sheetData/>
                return
            prefix = m.group(1)
            self._opening = root.group(0) + b"<" + prefix + b"sheetData>"
            self._closing = b"</" + prefix + b"sheetData></" + root.group(1) + b">"
            # the regular-expression path reads unprefixed tags in the main namespace only
            self._plain = prefix == b"" and _MAIN_NS_RE.search(root.group(0)) is not None
            row_end = b"</" + prefix + b"row>"
            data_end = b"</" + prefix + b"sheetData>"
            buf = head[m.end() :]
            state = [0, 0]  # the previous row number, the header's width
            while True:
                end = buf.find(data_end)
                if end >= 0:
                    yield from self._piece(buf[:end], state)
                    return
                cut = buf.rfind(row_end)
                if cut >= 0:
                    cut += len(row_end)
                    yield from self._piece(buf[:cut], state)
                    buf = buf[cut:]
                chunk = f.read(_CHUNK)
                if not chunk:
                    raise Unsupported("sheetData not closed")
                buf += chunk

    def _piece(self, xml: bytes, state: list[int]) -> Iterator[tuple[int, list[object]]]:
        if self._plain:
            rows = self._piece_by_regex(xml, state)
            if rows is not None:
                yield from rows
                return
        worksheet = XML(self._opening + xml + self._closing)
        if worksheet.tag != _WORKSHEET:
            raise Unsupported(f"unknown namespace {worksheet.tag}")
        value = self._value
        for row in worksheet[0]:
            if row.tag != _ROW:
                continue
            r = row.get("r")
            line = int(r) if r else state[0] + 1
            state[0] = line
            values: list[object] = []
            col = -1
            for c in row:
                if c.tag != _C:
                    continue
                ref = c.get("r")
                col = column_index(ref) if ref else col + 1
                v = value(c)
                if v is None:
                    continue
                if col >= len(values):
                    values.extend([None] * (col + 1 - len(values)))
                values[col] = v
            if not state[1]:
                state[1] = len(values)
            elif len(values) < state[1]:
                values.extend([None] * (state[1] - len(values)))
            yield line, values
