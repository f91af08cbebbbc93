"""The API and the pages: success and refusal from the same setup."""

from __future__ import annotations

import io

import docx
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from fazhi.documents.models import Document, DocumentTemplate
from tests.cases.flow import registered_case


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_api_generates_lists_and_downloads_and_refuses_with_the_same_message(monkeypatch, bureau, cast) -> None:
    case = registered_case(monkeypatch, bureau, cast)
    client = _client(cast.handler1)
    ok = client.post(f"/api/documents/case/{case.pk}", {"kind": "register_approval"}, content_type="application/json")
    assert ok.status_code == 201, ok.content
    body = ok.json()
    assert body["number"] == "示城管立审〔2025〕1号" and body["version"] == 1 and body["kind_label"] == "立案审批表"
    refused = client.post(
        f"/api/documents/case/{case.pk}", {"kind": "penalty_decision"}, content_type="application/json"
    )
    assert refused.status_code == 409
    assert "本案尚未作出给予行政处罚的决定" in refused.json()["message"]
    listed = client.get(f"/api/documents/case/{case.pk}").json()
    assert [d["number"] for d in listed] == ["示城管立审〔2025〕1号"]
    kinds = {k["kind"]: k for k in client.get(f"/api/documents/case/{case.pk}/kinds").json()}
    assert kinds["register_approval"]["available"] and not kinds["penalty_decision"]["available"]
    download = client.get(f"/api/documents/{body['id']}/download?fmt=docx")
    assert download.status_code == 200 and b"".join(download.streaming_content)[:2] == b"PK"
    pdf = client.get(f"/api/documents/{body['id']}/download?fmt=pdf")
    assert pdf.status_code == 503 and "LibreOffice" in pdf.json()["message"]


def test_a_user_outside_the_case_scope_sees_nothing(monkeypatch, bureau, cast, officer_elsewhere) -> None:
    case = registered_case(monkeypatch, bureau, cast)
    doc = (
        _client(cast.handler1)
        .post(f"/api/documents/case/{case.pk}", {"kind": "register_approval"}, content_type="application/json")
        .json()
    )
    other = _client(officer_elsewhere)
    assert other.get(f"/api/documents/case/{case.pk}").status_code == 404
    assert other.get(f"/api/documents/{doc['id']}/download").status_code == 404


def test_api_template_upload_refuses_a_bad_template_and_accepts_a_good_one(bureau, cast) -> None:
    client = _client(cast.head)

    def upload(text: str):  # type: ignore[no-untyped-def]
        document = docx.Document()
        document.add_paragraph(text)
        buffer = io.BytesIO()
        document.save(buffer)
        file = SimpleUploadedFile("催告书.docx", buffer.getvalue())
        return client.post("/api/documents/templates", {"kind": "reminder", "note": "试用", "file": file})

    bad = upload("{{ party.name }} {{ amount_due }}")
    assert bad.status_code == 400 and "「amount_due」" in bad.json()["message"]
    assert not DocumentTemplate.objects.exists()
    good = upload("{{ party.name }}：请于{{ reminder.comply_days }}个工作日内缴纳。")
    assert good.status_code == 201 and good.json()["active"] is True
    default = client.get("/api/documents/templates/default/reminder")
    assert default.status_code == 200


def test_the_case_documents_page_lists_and_generates(monkeypatch, bureau, cast) -> None:
    case = registered_case(monkeypatch, bureau, cast)
    client = _client(cast.handler1)
    page = client.get(f"/documents/case/{case.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "生成文书" in html and "立案审批表" in html and "本案尚未作出给予行政处罚的决定" in html
    response = client.post(f"/documents/case/{case.pk}/", {"kind": "register_approval"})
    assert response.status_code == 302
    doc = Document.objects.get(case=case)
    html = client.get(f"/documents/case/{case.pk}/").content.decode()
    assert doc.number in html and doc.sha256[:12] in html
    download = client.get(f"/documents/{doc.pk}/download/docx/")
    assert download.status_code == 200
    refused = client.post(f"/documents/case/{case.pk}/", {"kind": "penalty_decision"}, follow=True)
    assert "本案尚未作出给予行政处罚的决定" in refused.content.decode()


def test_the_templates_page_shows_every_kind(bureau, cast) -> None:
    html = _client(cast.head).get("/documents/templates/").content.decode()
    assert "行政处罚决定书" in html and "卷宗封面与卷内目录" in html and "上传并启用" in html
