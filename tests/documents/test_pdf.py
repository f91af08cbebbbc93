"""PDF output where LibreOffice is present; .docx always."""

from __future__ import annotations

import stat

import pytest

from fazhi.documents.models import Document
from fazhi.documents.services import PdfNotAvailable, document_generate, document_open
from tests.cases.flow import registered_case

FAKE_SOFFICE = """#!/bin/sh
# A stand-in for LibreOffice: writes <outdir>/<name>.pdf for the input file.
while [ $# -gt 0 ]; do
  case "$1" in
    --outdir) shift; out="$1" ;;
    *.docx) src="$1" ;;
  esac
  shift
done
name=$(basename "$src" .docx)
printf '%%PDF-1.4\\n%% fake\\n%%%%EOF\\n' > "$out/$name.pdf"
"""


def test_without_libreoffice_pdf_is_refused_and_docx_still_works(monkeypatch, bureau, cast) -> None:
    case = registered_case(monkeypatch, bureau, cast)
    doc = document_generate(actor=cast.handler1, case=case, kind="register_approval")
    with pytest.raises(PdfNotAvailable, match="未安装 LibreOffice"):
        document_open(actor=cast.handler1, document=doc, fmt="pdf")
    opened = document_open(actor=cast.handler1, document=doc, fmt="docx")
    assert opened.reader.read()[:2] == b"PK" and opened.filename.endswith("第1版.docx")


def test_with_libreoffice_the_pdf_is_made_once_and_kept(monkeypatch, settings, tmp_path, bureau, cast) -> None:
    script = tmp_path / "soffice"
    script.write_text(FAKE_SOFFICE)
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    settings.FAZHI_SOFFICE = str(script)
    case = registered_case(monkeypatch, bureau, cast)
    doc = document_generate(actor=cast.handler1, case=case, kind="register_approval")
    opened = document_open(actor=cast.handler1, document=doc, fmt="pdf")
    assert opened.reader.read().startswith(b"%PDF") and opened.content_type == "application/pdf"
    doc = Document.objects.get(pk=doc.pk)
    assert doc.pdf_sha256 is not None
    first = doc.pdf_sha256
    document_open(actor=cast.handler1, document=doc, fmt="pdf")
    assert Document.objects.get(pk=doc.pk).pdf_sha256 == first
