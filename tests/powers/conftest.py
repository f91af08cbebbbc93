from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from openpyxl import Workbook

from fazhi.powers.excel import EXEMPTION_COLUMNS, ITEM_COLUMNS, TIER_COLUMNS
from fazhi.powers.models import RuleSet
from fazhi.powers.sample import load_sample_power_list

SAMPLE_FROM = date(2025, 1, 1)


@pytest.fixture
def sample(bureau: Any) -> RuleSet:
    return load_sample_power_list(actor=bureau.admin, owner=bureau.bureau, effective_from=SAMPLE_FROM)


def workbook(
    items: list[dict[str, Any]],
    tiers: list[dict[str, Any]] | None = None,
    exemptions: list[dict[str, Any]] | None = None,
) -> bytes:
    """A workbook in the documented layout from rows given as {header: value}."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "权责清单"
    for name, columns, rows in (
        ("权责清单", ITEM_COLUMNS, items),
        ("裁量基准", TIER_COLUMNS, tiers or []),
        ("免罚清单", EXEMPTION_COLUMNS, exemptions or []),
    ):
        sheet = ws if name == "权责清单" else wb.create_sheet(name)
        headers = [h for h, _, _ in columns]
        sheet.append(headers)
        for row in rows:
            sheet.append([row.get(h) for h in headers])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def item_row(code: str = "T-001", **overrides: Any) -> dict[str, Any]:
    row = {
        "事项编码": code,
        "事项名称": "擅自占用城市道路",
        "领域": "市政公用",
        "事项类别": "行政处罚",
        "违法依据": "《城市道路管理条例》第三十条：……",
        "处罚依据": "《城市道路管理条例》第四十二条：……",
        "处罚种类": "罚款",
        "罚款方式": "固定数额",
        "罚款下限(元)": 0,
        "罚款上限(元)": 20000,
    }
    row.update(overrides)
    return row
