"""Safe exports (OWASP CSV injection): no text in any .xlsx or .csv export is read as a formula."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from fazhi.agencies.models import Agency
from fazhi.core.cells import is_formula_like, safe_row
from fazhi.powers import selectors as power_selectors
from fazhi.powers.models import PowerItem
from fazhi.powers.sample import load_sample_power_list
from fazhi.publicity.export import publications_export
from fazhi.reports.exports import dashboard_xlsx_file
from tests.cases.conftest import head, open_case, power_list  # noqa: F401
from tests.publicity.conftest import clerk, decide, publish_decision  # noqa: F401

LINK = '=HYPERLINK("http://x","y")'
PERIOD = {"start": date(2025, 10, 1), "end": date(2025, 10, 31)}


@pytest.mark.parametrize("text", [LINK, "+1+2", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)", "\tx", "\rx"])
def test_every_formula_start_is_neutralised(text: str) -> None:
    assert is_formula_like(text)
    assert safe_row([text]) == ["'" + text]


@pytest.mark.parametrize("value", [-5, Decimal("-12.50"), "-12.50", "+3", 0, None, date(2025, 1, 1), "违法事实", ""])
def test_numbers_dates_and_plain_text_are_left_as_they_are(value: Any) -> None:
    assert not is_formula_like(value)
    assert safe_row([value]) == [value]


def test_in_a_workbook_a_formula_like_text_is_a_text_cell_read_back_exactly() -> None:
    for write_only in (True, False):
        wb = Workbook(write_only=write_only)
        ws = wb.create_sheet("s") if write_only else wb.active
        ws.append(safe_row([LINK, -5, Decimal("1.5"), "ok"], ws))
        buf = io.BytesIO()
        wb.save(buf)
        row = next(load_workbook(io.BytesIO(buf.getvalue())).worksheets[0].iter_rows())
        assert [c.value for c in row] == [LINK, -5, 1.5, "ok"]
        assert [c.data_type for c in row] == ["s", "n", "n", "s"]
        assert row[0].quotePrefix


def _no_formula(content: bytes) -> list[list[Any]]:
    wb = load_workbook(io.BytesIO(content))
    rows = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            assert all(c.data_type != "f" for c in row), [c.value for c in row]
            rows.append([c.value for c in row])
    return rows


@pytest.mark.django_db
def test_the_publicity_export_gives_a_formula_as_text_in_xlsx_and_csv(bureau, publish_decision, clerk) -> None:  # noqa: F811
    publish_decision(published_on=date(2025, 10, 9), facts=LINK)
    rows = _no_formula(publications_export(actor=clerk, agency=bureau.bureau, fmt="xlsx", **PERIOD))
    assert LINK in rows[1]
    content = publications_export(actor=clerk, agency=bureau.bureau, fmt="csv", **PERIOD)
    (row,) = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert row["违法事实"] == "'" + LINK
    assert row["罚款金额（万元）"] == "0.050000"


@pytest.mark.django_db
def test_the_power_list_export_gives_a_formula_as_text(bureau) -> None:
    rule_set = load_sample_power_list(actor=bureau.admin, owner=bureau.bureau, effective_from=date(2024, 1, 1))
    first = PowerItem.objects.filter(rule_set=rule_set).order_by("position").first()
    assert first is not None
    PowerItem.objects.filter(pk=first.pk).update(name=LINK)
    rows = _no_formula(power_selectors.power_list_export(rule_set))
    assert any(LINK in r for r in rows)


@pytest.mark.django_db
def test_the_statistics_workbook_gives_a_formula_as_text(bureau) -> None:
    Agency.objects.filter(pk=bureau.bureau.pk).update(name="@" + "cmd")
    content = dashboard_xlsx_file(
        actor=bureau.admin, params={"agency": str(bureau.bureau.pk), "year": "2024", "sub": "1"}
    )
    rows = _no_formula(content)
    assert rows[0][1] == "@cmd"
