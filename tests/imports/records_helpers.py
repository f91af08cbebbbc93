"""Building import files for the kinds beyond cases: a workbook with the template's header and given rows."""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping

from openpyxl import Workbook

from fazhi.imports.kinds import KINDS
from fazhi.rules import resident_id_check_char, uscc_check_char


def resident_id(serial: int, birth: str = "19850312") -> str:
    body = f"430281{birth}{serial:03d}"
    return body + resident_id_check_char(body)


def uscc(serial: int) -> str:
    body = f"92430281MA4L{serial:05d}"
    return body + uscc_check_char(body)


def xlsx(kind: str, rows: Iterable[Mapping[str, str]]) -> bytes:
    """A workbook with the header of ``kind``'s template and one line per mapping (missing columns empty)."""
    header = [name for name, _ in KINDS[kind].layout.columns]
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(header)
    for row in rows:
        ws.append([row.get(name, "") for name in header])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
