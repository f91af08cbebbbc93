from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.imports.models import HistoricalCase
from tests.reports.known import ROWS, csv_bytes

pytestmark = pytest.mark.django_db


def test_the_template_downloads_from_the_ui(client, bureau):
    client.force_login(bureau.admin)
    response = client.get("/imports/template/")
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_an_upload_with_a_bad_row_shows_its_line_and_imports_nothing(client, bureau, power_list):
    client.force_login(bureau.admin)
    bad = [list(ROWS[0]), [*ROWS[1][:13], "-5", *ROWS[1][14:]]]
    response = client.post("/imports/", {"token": "t", "file": SimpleUploadedFile("bad.csv", csv_bytes(bad))})
    html = response.content.decode()
    assert "第3行" in html and "罚款金额" in html and "未导入任何案件" in html
    assert HistoricalCase.objects.count() == 0
    ok = client.post("/imports/", {"token": "t", "file": SimpleUploadedFile("ok.csv", csv_bytes())})
    assert "已导入历史案件10件" in ok.content.decode()
