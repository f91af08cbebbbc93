"""The statistics workbook and the annual report's .docx are built by the worker with their progress on the row."""

from __future__ import annotations

import io

import pytest
from docx import Document
from openpyxl import load_workbook

from fazhi.core.models import Export, ExportStatus
from fazhi.core.storage import get_blob_store
from tests.jobs.worker import run_queued_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_admin(client, bureau, remedies):  # type: ignore[no-untyped-def]
    client.force_login(bureau.admin)
    return client


def test_the_workbook_is_built_by_the_worker_with_the_records_counted_on_its_row(client_admin, bureau):
    response = client_admin.post("/reports/export/", {"agency": bureau.bureau.pk, "year": 2024, "sub": "1"})
    export = Export.objects.get()
    assert response["Location"] == f"/exports/{export.pk}/" and export.status == ExportStatus.QUEUED
    assert export.filename == "执法统计_示城管_20240101-20241231.xlsx"
    run_queued_tasks()
    export.refresh_from_db()
    assert (export.status, export.done, export.total) == (ExportStatus.SUCCEEDED, 7, 7)
    assert client_admin.get(f"/exports/{export.pk}/progress/").json() == {
        "status": "succeeded",
        "finished": True,
        "done": 7,
        "total": 7,
    }
    wb = load_workbook(io.BytesIO(get_blob_store().open(export.sha256).read()))
    assert wb["汇总"]["B4"].value == "92250.50"  # amounts as text with two decimals, as before
    assert len(list(wb["案件明细"].iter_rows(min_row=2))) == 7


def test_the_annual_docx_is_built_by_the_worker_in_two_steps(client_admin, bureau):
    response = client_admin.get(f"/reports/annual/?agency={bureau.bureau.pk}&year=2024&sub=1&format=docx")
    export = Export.objects.get()
    assert response["Location"] == f"/exports/{export.pk}/"
    run_queued_tasks()
    export.refresh_from_db()
    assert (export.status, export.done, export.total) == (ExportStatus.SUCCEEDED, 2, 2)
    assert export.filename == "示城管_2024_法治政府建设年度报告.docx"
    download = client_admin.get(f"/exports/{export.pk}/file/")
    text = "\n".join(p.text for p in Document(io.BytesIO(b"".join(download.streaming_content))).paragraphs)
    assert "示范市城市管理和综合执法局2024年法治政府建设年度报告" in text


def test_a_bad_filter_is_refused_on_the_page_and_queues_nothing(client_admin, bureau):
    response = client_admin.post("/reports/export/", {"agency": bureau.bureau.pk, "year": "二〇二四"}, follow=True)
    assert "年度「二〇二四」不是有效的年份。" in response.content.decode()
    assert not Export.objects.exists()
    assert client_admin.get(f"/reports/export/?agency={bureau.bureau.pk}").status_code == 405


def test_the_markdown_and_json_are_still_sent_at_once(client_admin, bureau):
    md = client_admin.get(f"/reports/annual/?agency={bureau.bureau.pk}&year=2024&sub=1&format=md")
    assert md.status_code == 200 and md.content.decode().startswith("# 示范市")
    assert not Export.objects.exists()


def test_the_annual_pdf_is_built_by_the_worker_next_to_the_docx(client_admin, bureau):
    page = client_admin.get(f"/reports/annual/?agency={bureau.bureau.pk}&year=2024&sub=1")
    assert "format=pdf" in page.content.decode() and "format=docx" in page.content.decode()
    response = client_admin.get(f"/reports/annual/?agency={bureau.bureau.pk}&year=2024&sub=1&format=pdf")
    export = Export.objects.get()
    assert response["Location"] == f"/exports/{export.pk}/"
    assert export.filename == "示城管_2024_法治政府建设年度报告.pdf" and export.content_type == "application/pdf"
    run_queued_tasks()
    export.refresh_from_db()
    assert (export.status, export.done, export.total) == (ExportStatus.SUCCEEDED, 2, 2)
    download = client_admin.get(f"/exports/{export.pk}/file/")
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_the_api_gives_the_docx_and_the_pdf_and_hides_an_unseen_agency(client, bureau, remedies, make_user):
    from fazhi.accounts.models import Role

    client.force_login(bureau.admin)
    docx = client.get(f"/api/reports/annual/docx?agency_id={bureau.bureau.pk}&year=2024&include_subordinates=true")
    assert docx.status_code == 200 and docx["Content-Type"].startswith("application/vnd.openxmlformats")
    styles = [p.style.name for p in Document(io.BytesIO(docx.content)).paragraphs]
    assert styles[0] == "公文标题" and "公文一级标题" in styles
    pdf = client.get(f"/api/reports/annual/pdf?agency_id={bureau.bureau.pk}&year=2024")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    client.force_login(make_user(bureau.township, Role.HEAD))
    hidden = client.get(f"/api/reports/annual/pdf?agency_id={bureau.bureau.pk}&year=2024")
    assert hidden.status_code == 404 and "机构" in hidden.json()["message"]
    assert not Export.objects.exists()


def test_without_a_cjk_font_the_pdf_is_refused_in_chinese(client_admin, bureau, monkeypatch):
    from fazhi.reports import pdf

    monkeypatch.setattr(pdf, "cjk_font_families", lambda: ())
    response = client_admin.get(f"/api/reports/annual/pdf?agency_id={bureau.bureau.pk}&year=2024")
    assert response.status_code == 409 and "中文字体" in response.json()["message"]
