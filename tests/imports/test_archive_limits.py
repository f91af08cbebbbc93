"""An uploaded .xlsx is a ZIP package: a zip bomb, too many members and a file that is no ZIP are refused in
Chinese before anything is inflated (fazhi.core.archives, shared with the evidence upload)."""

from __future__ import annotations

import io
import zipfile

import pytest

from fazhi.core import archives
from fazhi.imports.parsing import HeaderError, open_rows
from fazhi.imports.records import records_import
from fazhi.imports.services import ImportFailed, cases_import
from tests.imports.records_helpers import xlsx


def _bomb(size: int = 64 * 1024**2) -> bytes:
    """A workbook-looking package whose sheet inflates from some 60 KB to 64 MB (about 1000:1)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(size // len(chunk)):
                sheet.write(chunk)
    return out.getvalue()


def _many_members(n: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        for i in range(n):
            z.writestr(f"xl/part{i}.xml", "<x/>")
    return out.getvalue()


def test_a_real_workbook_passes():
    assert archives.office_bytes_problem(xlsx("targets", [{"名称": "某店"}])) is None


def test_a_zip_bomb_is_refused_before_it_is_read():
    data = _bomb()
    assert len(data) < 200 * 1024
    problem = archives.office_bytes_problem(data)
    assert problem is not None and "压缩炸弹" in problem
    with pytest.raises(HeaderError) as caught:
        open_rows(data, "炸弹.xlsx")
    assert "无法读取文件" in str(caught.value) and "压缩炸弹" in str(caught.value)


def test_too_many_members_and_a_member_too_large_are_refused():
    problem = archives.office_bytes_problem(_many_members(archives.OFFICE_MAX_MEMBERS + 1))
    assert problem == f"文档内部包含{archives.OFFICE_MAX_MEMBERS + 1}个部件，超过{archives.OFFICE_MAX_MEMBERS}个的上限"
    assert archives.office_bytes_problem(_many_members(archives.OFFICE_MAX_MEMBERS)) is None
    # a member of 2 MB against a bound of 1 MB (the ratio bound raised so that only the size speaks)
    problem = archives.office_bytes_problem(_bomb(2 * 1024**2), max_uncompressed=1024**2, max_ratio=10**6)
    assert problem is not None and "xl/worksheets/sheet1.xml" in problem and "超过1MB的上限" in problem


def test_the_total_inflated_size_is_bounded():
    problem = archives.office_bytes_problem(_many_members(3), max_uncompressed=len("<x/>") * 3 - 1, max_ratio=10**6)
    assert problem is not None and "解压后" in problem


@pytest.mark.django_db
def test_a_file_named_xlsx_that_is_no_zip_is_refused_in_chinese_by_both_imports(bureau):
    for data in (b"name,phone\n", _bomb()):
        with pytest.raises(ImportFailed) as caught:
            records_import(actor=bureau.admin, kind="targets", agency=bureau.bureau, data=data, filename="a.xlsx")
        reason = caught.value.errors[0].reason
        assert caught.value.errors[0].line == 1 and reason.startswith("无法读取文件（")
        with pytest.raises(ImportFailed) as caught:
            cases_import(actor=None, data=data, filename="a.xlsx")
        assert caught.value.errors[0].reason.startswith("无法读取文件（")
    assert "ZIP结构损坏" in archives.office_bytes_problem(b"name,phone\n")  # type: ignore[operator]
