"""The statistics page as an .xlsx: the totals, each breakdown, and the records behind them."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from openpyxl import Workbook

from fazhi.core.cells import safe_row
from fazhi.core.exports import Progress
from fazhi.reports import facts
from fazhi.reports.facts import CaseFilter
from fazhi.reports.figures import DashboardFigures, money_text

_PROGRESS_EVERY = 1000
_TABLES = (
    ("按月份", "by_month", "月份"),
    ("按程序", "by_procedure", "程序"),
    ("按领域", "by_domain", "领域"),
    ("按来源", "by_source", "案件来源"),
    ("按执法事项", "by_item", "事项编码"),
)


def _rate(value: Decimal | None) -> str:
    return "—" if value is None else str(value)


def dashboard_workbook(
    flt: CaseFilter, data: DashboardFigures, labels: dict[str, dict[Any, str]], *, progress: Progress | None = None
) -> bytes:
    """An edge: amounts are written as text with two decimals and rates as text, as the page shows them.

    ``progress(done, total)`` is told the records written, every ``_PROGRESS_EVERY`` and at the end."""
    wb = Workbook(write_only=True)  # up to 100,000 records: each row is written out as it is appended
    ws = wb.create_sheet("汇总")
    ws.append(safe_row(["机构", flt.agency.name, "含下级" if flt.include_subordinates else "仅本级"], ws))
    ws.append(safe_row(["期间", flt.start.isoformat(), flt.end.isoformat()], ws))
    ws.append(safe_row(["案件数（按立案日期）", data.count, "同比%", _rate(data.count_yoy)], ws))
    ws.append(safe_row(["罚款金额（元，按决定日期）", money_text(data.fines), "同比%", _rate(data.fines_yoy)], ws))
    ws.append(safe_row(["没收金额（元）", money_text(data.confiscations)], ws))
    for title, key, column in _TABLES:
        sheet = wb.create_sheet(title)
        sheet.append(safe_row([column, "案件数（件）", "罚款金额（元）"], sheet))
        names = labels.get(key, {})
        for row in data.breakdowns[key]:
            sheet.append(safe_row([names.get(row.key, str(row.key)), row.count, money_text(row.fines)], sheet))
    records = wb.create_sheet("案件明细")
    records.append(
        ["案号", "来源", "程序", "案件来源", "领域", "事项编码", "承办机构", "立案日期", "决定日期", "罚款（元）"]
    )
    rows = list(facts.records(flt, by="registered", limit=100_000))
    for done, r in enumerate(rows):
        if progress is not None and done % _PROGRESS_EVERY == 0:
            progress(done, len(rows))
        records.append(
            safe_row(
                [
                    r["number"],
                    "导入" if r["kind"] == "imported" else "系统",
                    r["f_procedure"],
                    r["f_source"],
                    r["f_domain"],
                    r["f_item"],
                    r["agency__name"],
                    r["f_registered_on"],
                    r["f_decided_on"],
                    str(r["f_fine"]) if r["f_fine"] is not None else "",
                ],
                records,
            )
        )
    buf = io.BytesIO()
    wb.save(buf)
    if progress is not None:
        progress(len(rows), len(rows))
    return buf.getvalue()
