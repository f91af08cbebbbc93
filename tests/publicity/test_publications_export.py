"""publications_export: the documented columns, masked fields only, XLSX and CSV (UTF-8 with BOM)."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from fazhi.core.errors import NotFoundOrForbidden, ValidationError
from fazhi.publicity.export import DEFAULT_COLUMNS, publications_export
from tests.publicity.conftest import ORG_USCC, PERSON_ID, PERSON_PHONE

HEADERS = [
    "行政相对人名称", "行政相对人类别", "统一社会信用代码", "法定代表人", "证件类型", "证件号码",
    "行政处罚决定书文号", "违法行为类型", "违法事实", "处罚依据", "处罚类别", "处罚内容", "罚款金额（万元）",
    "没收违法所得金额（万元）", "处罚决定日期", "处罚有效期", "公示截止期", "处罚机关",
    "处罚机关统一社会信用代码", "数据来源单位", "备注",
]  # fmt: skip
PERIOD = {"start": date(2025, 10, 1), "end": date(2025, 10, 31)}


def _csv_rows(content: bytes) -> list[dict[str, str]]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_default_layout_has_the_documented_columns() -> None:
    assert [header for header, _ in DEFAULT_COLUMNS] == HEADERS


def test_the_xlsx_export_has_the_columns_and_the_masked_fields(bureau, publish_decision, clerk) -> None:
    publish_decision(published_on=date(2025, 10, 9), fine="500")
    content = publications_export(actor=clerk, agency=bureau.bureau, fmt="xlsx", **PERIOD)
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == HEADERS
    assert len(rows) == 2
    assert sheet.title == "行政处罚" and all(c.font.bold for c in sheet[1])
    row = dict(zip(HEADERS, rows[1], strict=True))
    assert row["行政相对人名称"] == "张*"
    assert row["行政相对人类别"] == "自然人"
    assert row["证件类型"] == "身份证"
    assert row["证件号码"] == "110105********002X"
    assert row["罚款金额（万元）"] == "0.050000"
    assert row["处罚决定日期"] == "2025-09-26"
    assert row["公示截止期"] == "2025-12-26"
    assert row["处罚机关"] == bureau.bureau.name
    assert row["处罚机关统一社会信用代码"] == bureau.bureau.uscc
    flat = "".join(str(v) for r in rows for v in r if v is not None)
    assert PERSON_ID not in flat and PERSON_PHONE not in flat and "张三" not in flat


def test_the_csv_export_is_utf8_with_a_bom_and_shows_an_organisation_in_full(bureau, publish_decision, clerk) -> None:
    publish_decision(party_kind="organization", fine="150000", facts="该公司随意倾倒建筑垃圾。")
    content = publications_export(actor=clerk, agency=bureau.bureau, fmt="csv", **PERIOD)
    (row,) = _csv_rows(content)
    assert list(row) == HEADERS
    assert row["行政相对人名称"] == "示范市某某建筑有限公司"
    assert row["统一社会信用代码"] == ORG_USCC
    assert row["法定代表人"] == "李**"
    assert row["证件号码"] == ""
    assert row["罚款金额（万元）"] == "15.000000"
    assert row["备注"] == "待公示"


def test_only_publications_due_in_the_period_are_exported(bureau, publish_decision, clerk) -> None:
    publish_decision(decided_on=date(2025, 9, 26))  # due 2025-10-13
    publish_decision(decided_on=date(2025, 12, 1))  # due 2025-12-10
    content = publications_export(actor=clerk, agency=bureau.bureau, fmt="csv", **PERIOD)
    assert len(_csv_rows(content)) == 1


def test_a_province_mapping_replaces_the_layout(bureau, publish_decision, clerk, settings) -> None:
    settings.FAZHI_PUBLICITY_EXPORT_COLUMNS = [["决定文书号", "decision_number"], ["相对人", "party_name"]]
    publish_decision(number="示城管罚决字〔2025〕第88号")
    (row,) = _csv_rows(publications_export(actor=clerk, agency=bureau.bureau, fmt="csv", **PERIOD))
    assert row == {"决定文书号": "示城管罚决字〔2025〕第88号", "相对人": "张*"}


def test_an_agency_outside_the_actor_s_scope_is_not_found(bureau, make_user, publish_decision) -> None:
    from fazhi.accounts.models import Role

    township_clerk = make_user(bureau.township, Role.CLERK)
    with pytest.raises(NotFoundOrForbidden):
        publications_export(actor=township_clerk, agency=bureau.bureau, **PERIOD)


def test_an_unknown_format_is_refused(bureau, clerk) -> None:
    with pytest.raises(ValidationError):
        publications_export(actor=clerk, agency=bureau.bureau, fmt="pdf", **PERIOD)
