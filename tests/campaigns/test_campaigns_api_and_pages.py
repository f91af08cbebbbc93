"""专项行动 and 柔性执法 through the API and the pages: each record created, the period refused, scope, forms kept."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from fazhi.campaigns.models import Campaign, CampaignCase, CampaignTarget, SoftMeasure
from fazhi.core import clock


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _post(client: Client, url: str, body: dict):  # type: ignore[no-untyped-def,type-arg]
    return client.post(url, body, content_type="application/json")


def test_a_campaign_and_its_records_through_the_api(bureau, staff, make_case) -> None:
    inside, outside = make_case(date(2025, 5, 2)), make_case(date(2025, 7, 2))
    head, officer = _client(staff.head), _client(staff.officer_user)
    with clock.frozen_at(date(2025, 7, 10)):
        bad = _post(
            head,
            "/api/campaigns/",
            {"agency_id": bureau.squad.pk, "name": "渣土整治", "starts_on": "2025-04-01", "ends_on": "2025-03-01"},
        )
        assert bad.status_code == 400 and "不能早于开始日期" in bad.json()["message"]
        r = _post(
            head,
            "/api/campaigns/",
            {"agency_id": bureau.squad.pk, "name": "渣土整治", "starts_on": "2025-04-01", "ends_on": "2025-06-30"},
        )
        assert r.status_code == 201, r.content
        cid = r.json()["id"]
        r = _post(head, f"/api/campaigns/{cid}/targets", {"kind": "整治点位", "unit": "个", "number": "50"})
        assert r.status_code == 201
        r = _post(head, f"/api/campaigns/targets/{r.json()['id']}/achieved", {"achieved": "52"})
        assert r.status_code == 200 and Decimal(r.json()["achieved"]) == 52
        r = _post(head, f"/api/campaigns/{cid}/actions", {"kind": "call", "taken_on": "2025-05-01", "count": 336})
        assert r.status_code == 201
        r = _post(officer, f"/api/campaigns/{cid}/cases", {"id": outside.pk})
        assert r.status_code == 400 and "不在行动期间" in r.json()["message"]
        assert _post(officer, f"/api/campaigns/{cid}/cases", {"id": inside.pk}).status_code == 201
        r = _post(
            officer,
            "/api/campaigns/soft-measures",
            {
                "agency_id": bureau.squad.pk,
                "kind": "interview",
                "target_name": "顺达运输",
                "place": "局三楼会议室",
                "taken_on": "2025-06-01",
                "officer_id": staff.officer.pk,
                "content": "约谈渣土运输企业",
                "campaign_id": cid,
            },
        )
        assert r.status_code == 201 and r.json()["kind_label"] == "指导约谈"
        mid = r.json()["id"]
        r = _post(officer, f"/api/campaigns/soft-measures/{mid}/case", {"case_id": outside.pk})
        assert r.status_code == 200 and r.json()["case_id"] == outside.pk
        detail = officer.get(f"/api/campaigns/{cid}").json()
    assert detail["case_ids"] == [inside.pk] and detail["soft_measure_ids"] == [mid]
    assert [a["count"] for a in detail["actions"]] == [336] and detail["targets"][0]["unit"] == "个"
    other = _client(staff.other_squad)
    hidden, missing = other.get(f"/api/campaigns/{cid}"), other.get("/api/campaigns/999999")
    assert hidden.status_code == missing.status_code == 404 and hidden.json() == missing.json()


def test_a_campaign_is_run_through_the_pages(bureau, staff, make_case) -> None:
    case = make_case(date(2025, 5, 2))
    head = _client(staff.head)
    with clock.frozen_at(date(2025, 7, 10)):
        assert head.get("/campaigns/").status_code == 200
        r = head.post(
            "/campaigns/",
            {"agency": bureau.squad.pk, "name": "违建拆除攻坚", "starts_on": "2025-04-01", "ends_on": "2025-06-30"},
        )
        assert r.status_code == 302
        campaign = Campaign.objects.get()
        step = f"/campaigns/{campaign.pk}/step/"
        assert (
            head.post(step, {"step": "target", "kind": "拆除违建", "unit": "平方米", "number": "19508"}).status_code
            == 302
        )
        assert CampaignTarget.objects.get().number == 19508
        head.post(step, {"step": "action", "kind": "notice", "taken_on": "2025-05-01", "count": "130"})
        head.post(step, {"step": "case", "id": str(case.pk)})
        assert CampaignCase.objects.get().case == case
        # a refusal keeps what was typed on the campaign page
        r = head.post(step, {"step": "action", "kind": "call", "taken_on": "2025-08-01", "count": "77"}, follow=True)
        page = r.content.decode()
        assert "不在行动期间" in page and 'value="2025-08-01"' in page and 'value="77"' in page
        assert "违建拆除攻坚" in head.get("/campaigns/").content.decode()


def test_a_soft_measure_is_recorded_through_the_page_and_a_refusal_keeps_the_form(bureau, staff) -> None:
    officer = _client(staff.officer_user)
    with clock.frozen_at(date(2025, 7, 10)):
        form = {
            "agency": bureau.squad.pk,
            "kind": "persuasion",
            "target_name": "兴旺小吃店",
            "place": "建设路12号",
            "taken_on": "2025-07-11",
            "officer": staff.officer.pk,
            "content": "劝离占道经营",
        }
        r = officer.post("/campaigns/soft-measures/", form)
        page = r.content.decode()
        assert r.status_code == 200 and "日期不能晚于今天" in page
        assert 'value="兴旺小吃店"' in page and "劝离占道经营</textarea>" in page and 'value="2025-07-11"' in page
        assert not SoftMeasure.objects.exists()
        r = officer.post("/campaigns/soft-measures/", {**form, "taken_on": "2025-07-10"})
        assert r.status_code == 302 and SoftMeasure.objects.get().get_kind_display() == "说服教育"
        assert "兴旺小吃店" in officer.get("/campaigns/soft-measures/").content.decode()


@pytest.mark.parametrize(
    "url",
    ["/campaigns/", "/campaigns/soft-measures/", "/campaigns/999999/", "/waste/", "/waste/permits/", "/waste/checks/"],
)
def test_a_supervisor_reads_the_pages_without_forms(bureau, make_user, url: str) -> None:
    from fazhi.accounts.models import Role

    supervisor = _client(make_user(bureau.justice, Role.SUPERVISOR))
    r = supervisor.get(url)
    assert r.status_code == (404 if "999999" in url else 200)
    assert '<form method="post" class="stacked">' not in r.content.decode()
