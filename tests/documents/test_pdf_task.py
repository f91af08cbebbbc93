"""The PDF asked for on the page is made by the worker: the page polls the export, then downloads the PDF."""

from __future__ import annotations

import stat

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.core.models import Export, ExportStatus
from fazhi.documents.models import Document
from fazhi.documents.services import document_generate
from tests.cases.flow import registered_case
from tests.documents.test_pdf import FAKE_SOFFICE
from tests.jobs.worker import run_queued_tasks


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def soffice(settings, tmp_path):  # type: ignore[no-untyped-def]
    """A stand-in LibreOffice (tests.documents.test_pdf)."""
    script = tmp_path / "soffice"
    script.write_text(FAKE_SOFFICE)
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    settings.FAZHI_SOFFICE = str(script)
    return script


@pytest.mark.usefixtures("soffice")
def test_the_pdf_is_made_by_the_worker_then_downloaded_and_then_served_directly(monkeypatch, bureau, cast) -> None:
    case = registered_case(monkeypatch, bureau, cast)
    doc = document_generate(actor=cast.handler1, case=case, kind="register_approval")
    client = _client(cast.handler1)
    url = reverse("documents:document_download", kwargs={"document_id": doc.pk, "fmt": "pdf"})
    asked = client.get(url)
    export = Export.objects.get()
    assert asked.status_code == 302 and asked["Location"] == reverse("core:export", args=[export.pk])
    assert export.status == ExportStatus.QUEUED and Document.objects.get(pk=doc.pk).pdf_sha256 is None
    run_queued_tasks()
    export.refresh_from_db()
    assert (export.status, export.done, export.total) == (ExportStatus.SUCCEEDED, 1, 1)
    assert export.filename.endswith("第1版.pdf") and export.content_type == "application/pdf"
    page = client.get(asked["Location"]).content.decode()
    assert "下载文件" in page
    pdf = b"".join(client.get(reverse("core:export_download", args=[export.pk])).streaming_content)
    assert pdf.startswith(b"%PDF")
    assert Document.objects.get(pk=doc.pk).pdf_sha256 == export.sha256  # recorded once on the document
    again = client.get(url)  # now made: served at once, no second export
    assert again.status_code == 200 and b"".join(again.streaming_content) == pdf
    assert Export.objects.count() == 1


def test_without_libreoffice_the_page_refuses_the_pdf_at_once_and_queues_nothing(monkeypatch, bureau, cast) -> None:
    case = registered_case(monkeypatch, bureau, cast)
    doc = document_generate(actor=cast.handler1, case=case, kind="register_approval")
    response = _client(cast.handler1).get(
        reverse("documents:document_download", kwargs={"document_id": doc.pk, "fmt": "pdf"})
    )
    assert response.status_code == 503 and "未安装 LibreOffice" in response.content.decode()
    assert not Export.objects.exists()


@pytest.mark.usefixtures("soffice")
def test_another_user_cannot_see_the_pdf_export(monkeypatch, bureau, cast, officer_elsewhere) -> None:
    case = registered_case(monkeypatch, bureau, cast)
    doc = document_generate(actor=cast.handler1, case=case, kind="register_approval")
    _client(cast.handler1).get(reverse("documents:document_download", kwargs={"document_id": doc.pk, "fmt": "pdf"}))
    run_queued_tasks()
    export = Export.objects.get()
    other = _client(officer_elsewhere)
    assert other.get(reverse("core:export", args=[export.pk])).status_code == 404
    assert other.get(reverse("core:export_download", args=[export.pk])).status_code == 404
