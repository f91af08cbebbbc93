"""Recognising evidence files by content (no database)."""

from __future__ import annotations

import io

from fazhi.evidence import filetypes as ft
from tests.evidence.conftest import EXE, JPEG, MP4, PDF, PNG, docx_bytes


def _sniff(data: bytes, name: str = "") -> str | None:
    found = ft.sniff(io.BytesIO(data), name)
    return found.code if found else None


def test_common_evidence_formats_are_recognised_from_their_first_bytes() -> None:
    assert _sniff(JPEG) == "jpg"
    assert _sniff(PNG) == "png"
    assert _sniff(PDF) == "pdf"
    assert _sniff(MP4) == "mp4"
    assert _sniff(b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00") == "mov"
    assert _sniff(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic") == "heic"
    assert _sniff(b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00") == "m4a"
    assert _sniff(b"RIFF\x24\x00\x00\x00WAVEfmt ") == "wav"
    assert _sniff(b"RIFF\x24\x00\x00\x00AVI LIST") == "avi"
    assert _sniff(b"ID3\x04\x00\x00\x00\x00\x00\x00") == "mp3"
    assert _sniff(b"#!AMR\n\x3c") == "amr"
    assert _sniff(docx_bytes()) == "docx"


def test_a_renamed_program_is_not_taken_for_a_photo() -> None:
    assert _sniff(EXE, "照片.jpg") is None


def test_an_old_office_file_counts_as_doc_only_when_named_doc() -> None:
    ole = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 64
    assert _sniff(ole, "询问笔录.doc") == "doc"
    assert _sniff(ole, "表格.xls") is None


def test_a_zip_that_is_not_an_office_document_is_refused() -> None:
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("payload.txt", "x")
    assert _sniff(buffer.getvalue(), "a.docx") is None


def test_sizes_are_written_as_on_a_form() -> None:
    assert ft.human_size(2 * 1024**3) == "2GB"
    assert ft.human_size(50 * 1024**2) == "50MB"
    assert ft.human_size(1536) == "1.5KB"
    assert ft.human_size(10) == "10字节"
