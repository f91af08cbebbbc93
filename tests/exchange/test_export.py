"""``fazhi exchange export``: the 双公示 catalogue and the supervision platform's case records, as JSON and xlsx."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from fazhi.exchange.export import SUPERVISION_COLUMNS
from fazhi.publicity.export import DEFAULT_COLUMNS
from tests.publicity.conftest import PERSON_ID, PERSON_PHONE


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("exchange", *args, stdout=out)
    return out.getvalue()


def test_the_shuanggongshi_export_has_every_catalogue_field_and_masks_the_person(
    publish_decision, tmp_path, bureau
) -> None:
    publish_decision(published_on=date(2025, 10, 9))
    target = tmp_path / "sgs.json"
    message = _run(
        "export",
        "shuanggongshi-penalty",
        "--from",
        "2025-09-01",
        "--to",
        "2025-12-31",
        "--format",
        "json",
        "--output",
        str(target),
    )
    assert "已导出 1 条" in message
    document = json.loads(target.read_text(encoding="utf-8"))
    assert [f["header"] for f in document["fields"]] == [h for h, _ in DEFAULT_COLUMNS]
    (record,) = document["records"]
    assert set(record) >= {key for _, key in DEFAULT_COLUMNS}
    assert record["decision_number"].startswith("示城管罚决字")
    assert record["fine_10k"] == "0.050000"
    text = target.read_text(encoding="utf-8")
    assert PERSON_ID not in text and PERSON_PHONE not in text
    assert "城东路1号" not in record["party_name"]
    assert record["party_name"] == "张*"


def test_the_shuanggongshi_export_as_xlsx_has_the_headers_in_order(publish_decision, tmp_path, bureau) -> None:
    publish_decision(published_on=date(2025, 10, 9))
    target = tmp_path / "sgs.xlsx"
    _run(
        "export",
        "shuanggongshi-penalty",
        "--from",
        "2025-09-01",
        "--to",
        "2025-12-31",
        "--format",
        "xlsx",
        "--agency",
        bureau.bureau.code,
        "--output",
        str(target),
    )
    rows = list(load_workbook(target, read_only=True).active.iter_rows(values_only=True))
    assert list(rows[0]) == [h for h, _ in DEFAULT_COLUMNS]
    assert len(rows) == 2


def test_the_supervision_export_lists_the_cases_of_the_period_masked(open_case, tmp_path, bureau) -> None:
    open_case(act_date=date(2025, 9, 1), discovered_on=date(2025, 9, 2), party_phone=PERSON_PHONE)
    open_case(act_date=date(2024, 1, 1), discovered_on=date(2024, 1, 2))  # outside the period
    target = tmp_path / "cases.xlsx"
    _run(
        "export",
        "supervision-case",
        "--from",
        "2025-01-01",
        "--to",
        "2025-12-31",
        "--format",
        "xlsx",
        "--output",
        str(target),
    )
    rows = list(load_workbook(target, read_only=True).active.iter_rows(values_only=True))
    assert list(rows[0]) == [h for h, _ in SUPERVISION_COLUMNS]
    assert len(rows) == 2
    record = dict(zip([k for _, k in SUPERVISION_COLUMNS], rows[1], strict=True))
    assert record["party_name"] == "张*"
    assert record["party_id_number"] == "110105********002X"
    assert record["source"] == "巡查发现"
    assert record["discovered_on"] == "2025-09-02"
    assert PERSON_PHONE not in str(rows)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("export", "nope", "--from", "2025-01-01", "--to", "2025-12-31"), "导出类型"),
        (("export", "supervision-case", "--from", "2025-13-01", "--to", "2025-12-31"), "不是有效日期"),
        (("export", "supervision-case", "--from", "2025-02-01", "--to", "2025-01-01"), "不能早于"),
        (("export", "supervision-case", "--from", "2025-01-01", "--to", "2025-12-31", "--format", "pdf"), "格式"),
        (("export", "supervision-case", "--from", "2025-01-01", "--to", "2025-12-31", "--agency", "无此"), "机构代码"),
        (
            (
                "export",
                "supervision-case",
                "--from",
                "2025-01-01",
                "--to",
                "2025-12-31",
                "--output",
                "/nonexistent/x.json",
            ),
            "不存在",
        ),
    ],
)
def test_bad_export_arguments_are_refused_in_chinese(db, args, message) -> None:
    with pytest.raises(CommandError, match=message):
        _run(*args)


def test_the_deliver_command_runs_one_pass(db) -> None:
    assert "已送达 0 条" in _run("deliver")
