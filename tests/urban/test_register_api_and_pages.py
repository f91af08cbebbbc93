"""The demolition register and the yearly target: created through the API and the page, refused with a Chinese
message (a zero area, a target set by an officer, a supervisor who only reads)."""

from __future__ import annotations

from decimal import Decimal

from django.test import Client

from fazhi.accounts.models import Role
from fazhi.urban.models import DemolitionRecord, DemolitionTarget


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_the_api_registers_a_line_and_a_target_and_refuses_a_zero_area(bureau, officer, bureau_head) -> None:
    client = _client(officer)
    line = {
        "agency_id": bureau.squad.pk,
        "place": "城东路3号",
        "area_m2": "0",
        "demolished_on": "2025-05-01",
        "demolished_by": "party",
    }
    refused = client.post("/api/urban/demolitions", line, content_type="application/json")
    assert refused.status_code == 400 and "拆除面积应为大于0" in refused.json()["message"]
    line["area_m2"] = "35.20"
    created = client.post("/api/urban/demolitions", line, content_type="application/json")
    assert created.status_code == 201 and created.json()["area_m2"] == "35.20"
    assert client.get("/api/urban/demolitions?year=2025").json()[0]["place"] == "城东路3号"
    target = {"agency_id": bureau.squad.pk, "year": 2025, "target_m2": "100"}
    assert client.post("/api/urban/targets", target, content_type="application/json").status_code == 403
    head = _client(bureau_head)
    set_ = head.post("/api/urban/targets", target, content_type="application/json")
    assert set_.status_code == 200 and set_.json()["target_m2"] == "100.00"
    assert [t["year"] for t in head.get("/api/urban/targets").json()] == [2025]


def test_a_supervisor_reads_the_register_but_cannot_add_to_it(bureau, make_user) -> None:
    client = _client(make_user(bureau.justice, Role.SUPERVISOR))
    line = {
        "agency_id": bureau.squad.pk,
        "place": "x",
        "area_m2": "1",
        "demolished_on": "2025-05-01",
        "demolished_by": "party",
    }
    assert client.post("/api/urban/demolitions", line, content_type="application/json").status_code == 403
    assert client.get("/urban/demolitions/").status_code == 200
    assert not DemolitionRecord.objects.exists()


def test_the_page_registers_a_line_and_a_target_and_shows_the_completion_rate(bureau, bureau_head) -> None:
    client = _client(bureau_head)
    refused = client.post(
        "/urban/demolitions/?year=2025",
        {
            "form": "record",
            "agency": bureau.bureau.pk,
            "place": "南门菜市场",
            "area_m2": "-3",
            "demolished_on": "2025-06-01",
            "demolished_by": "forced",
        },
    )
    assert refused.status_code == 400 and "南门菜市场" in refused.content.decode()
    ok = client.post(
        "/urban/demolitions/?year=2025",
        {
            "form": "record",
            "agency": bureau.bureau.pk,
            "place": "南门菜市场",
            "area_m2": "150",
            "demolished_on": "2025-06-01",
            "demolished_by": "forced",
        },
    )
    assert ok.status_code == 302
    target = client.post(
        "/urban/demolitions/?year=2025",
        {
            "form": "target",
            "agency": bureau.bureau.pk,
            "year": "2025",
            "target_m2": "200",
            "source": "示政办〔2025〕3号",
        },
    )
    assert target.status_code == 302
    assert DemolitionTarget.objects.get().target_m2 == Decimal("200")
    page = client.get("/urban/demolitions/?year=2025").content.decode()
    assert "拆除 1 处，面积 150.00 平方米" in page and "完成 75.0%" in page
    bad_year = client.get("/urban/demolitions/?year=abc")  # refused by the input check, never a 500
    assert bad_year.status_code == 400 and "年度" in bad_year.content.decode()
    assert client.get("/urban/").status_code == 302
