"""Upload limits: an Office zip bomb, a PDF with active content or a title with a NUL stores nothing."""

from __future__ import annotations

import io
import zipfile

import pytest

from fazhi.core.errors import ValidationError
from fazhi.evidence import filetypes as ft
from fazhi.evidence.models import Evidence
from tests.evidence.conftest import PDF, docx_bytes, upload

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _blobs(media_root) -> list:  # type: ignore[no-untyped-def]
    root = media_root / "blobs"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _bomb(members: int = 2, size: int = 5 * 1024 * 1024) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
        for n in range(members):
            package.writestr(f"word/media/pad{n}.xml", b"\x00" * size)
    return buffer.getvalue()


def _many_parts(count: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
        for n in range(count):
            package.writestr(f"p/{n}", b"x")
    return buffer.getvalue()


def test_a_plain_docx_and_pdf_pass_the_content_checks() -> None:
    assert ft.office_package_problem(io.BytesIO(docx_bytes())) is None
    assert ft.pdf_active_content(io.BytesIO(PDF)) == []


def test_a_highly_compressed_docx_is_a_zip_bomb() -> None:
    problem = ft.office_package_problem(io.BytesIO(_bomb()))
    assert problem is not None and "压缩" in problem


def test_a_docx_with_too_many_parts_is_refused() -> None:
    problem = ft.office_package_problem(io.BytesIO(_many_parts(ft.OFFICE_MAX_MEMBERS + 1)))
    assert problem is not None and str(ft.OFFICE_MAX_MEMBERS) in problem


@pytest.mark.parametrize(
    ("body", "label"),
    [
        (b"1 0 obj<</OpenAction<</S/JavaScript/JS(app.alert(1))>>>>endobj", "JavaScript脚本"),
        (b"1 0 obj<</S/Launch/F(cmd.exe)>>endobj", "启动外部程序的动作"),
        (b"1 0 obj<</Type/EmbeddedFile>>stream\nMZ\nendstream", "内嵌文件"),
    ],
)
def test_a_pdf_with_active_content_is_recognised(body: bytes, label: str) -> None:
    assert label in ft.pdf_active_content(io.BytesIO(b"%PDF-1.7\n" + body + b"\n%%EOF\n"))


def test_a_name_that_only_begins_like_an_active_one_is_not_flagged() -> None:
    assert ft.pdf_active_content(io.BytesIO(b"%PDF-1.7\n<</JSON 1/Launcher 2>>\n%%EOF")) == []


def test_a_zip_bomb_uploaded_as_evidence_is_refused_and_nothing_stored(upload_photo, media_root) -> None:
    with pytest.raises(ValidationError) as exc:
        upload_photo(kind="documentary", file=upload("笔录.docx", _bomb(), DOCX_TYPE))
    assert "压缩炸弹" in exc.value.message
    assert Evidence.objects.count() == 0 and _blobs(media_root) == []


def test_a_pdf_with_javascript_uploaded_as_evidence_is_refused_and_nothing_stored(upload_photo, media_root) -> None:
    evil = b"%PDF-1.7\n1 0 obj<</OpenAction<</S/JavaScript/JS(x)>>>>endobj\n%%EOF\n"
    with pytest.raises(ValidationError) as exc:
        upload_photo(kind="documentary", file=upload("告知书.pdf", evil, "application/pdf"))
    assert "JavaScript" in exc.value.message
    assert Evidence.objects.count() == 0 and _blobs(media_root) == []


@pytest.mark.parametrize("title", ["照片\x00一", "照片\ud800"])
def test_a_title_with_unsafe_text_is_refused_before_the_blob_is_stored(upload_photo, media_root, title) -> None:
    with pytest.raises(ValidationError) as exc:
        upload_photo(title=title)
    assert "证据名称" in exc.value.message or "名称" in exc.value.message
    assert Evidence.objects.count() == 0 and _blobs(media_root) == []


def test_a_title_with_an_rtl_override_is_refused(upload_photo, media_root) -> None:
    with pytest.raises(ValidationError) as exc:
        upload_photo(title="照片\u202egpj.exe")
    assert "U+202E" in exc.value.message
    assert _blobs(media_root) == []


def test_a_clean_pdf_is_still_accepted(upload_photo) -> None:
    evidence = upload_photo(kind="documentary", file=upload("告知书.pdf", PDF, "application/pdf"))
    assert evidence.file_type == "pdf"
