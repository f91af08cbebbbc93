from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.imports.models import HistoricalCase, ImportRun
from tests.jobs.worker import run_queued_tasks
from tests.reports.known import ROWS, csv_bytes

pytestmark = pytest.mark.django_db


def test_the_template_downloads_from_the_ui(client, bureau):
    client.force_login(bureau.admin)
    response = client.get("/imports/template/")
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_an_upload_with_a_bad_row_shows_its_line_and_imports_nothing(client, bureau, power_list):
    client.force_login(bureau.admin)
    bad = [list(ROWS[0]), [*ROWS[1][:13], "-5", *ROWS[1][14:]]]
    response = client.post("/imports/", {"file": SimpleUploadedFile("bad.csv", csv_bytes(bad))})
    assert response.status_code == 302
    assert "等待执行" in client.get(response.url).content.decode()
    run_queued_tasks()
    html = client.get(response.url).content.decode()
    assert "第3行" in html and "罚款金额" in html and "未导入任何案件" in html
    assert HistoricalCase.objects.count() == 0
    ok = client.post("/imports/", {"file": SimpleUploadedFile("ok.csv", csv_bytes())})
    run_queued_tasks()
    assert "已导入历史案件10件" in client.get(ok.url).content.decode()


def test_the_page_polls_the_progress_of_the_run_from_its_row(client, bureau, power_list):
    client.force_login(bureau.admin)
    response = client.post("/imports/", {"file": SimpleUploadedFile("ok.csv", csv_bytes())})
    run = ImportRun.objects.get()
    poll = f"/imports/progress/{run.pk}/"
    assert client.get(poll).json() == {"phase": "queued", "done": 0, "total": None, "finished": False}
    run_queued_tasks()
    assert client.get(poll).json() == {"phase": "succeeded", "done": 10, "total": 10, "finished": True}
    assert response.url.endswith(f"?run={run.pk}")


def test_a_run_is_hidden_from_someone_who_may_not_import(client, bureau, power_list, make_user):
    client.force_login(bureau.admin)
    client.post("/imports/", {"file": SimpleUploadedFile("ok.csv", csv_bytes())})
    run = ImportRun.objects.get()
    client.force_login(make_user(bureau.squad))
    assert client.get(f"/imports/progress/{run.pk}/").status_code == 404
    assert client.get(f"/imports/?run={run.pk}").status_code == 404
