"""The Excel workbook of a power list: its layout (`layout`), reading with a row-by-row error report (`read`),
and writing (`write`). The full layout is documented in docs/power-list.md.
"""

from fazhi.powers.excel.layout import (
    EXEMPTION_COLUMNS,
    ITEM_COLUMNS,
    SHEET_EXEMPTIONS,
    SHEET_HELP,
    SHEET_ITEMS,
    SHEET_TIERS,
    TIER_COLUMNS,
    ExemptionRow,
    ItemRow,
    ParsedWorkbook,
    RowError,
    TierRow,
)
from fazhi.powers.excel.read import read_workbook
from fazhi.powers.excel.write import write_workbook

__all__ = [
    "EXEMPTION_COLUMNS",
    "ITEM_COLUMNS",
    "SHEET_EXEMPTIONS",
    "SHEET_HELP",
    "SHEET_ITEMS",
    "SHEET_TIERS",
    "TIER_COLUMNS",
    "ExemptionRow",
    "ItemRow",
    "ParsedWorkbook",
    "RowError",
    "TierRow",
    "read_workbook",
    "write_workbook",
]
