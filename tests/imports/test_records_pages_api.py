"""The import page and the API for the kinds beyond cases: the kind and the agency chosen, the template of each
kind, the run through the worker, the bad-row report with its column, and who may import."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from fazhi.accounts.models import Role
from fazhi.imports.kinds import KINDS
from fazhi.imports.models import ImportKind, ImportRun
from fazhi.inspections.models import InspectionTarget
from tests.imports.records_helpers import uscc, xlsx
from tests.jobs.worker import run_queued_tasks

pytestmark = pytest.mark.django_db


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("kind", [k for k in ImportKind.values if k != "cases"])
def test_each_kind_has_a_template_whose_headers_are_the_columns_in_chinese(bureau, kind):
    response = _client(bureau.admin).get(f"/imports/template/?kind={kind}")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    header = next(book.worksheets[0].iter_rows(values_only=True))
    assert list(header) == [name for name, _ in KINDS[kind].layout.columns]
    assert book.sheetnames[1] == "填写说明"
    api = _client(bureau.admin).get(f"/api/imports/templates/{kind}")
    assert api.status_code == 200 and api.content[:2] == b"PK"


def test_a_template_example_row_imports_as_it_is(bureau, make_officer):
    """The example row of each template is valid as written (except the trainings', which needs its officer)."""
    from fazhi.imports.records import records_import
    from fazhi.imports.template import import_template

    for kind in ("officers", "targets", "complaints", "reconsiderations", "litigations"):
        report = records_import(
            actor=bureau.admin, kind=kind, agency=bureau.bureau, data=import_template(kind), filename="t.xlsx"
        )
        assert report.imported == 1, kind


def test_the_page_imports_a_good_file_through_the_worker_into_the_agency_picked(bureau):
    client = _client(bureau.admin)
    page = client.get("/imports/?kind=targets").content.decode()
    assert "统一社会信用代码" in page and 'name="agency"' in page and "检查对象名录库" in page
    data = xlsx("targets", [{"名称": "好味餐饮店", "统一社会信用代码": uscc(1)}, {"名称": "城东工地"}])
    response = client.post(
        "/imports/", {"kind": "targets", "agency": bureau.squad.pk, "file": SimpleUploadedFile("t.xlsx", data)}
    )
    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert (run.kind, run.agency) == ("targets", bureau.squad)
    run_queued_tasks()
    html = client.get(response.url).content.decode()
    assert "已导入检查对象名录库2行" in html
    assert set(InspectionTarget.objects.values_list("agency", flat=True)) == {bureau.squad.pk}


def test_the_page_shows_each_bad_row_with_its_column_and_keeps_nothing(bureau, make_user):
    clerk = make_user(bureau.bureau, Role.CLERK)
    client = _client(clerk)
    data = xlsx("targets", [{"名称": "好味餐饮店"}, {"名称": "坏店", "统一社会信用代码": "123"}])
    response = client.post("/imports/", {"kind": "targets", "file": SimpleUploadedFile("t.xlsx", data)})
    assert ImportRun.objects.get().agency == bureau.bureau  # a clerk's own agency when none is picked
    run_queued_tasks()
    html = client.get(response.url).content.decode()
    assert "未导入任何数据" in html and "第3行" in html and "<td>统一社会信用代码</td>" in html
    assert InspectionTarget.objects.count() == 0


def test_someone_without_the_role_gets_403_on_the_page_and_the_api(bureau, make_user):
    officer = _client(make_user(bureau.squad, Role.OFFICER))
    data = xlsx("targets", [{"名称": "某店"}])
    page = officer.post("/imports/", {"kind": "targets", "file": SimpleUploadedFile("t.xlsx", data)})
    assert page.status_code == 403
    api = officer.post("/api/imports/runs", {"kind": "targets", "file": SimpleUploadedFile("t.xlsx", data)})
    assert api.status_code == 403 and "无权" in api.json()["message"]
    clerk = _client(make_user(bureau.squad, Role.CLERK))
    other = clerk.post(
        "/api/imports/runs",
        {"kind": "targets", "agency_id": bureau.squad2.pk, "file": SimpleUploadedFile("t.xlsx", data)},
    )
    assert other.status_code == 403 and ImportRun.objects.count() == 0
    cases = clerk.post("/api/imports/runs", {"kind": "cases", "file": SimpleUploadedFile("t.xlsx", data)})
    assert cases.status_code == 403  # historical cases: system administrators only
    assert officer.get("/api/imports/kinds").json() == []
    assert [k["code"] for k in clerk.get("/api/imports/kinds").json()] == list(KINDS)  # all but cases


def test_the_api_queues_a_file_and_reports_every_bad_row(bureau, make_user):
    reviewer = make_user(bureau.bureau, Role.LEGAL_REVIEWER)
    client = _client(reviewer)
    data = xlsx(
        "trainings",
        [
            {"培训名称": "专题培训", "培训日期": "2026-03-15", "学时": "4"},
            {"培训名称": "x", "培训日期": "昨天", "学时": "0"},
        ],
    )
    response = client.post("/api/imports/runs", {"kind": "trainings", "file": SimpleUploadedFile("t.xlsx", data)})
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["status"] == "queued" and body["agency_id"] == bureau.bureau.pk
    run_queued_tasks()
    done = client.get(f"/api/imports/runs/{body['id']}").json()
    assert done["status"] == "failed" and done["imported"] == 0
    assert [(e["line"], e["column"]) for e in done["errors"]] == [(3, "培训日期"), (3, "学时")]
    assert "不是有效日期" in done["errors"][0]["reason"]
    stranger = _client(make_user(bureau.squad2, Role.CLERK))
    assert stranger.get(f"/api/imports/runs/{body['id']}").status_code == 404


def test_the_api_imports_a_good_file_for_an_administrator_who_names_the_agency(bureau):
    client = _client(bureau.admin)
    data = xlsx("complaints", [{"工单编号": "A1", "来源": "来信", "受理时间": "2026-03-02", "诉求内容": "噪音"}])
    missing = client.post("/api/imports/runs", {"kind": "complaints", "file": SimpleUploadedFile("c.xlsx", data)})
    assert missing.status_code == 400 and "agency_id" in missing.json()["message"]
    response = client.post(
        "/api/imports/runs",
        {"kind": "complaints", "agency_id": bureau.bureau.pk, "file": SimpleUploadedFile("c.xlsx", data)},
    )
    assert response.status_code == 202
    run_queued_tasks()
    done = client.get(f"/api/imports/runs/{response.json()['id']}").json()
    assert (done["status"], done["imported"], done["errors"]) == ("succeeded", 1, [])
    bad_kind = client.post("/api/imports/runs", {"kind": "nope", "file": SimpleUploadedFile("c.xlsx", data)})
    assert bad_kind.status_code == 422
