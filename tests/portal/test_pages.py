"""The public pages: no login, what is public and nothing else, the one "not found" for every hidden record."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from fazhi.agencies.models import Certificate
from fazhi.core.models import AuditEvent
from fazhi.portal import services
from fazhi.portal.models import TypicalCase
from fazhi.powers.models import RuleSet
from fazhi.publicity.services import publication_withdraw
from tests.portal.test_search import FACTS

NOT_FOUND = "未找到该公开信息：它不存在、尚未公开或已过公开期限。"


def _get(path: str, **params: str):  # type: ignore[no-untyped-def]
    return Client().get(path, params)


def test_every_portal_page_answers_without_login(power_list, publish_decision) -> None:
    p = publish_decision(number="页面第1号", fine="50000", published_on=date(2025, 10, 9), facts=FACTS)
    item = power_list.items.first()
    for path in (
        "/public/",
        "/public/search/",
        "/public/powers/",
        f"/public/powers/{power_list.pk}/",
        f"/public/powers/items/{item.pk}/",
        "/public/officers/",
        "/public/decisions/",
        f"/public/decisions/{p.pk}/",
        "/public/decisions/withdrawn/",
        "/public/typical-cases/",
        "/public/figures/",
        "/public/complaints/",
        "/public/complaints/track/",
    ):
        response = _get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert "11010519491231002X" not in html and "13812345678" not in html, path


def test_the_old_public_list_redirects_with_its_query(db) -> None:
    response = _get("/publicity/public/", q="第12号")
    assert response.status_code == 301 and response["Location"] == "/public/decisions/?q=%E7%AC%AC12%E5%8F%B7"


def test_the_power_item_shows_its_discretion_tiers_and_exemptions(power_list) -> None:
    item = next(i for i in power_list.items.all() if i.discretion_rules.exists())
    html = _get(f"/public/powers/items/{item.pk}/").content.decode()
    assert item.name in html and "裁量基准" in html
    assert item.discretion_rules.first().get_tier_display() in html
    assert power_list.version_label in _get("/public/powers/").content.decode()


def test_officers_show_name_unit_certificate_and_validity_only(make_officer, bureau) -> None:
    from fazhi.agencies.models import Officer

    shown = make_officer(bureau.squad, "王公开")
    Officer.objects.filter(pk=shown.pk).update(resident_id="430281199001011234", phone="13900001111")
    make_officer(bureau.squad, "赵过期", valid_from=date(2015, 1, 1), valid_until=date(2020, 12, 31))
    html = _get("/public/officers/").content.decode()
    cert = Certificate.objects.get(officer=shown)
    assert "王公开" in html and "城东中队" in html and cert.number in html and "2030-12-31" in html
    assert "赵过期" not in html
    assert "430281199001011234" not in html and "13900001111" not in html


def test_a_typical_case_is_published_by_another_and_shown_masked(closed_case, officer_user, reviewer, head) -> None:
    tc = services.typical_case_create(
        actor=reviewer,
        case_id=closed_case.pk,
        title="店外占道经营被责令改正",
        facts="张某（身份证号11010519491231002X，电话13812345678）在店外占道经营。",
        lesson="占道经营影响通行，依法应予处罚。",
    )
    assert _get(f"/public/typical-cases/{tc.pk}/").status_code == 404  # a draft is not public
    with pytest.raises(services.PermissionDenied):
        services.typical_case_publish(actor=officer_user, typical_case_id=tc.pk)
    with pytest.raises(services.RuleViolation, match="撰写人以外"):
        services.typical_case_publish(actor=reviewer, typical_case_id=tc.pk)
    services.typical_case_publish(actor=head, typical_case_id=tc.pk)
    html = _get(f"/public/typical-cases/{tc.pk}/").content.decode()
    assert "店外占道经营被责令改正" in html and "110105********002X" in html and "138****5678" in html
    assert "11010519491231002X" not in html and "13812345678" not in html
    services.typical_case_withdraw(actor=reviewer, typical_case_id=tc.pk, reason="当事人已提起诉讼")
    assert _get(f"/public/typical-cases/{tc.pk}/").status_code == 404
    actions = list(
        AuditEvent.objects.filter(entity_type="portal.typicalcase", entity_id=str(tc.pk)).values_list(
            "action", flat=True
        )
    )
    assert actions == ["portal.typical_case_create", "portal.typical_case_publish", "portal.typical_case_withdraw"]


def test_a_typical_case_of_an_open_case_or_naming_the_party_is_refused(open_case, closed_case, officer_user) -> None:
    case = open_case(act_date=date(2025, 9, 1), discovered_on=date(2025, 9, 1))
    with pytest.raises(services.ValidationError, match="尚未结案"):
        services.typical_case_create(actor=officer_user, case_id=case.pk, title="标题", facts="案情", lesson="说理")
    with pytest.raises(services.ValidationError, match="当事人的姓名"):
        services.typical_case_create(
            actor=officer_user, case_id=closed_case.pk, title="标题", facts="张三在店外经营", lesson="说理"
        )
    assert not TypicalCase.objects.exists()


def test_the_year_figures_are_published_by_the_head_and_frozen(head, bureau, publish_decision) -> None:
    from fazhi.portal.published import PUBLIC_FIGURE_KEYS
    from fazhi.reports.selectors import annual_figures

    assert set(PUBLIC_FIGURE_KEYS) <= set(annual_figures(agency=bureau.bureau, year=2024))
    with pytest.raises(services.RuleViolation, match="尚未结束"):
        services.figures_publish(actor=head, agency=bureau.bureau, year=2025)
    first = services.figures_publish(actor=head, agency=bureau.bureau, year=2024)
    assert set(first.figures) == set(PUBLIC_FIGURE_KEYS)
    html = _get(f"/public/figures/{first.pk}/").content.decode()
    assert "2024年行政执法数据" in html and "行政处罚案件（件）" in html
    second = services.figures_publish(actor=head, agency=bureau.bureau, year=2024)
    assert _get(f"/public/figures/{first.pk}/").status_code == 404  # superseded by the correction
    assert _get(f"/public/figures/{second.pk}/").status_code == 200


def test_every_portal_url_answers_the_same_not_found_for_every_hidden_id(  # noqa: PLR0917
    power_list, publish_decision, clerk, closed_case, officer_user, reviewer, head, bureau, desk
) -> None:
    pending = publish_decision(number="待公示第1号", fine="50000", facts=FACTS)
    withdrawn = publish_decision(number="已撤回第2号", fine="50000", published_on=date(2025, 10, 9), facts=FACTS)
    publication_withdraw(actor=clerk, publication=withdrawn, reason="撤销", changed_on=date(2025, 10, 10))
    expired = publish_decision(
        number="已期满第3号", fine="500", decided_on=date(2025, 6, 2), published_on=date(2025, 6, 5), facts=FACTS
    )
    assert expired.publish_until < date(2025, 11, 3)
    draft_set = RuleSet.objects.create(
        owner=bureau.bureau, version_label="草稿", effective_from=date(2025, 1, 1), imported_by=bureau.admin
    )
    future_set = RuleSet.objects.create(
        owner=bureau.bureau,
        version_label="2026版",
        effective_from=date(2026, 6, 1),
        status="active",
        imported_by=bureau.admin,
    )
    draft_tc = services.typical_case_create(
        actor=officer_user, case_id=closed_case.pk, title="草稿案例", facts="某某占道经营", lesson="说理"
    )
    superseded = services.figures_publish(actor=head, agency=bureau.bureau, year=2024)
    services.figures_publish(actor=head, agency=bureau.bureau, year=2024)
    foreign = closed_case.pk  # a case's id: not a record of any of these kinds, unless the numbers happen to meet
    hidden = {
        "/public/decisions/{}/": [pending.pk, withdrawn.pk, expired.pk],
        "/public/powers/{}/": [draft_set.pk, future_set.pk],
        "/public/powers/items/{}/": [],
        "/public/typical-cases/{}/": [draft_tc.pk],
        "/public/figures/{}/": [superseded.pk],
    }
    junk = ["999999999", "0", "-1", "abc", "1e3"]
    bodies = set()
    for pattern, ids in hidden.items():
        for value in [*ids, *junk, foreign + 10_000]:
            response = _get(pattern.format(value))
            assert response.status_code == 404, (pattern, value)
            html = response.content.decode()
            assert NOT_FOUND in html
            bodies.add(html)
    # 群众诉求: a wrong receipt code, or any id of the complaint that is not its code, is the same page.
    from tests.complaints.test_public_complaints import submit

    receipt, code = submit(desk, bureau)
    for value in ["AAAA-AAAA-AAAA", str(receipt.complaint_id), receipt.token, receipt.code_hash, *junk]:
        for action in ("", "rate", "reopen"):
            response = Client().post("/public/complaints/track/", {"code": value, "action": action})
            assert response.status_code == 404, ("/public/complaints/track/", value)
            bodies.add(response.content.decode())
    assert Client().post("/public/complaints/track/", {"code": code}).status_code == 200
    assert len(bodies) == 1  # the same page whatever was asked
    for value in ["１２", "²", "9" * 40]:  # refused before the portal by the site's middleware, still a 4xx
        assert 400 <= _get(f"/public/decisions/{value}/").status_code < 500


def test_beyond_the_rate_a_client_gets_a_chinese_429(settings, db) -> None:
    from django.core.cache import cache

    cache.clear()
    settings.FAZHI_PORTAL_RATE = "3/m"
    codes = [_get("/public/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert "访问过于频繁" in _get("/public/officers/").content.decode()
    cache.clear()


def test_the_staff_page_writes_publishes_and_keeps_a_refused_input(closed_case, reviewer, head, supervisor) -> None:
    writer = Client()
    writer.force_login(reviewer)
    assert writer.get("/publishing/").status_code == 200
    refused = writer.post(
        "/publishing/typical-cases/new/",
        {"case": str(closed_case.pk), "title": "张三占道经营", "facts": "张三在店外经营", "lesson": "说理"},
    )
    html = refused.content.decode()
    assert refused.status_code == 400 and "当事人的姓名" in html and "张三在店外经营" in html  # the input is kept
    done = writer.post(
        "/publishing/typical-cases/new/",
        {"case": str(closed_case.pk), "title": "店外经营被处罚", "facts": "张某在店外经营", "lesson": "说理"},
    )
    assert done.status_code == 302
    tc = TypicalCase.objects.get()
    approver = Client()
    approver.force_login(head)
    assert approver.post(f"/publishing/typical-cases/{tc.pk}/publish/").status_code == 302
    assert _get(f"/public/typical-cases/{tc.pk}/").status_code == 200
    assert approver.post(f"/publishing/typical-cases/{tc.pk}/explode/").status_code == 400
    assert approver.post("/publishing/figures/publish/", {"year": "abc"}).status_code == 400
    assert approver.post("/publishing/figures/publish/", {"year": "2024"}).status_code == 302
    reader = Client()
    reader.force_login(supervisor)  # the justice bureau reads, and sees no form
    page = reader.get("/publishing/").content.decode()
    assert "撰写典型案例" not in page and "审核发布" not in page


def test_a_typical_case_published_by_sql_is_found_by_the_audit(closed_case, reviewer) -> None:
    from fazhi.core.audit import audit_verify
    from tests.core.audit_tampering import behind_the_back

    tc = services.typical_case_create(
        actor=reviewer, case_id=closed_case.pk, title="案例", facts="某某占道经营", lesson="说理"
    )
    # (the fixture closed its case by SQL too: that break is the case's, this test looks for the typical case's)
    with behind_the_back() as cursor:
        cursor.execute(f"UPDATE {TypicalCase._meta.db_table} SET status = 'published' WHERE id = %s", [tc.pk])
    reasons = [str(b) for b in audit_verify().breaks]
    assert any(f"portal.typicalcase#{tc.pk}" in r and "status现为“published”" in r for r in reasons), reasons
