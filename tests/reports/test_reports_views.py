from __future__ import annotations

import io

import pytest
from docx import Document
from openpyxl import load_workbook

from fazhi.accounts.models import Role
from fazhi.reports.models import AnnualReportText
from tests.jobs.worker import run_queued_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_admin(client, bureau, remedies):  # type: ignore[no-untyped-def]
    client.force_login(bureau.admin)
    return client


def test_the_dashboard_shows_the_figures_and_links_to_the_records(client_admin, bureau):
    page = client_admin.get(f"/reports/?agency={bureau.bureau.pk}&year=2024&sub=1")
    assert page.status_code == 200
    html = page.content.decode()
    assert "echarts-5.6.0.min.js" in html and "92250.50" in html  # fines of both procedures, decided in 2024
    records = client_admin.get(f"/reports/records/?agency={bureau.bureau.pk}&year=2024&sub=1&domain=city_appearance")
    body = records.content.decode()
    assert records.status_code == 200 and "B4" in body and "B5" in body and "B1" not in body


def _built(client, response) -> bytes:  # type: ignore[no-untyped-def]
    """Follow an export request to its page, let the worker build the file, and download it."""
    assert response.status_code == 302 and response["Location"].startswith("/exports/")
    waiting = client.get(response["Location"]).content.decode()
    assert "等待执行" in waiting and "下载文件" not in waiting  # before the worker has run
    run_queued_tasks()
    download = client.get(response["Location"] + "file/")
    assert download.status_code == 200
    return b"".join(download.streaming_content)


def test_the_excel_export_holds_the_breakdowns_and_the_records(client_admin, bureau):
    response = client_admin.post("/reports/export/", {"agency": bureau.bureau.pk, "year": 2024, "sub": "1"})
    wb = load_workbook(io.BytesIO(_built(client_admin, response)))
    assert wb.sheetnames == ["汇总", "按月份", "按程序", "按领域", "按来源", "按执法事项", "案件明细"]
    assert wb["汇总"]["A1"].value == "机构"
    numbers = [row[0] for row in wb["案件明细"].iter_rows(min_row=2, values_only=True)]
    assert sorted(numbers) == ["B1", "B2", "B3", "B4", "B5", "B6", "B7"]


def test_the_bureau_edits_its_own_text_and_downloads_the_docx(client_admin, bureau):
    response = client_admin.post(
        "/reports/annual/",
        {"agency": bureau.bureau.pk, "year": 2024, "sub": "1", "title": "", "part_problems": "案卷质量仍需提升。"},
    )
    assert response.status_code == 302
    assert AnnualReportText.objects.get(agency=bureau.bureau, year=2024).part("problems") == "案卷质量仍需提升。"
    docx = client_admin.get(f"/reports/annual/?agency={bureau.bureau.pk}&year=2024&sub=1&format=docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(_built(client_admin, docx))).paragraphs)
    assert "案卷质量仍需提升。" in text and "共办理一般程序案件5起" in text


def test_an_agency_outside_the_actors_scope_is_not_found(client, bureau, remedies, make_user):
    client.force_login(make_user(bureau.township, Role.HEAD))
    response = client.get(f"/api/reports/annual?agency_id={bureau.bureau.pk}&year=2024")
    assert response.status_code == 404
    own = client.get(f"/api/reports/annual?agency_id={bureau.township.pk}&year=2024")
    assert own.status_code == 200 and own.json()["cases.delegated"] == 1


def test_months_are_listed_in_calendar_order() -> None:
    from fazhi.reports.selectors import group_order

    assert sorted([None, 10, 6, 11], key=group_order) == [6, 10, 11, None]
    assert sorted(["planning", None, "municipal"], key=group_order) == ["municipal", "planning", None]
