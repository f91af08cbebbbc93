from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from fazhi.imports.models import HistoricalCase, ImportBatch
from fazhi.imports.services import ImportFailed, cases_import
from fazhi.imports.template import import_template
from tests.reports.known import HEADER, ROWS, csv_bytes

pytestmark = pytest.mark.django_db
TODAY = date(2026, 1, 1)


def _row(**changes: str) -> list[str]:
    row = list(ROWS[3])  # B1, a valid general-procedure case
    for column, value in changes.items():
        row[[h.split("(")[0] for h in HEADER].index(column)] = value
    return row


def test_a_valid_csv_imports_every_row_marked_as_imported(bureau, power_list):
    report = cases_import(actor=bureau.admin, data=csv_bytes(), filename="a.csv", today=TODAY)
    assert report.imported == len(ROWS) == HistoricalCase.objects.count()
    b2 = HistoricalCase.objects.get(case_number="B2")
    assert (b2.domain, b2.fine, b2.confiscation, b2.review_opinions) == (
        "construction_waste",
        Decimal("10000.50"),
        500,
        1,
    )
    assert b2.imported is True and b2.batch.row_count == len(ROWS)
    assert HistoricalCase.objects.get(case_number="B4").is_delegated is True


def test_every_bad_row_is_reported_with_its_line_and_reason_and_nothing_is_imported(bureau, power_list):
    bad = [
        _row(案号="X1", 立案日期="2024-01-01"),  # line 2: 立案 before the act (2024-01-20)
        _row(案号="X2", 证件号码="110105194912310021"),  # line 3: wrong check digit
        _row(案号="X3", 执法事项编码="NO-SUCH"),  # line 4
        _row(案号="X4", 罚款金额="12.345"),  # line 5
        ROWS[0],  # line 6: fine
        _row(案号="X4", 程序="普通"),  # line 7: duplicate number and unknown procedure
        _row(案号="X5", 承办机构编码="无此机构"),  # line 8
        _row(案号="X6", 决定类型="不予处罚"),  # line 9: a fine with 不予处罚
        _row(案号="X7", 是否赋权事项="是"),  # line 10: not a township
    ]
    with pytest.raises(ImportFailed) as caught:
        cases_import(actor=bureau.admin, data=csv_bytes(bad), filename="bad.csv", today=TODAY)
    by_line: dict[int, list[str]] = {}
    for error in caught.value.errors:
        by_line.setdefault(error.line, []).append(error.reason)
    assert sorted(by_line) == [2, 3, 4, 5, 7, 8, 9, 10]
    assert "立案日期（2024-01-01）早于违法行为发生日期（2024-01-20）" in by_line[2]
    assert any("校验位" in r for r in by_line[3])
    assert any("NO-SUCH" in r for r in by_line[4])
    assert any("两位小数" in r for r in by_line[5])
    assert any("与第5行重复" in r for r in by_line[7]) and any("程序" in r for r in by_line[7])
    assert any("无此机构" in r for r in by_line[8])
    assert any("应为0" in r for r in by_line[9])
    assert any("不是乡镇" in r for r in by_line[10])
    assert HistoricalCase.objects.count() == 0 and ImportBatch.objects.count() == 0


def test_a_gbk_csv_is_accepted(bureau, power_list):
    report = cases_import(actor=bureau.admin, data=csv_bytes(encoding="gbk"), filename="gbk.csv", today=TODAY)
    assert report.imported == len(ROWS)
    assert HistoricalCase.objects.get(case_number="A3").party_name == "示范建设有限公司"


def test_an_xlsx_with_real_dates_and_numbers_is_accepted(bureau, power_list):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    row: list[object] = list(ROWS[3])
    row[9:12] = [date(2024, 1, 20), date(2024, 2, 1), date(2024, 3, 1)]
    row[13] = 60000
    ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    report = cases_import(actor=bureau.admin, data=buf.getvalue(), filename="a.xlsx", today=TODAY)
    assert report.imported == 1
    assert HistoricalCase.objects.get().decided_on == date(2024, 3, 1)


def test_a_missing_required_column_is_reported_on_the_header_line(bureau, power_list):
    data = "案号,程序\nX,一般\n".encode()
    with pytest.raises(ImportFailed) as caught:
        cases_import(actor=bureau.admin, data=data, filename="a.csv", today=TODAY)
    assert caught.value.errors[0].line == 1 and "缺少必填列" in caught.value.errors[0].reason


def test_a_case_number_already_imported_is_refused(bureau, power_list):
    cases_import(actor=bureau.admin, data=csv_bytes(), filename="a.csv", today=TODAY)
    with pytest.raises(ImportFailed) as caught:
        cases_import(actor=bureau.admin, data=csv_bytes(ROWS[:1]), filename="a.csv", today=TODAY)
    assert "已存在" in caught.value.errors[0].reason


def test_the_template_has_every_column_and_its_example_imports(bureau, power_list):
    wb = load_workbook(io.BytesIO(import_template()))
    headers = [c.value for c in wb.worksheets[0][1]]
    assert headers[0] == "案号" and len(headers) == 21
    assert wb.worksheets[1].title == "填写说明"
    report = cases_import(actor=bureau.admin, data=import_template(), filename="模板.xlsx", today=TODAY)
    assert report.imported == 1


def test_the_command_imports_a_file_and_lists_bad_rows_on_failure(bureau, power_list, tmp_path, capsys):
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes())
    call_command("import", "cases", str(good), "--quiet-progress")
    assert HistoricalCase.objects.count() == len(ROWS)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([_row(案号="Z1", 罚款金额="abc")]))
    with pytest.raises(CommandError):
        call_command("import", "cases", str(bad), "--quiet-progress")
    assert "第2行" in capsys.readouterr().err
    assert HistoricalCase.objects.count() == len(ROWS)


def _b4(**changes: str) -> list[str]:
    """B4: a case of the township 南山镇 on the delegated item SL-SR-001, flagged 是否赋权事项=是."""
    row = list(ROWS[next(i for i, r in enumerate(ROWS) if r[0] == "B4")])
    for column, value in changes.items():
        row[[h.split("(")[0] for h in HEADER].index(column)] = value
    return row


def _errors(rows: list[list[str]]) -> list[str]:
    with pytest.raises(ImportFailed) as caught:
        cases_import(actor=None, data=csv_bytes(rows), filename="x.csv", today=TODAY)
    assert HistoricalCase.objects.count() == 0
    return [e.reason for e in caught.value.errors]


def test_an_act_the_day_before_the_first_version_listing_the_item_is_refused(bureau, power_list):
    # The sample list, the first version holding SL-GH-001, is in force from 2023-01-01: no "oldest version" fallback.
    (reason,) = _errors([_row(案号="E1", 违法行为发生日期="2022-12-31")])
    assert reason == (
        "违法行为发生日期（2022-12-31）早于首个列入执法事项“SL-GH-001”的权责清单版本的施行日期（2023-01-01）："
        "该事项当时不在权责清单中，适用违法行为发生时的规定（行政处罚法第三十七条）"
    )
    report = cases_import(
        actor=None, data=csv_bytes([_row(案号="E1", 违法行为发生日期="2023-01-01")]), filename="x.csv", today=TODAY
    )
    assert report.imported == 1
    assert HistoricalCase.objects.get(case_number="E1").power_item_id == power_list.items.get(code="SL-GH-001").pk


def test_an_act_after_the_last_version_ended_is_refused(bureau, power_list):
    type(power_list).objects.filter(pk=power_list.pk).update(effective_until=date(2024, 12, 31))
    (reason,) = _errors(
        [
            _row(
                案号="E2",
                违法行为发生日期="2025-01-01",
                立案日期="2025-01-02",
                决定日期="2025-02-01",
                送达日期="2025-02-02",
                缴款日期="2025-02-03",
                结案日期="2025-02-04",
            )
        ]
    )
    assert "不在列入执法事项“SL-GH-001”的权责清单版本的施行期间（2023-01-01起至2024-12-31）内" in reason


def test_the_delegated_flag_is_checked_against_the_delegations_dates(bureau, power_list):
    from fazhi.powers.services import delegation_grant

    delegation_grant(
        actor=bureau.admin,
        township=bureau.township,
        item_code="SL-GH-001",
        valid_from=date(2024, 5, 20),
        valid_until=date(2024, 12, 31),
        document_number="示政发〔2024〕3号",
    )
    dates = {"立案日期": "2025-01-02", "决定日期": "2025-02-01"}
    before, after = _errors(
        [
            _b4(案号="D1", 执法事项编码="SL-GH-001", 违法行为发生日期="2024-05-19", 罚款金额="0", 决定类型="不予处罚"),
            _b4(
                案号="D2",
                执法事项编码="SL-GH-001",
                违法行为发生日期="2025-01-01",
                罚款金额="0",
                决定类型="不予处罚",
                **dates,
            ),
        ]
    )
    assert before == (
        "违法行为发生日期（2024-05-19）早于事项“SL-GH-001”赋权给示范市南山镇人民政府的有效期"
        "（2024-05-20起至2024-12-31，示政发〔2024〕3号）（行政处罚法第二十四条）"
    )
    assert after.startswith("违法行为发生日期（2025-01-01）不在事项“SL-GH-001”赋权给示范市南山镇人民政府的有效期")
    assert after.endswith("内（行政处罚法第二十四条）")
    rows = [
        _b4(案号="D3", 执法事项编码="SL-GH-001", 违法行为发生日期="2024-05-20", 罚款金额="0", 决定类型="不予处罚"),
        _b4(
            案号="D4",
            执法事项编码="SL-GH-001",
            违法行为发生日期="2024-12-31",
            罚款金额="0",
            决定类型="不予处罚",
            **dates,
        ),
    ]
    assert cases_import(actor=None, data=csv_bytes(rows), filename="x.csv", today=TODAY).imported == 2
    assert set(HistoricalCase.objects.values_list("is_delegated", flat=True)) == {True}


def test_text_with_tabs_backslashes_and_line_feeds_is_stored_as_written(bureau, power_list):
    # On PostgreSQL the rows go in as COPY text, where these characters must be escaped.
    name = "示范\t建设\\有限\n公司\r二部"
    number = "B1\\〔2024〕\t1"
    no_dates = {"送达日期": "", "缴款日期": "", "结案日期": ""}  # NULLs, written \\N, beside a value's backslash
    rows = [
        _row(案号=number, 当事人名称=name),
        _row(案号="B1-2", 当事人名称="N\\"),
        _row(案号="B1-3", 当事人名称="\\N", **no_dates),
        _row(案号="B1-4", 当事人名称="示范\\", **no_dates),
    ]
    report = cases_import(actor=bureau.admin, data=csv_bytes(rows), filename="odd.csv", today=TODAY)
    assert report.imported == 4
    stored = {c.case_number: c for c in HistoricalCase.objects.all()}
    assert stored[number].party_name == name
    assert stored["B1-2"].party_name == "N\\"
    assert (stored["B1-3"].party_name, stored["B1-3"].served_on) == ("\\N", None)
    assert (stored["B1-4"].party_name, stored["B1-4"].closed_on) == ("示范\\", None)


def test_a_missing_required_cell_is_named_in_the_templates_order(bureau, power_list):
    with pytest.raises(ImportFailed) as caught:
        cases_import(actor=bureau.admin, data=csv_bytes([_row(决定日期="", 程序="")]), filename="e.csv", today=TODAY)
    assert [e.reason for e in caught.value.errors] == ["程序为空", "决定日期为空"]
