"""The case import streams its file and checks case numbers in the database (docs/import.md, "Large files")."""

from __future__ import annotations

import hashlib
import tempfile
from datetime import date

import pytest

from fazhi.imports import services
from fazhi.imports.models import HistoricalCase, ImportBatch
from fazhi.imports.services import ImportFailed, cases_import
from tests.reports.known import HEADER, ROWS, csv_bytes

pytestmark = pytest.mark.django_db
TODAY = date(2026, 1, 1)


def _row(number: str, **changes: str) -> list[str]:
    row = list(ROWS[3])
    names = [h.split("(")[0] for h in HEADER]
    row[names.index("案号")] = number
    for column, value in changes.items():
        row[names.index(column)] = value
    return row


def test_a_file_object_is_read_as_a_stream_and_hashed_as_its_bytes(bureau, power_list):
    data = csv_bytes()
    with tempfile.TemporaryFile() as stream:
        stream.write(data)
        stream.seek(0)
        report = cases_import(actor=bureau.admin, data=stream, filename="a.csv", today=TODAY)
    assert report.imported == len(ROWS) == HistoricalCase.objects.count()
    assert report.batch is not None and report.batch.sha256 == hashlib.sha256(data).hexdigest()


def test_a_gbk_file_object_is_accepted(bureau, power_list):
    with tempfile.TemporaryFile() as stream:
        stream.write(csv_bytes(encoding="gbk"))
        stream.seek(0)
        report = cases_import(actor=bureau.admin, data=stream, filename="gbk.csv", today=TODAY)
    assert HistoricalCase.objects.get(case_number="A3").party_name == "示范建设有限公司" and report.imported


def test_a_number_repeated_three_times_names_its_first_line_each_time(bureau, power_list):
    rows = [_row("D1"), _row("D2"), _row("D1"), _row("D1")]
    with pytest.raises(ImportFailed) as caught:
        cases_import(actor=bureau.admin, data=csv_bytes(rows), filename="d.csv", today=TODAY)
    assert [(e.line, e.reason) for e in caught.value.errors] == [
        (4, "案号“D1”与第2行重复"),
        (5, "案号“D1”与第2行重复"),
    ]
    assert ImportBatch.objects.count() == 0


def test_a_number_in_use_is_reported_once_at_its_first_line_before_the_rows_other_errors(bureau, power_list):
    cases_import(actor=bureau.admin, data=csv_bytes([_row("U1")]), filename="u.csv", today=TODAY)
    rows = [_row("N1"), _row("U1", 程序="普通"), _row("U1")]
    with pytest.raises(ImportFailed) as caught:
        cases_import(actor=bureau.admin, data=csv_bytes(rows), filename="u2.csv", today=TODAY)
    errors = [(e.line, e.reason) for e in caught.value.errors]
    assert errors[0] == (3, "案号“U1”已存在（已导入或系统内已有该案号）")
    assert errors[1][0] == 3 and "程序" in errors[1][1]
    assert errors[2] == (4, "案号“U1”与第3行重复")
    assert HistoricalCase.objects.count() == 1


def test_errors_beyond_the_kept_ones_are_counted_not_listed(bureau, power_list, monkeypatch):
    monkeypatch.setattr(services, "ERRORS_KEPT", 3)
    rows = [_row(f"E{i}", 程序="普通") for i in range(6)] + [_row("E0")]
    with pytest.raises(ImportFailed) as caught:
        cases_import(actor=bureau.admin, data=csv_bytes(rows), filename="e.csv", today=TODAY)
    assert [e.line for e in caught.value.errors] == [2, 3, 4]
    assert caught.value.total == 7 and "共7处错误" in caught.value.message
