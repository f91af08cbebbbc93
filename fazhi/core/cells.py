"""Safe export cells (OWASP "CSV injection"): no text written to an .xlsx or .csv is ever read as a formula.

A spreadsheet treats a cell starting with ``=``, ``+``, ``-`` or ``@`` (and, in some programs, a tab or carriage
return) as a formula: a 违法事实 of ``=HYPERLINK("http://x","y")`` would come out of an export as a live link, or
worse (DDE). :func:`safe_row` is the one place every export writer passes its rows through:

- numbers, dates, ``Decimal`` and ``None`` stay what they are (a negative number is a number, not a formula), and
  so does a text that is only a number (``-12.50``: no program runs it);
- in a **CSV** row a dangerous text gets a leading apostrophe (``'=HYPERLINK(...)``), the OWASP advice;
- in an **xlsx** row (``sheet`` given) a dangerous text becomes a text cell with Excel's "quote prefix" style: it
  shows and reads back exactly as written (an import of the exported workbook gives the same text), and Excel or
  WPS never evaluate it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from openpyxl.cell import WriteOnlyCell

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["FORMULA_STARTS", "is_formula_like", "safe_row"]

#: The first characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[-+]?[0-9]+(?:\.[0-9]+)?")


def is_formula_like(value: object) -> bool:
    """Whether ``value`` is a text a spreadsheet could run: it starts with one of :data:`FORMULA_STARTS` and is
    not just a (signed) number."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS) and _PLAIN_NUMBER.fullmatch(value) is None


def safe_row(values: Iterable[Any], sheet: Worksheet | Any | None = None) -> list[Any]:
    """``values`` made safe to append to a CSV writer (``sheet`` is ``None``) or to ``sheet``, an openpyxl
    worksheet (normal or write-only): see the module's docstring."""
    if sheet is None:
        return ["'" + v if is_formula_like(v) else v for v in values]
    out: list[Any] = []
    for v in values:
        if is_formula_like(v):
            cell = WriteOnlyCell(sheet, value=None)
            cell.value = v
            cell.data_type = "s"  # openpyxl makes any text starting with "=" a formula: force it back to text
            cell.quotePrefix = True
            out.append(cell)
        else:
            out.append(v)
    return out
