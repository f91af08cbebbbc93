"""法律顾问、公职律师 and their participation and 法律意见书: through the services, the API and the pages; refused
outside the adviser's term (the last day of the term passes, the day after is refused) with nothing saved."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from fazhi.accounts.models import Role
from fazhi.core.errors import PermissionDenied, RuleViolation, ValidationError
from fazhi.core.models import AuditEvent
from fazhi.counsel import services
from fazhi.counsel.models import AdviserParticipation, LegalAdviser, LegalOpinion, ParticipationKind
from fazhi.legal_affairs import services as la


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def reviewer(bureau, make_user):  # type: ignore[no-untyped-def]
    return make_user(bureau.bureau, Role.LEGAL_REVIEWER)


@pytest.fixture
def adviser(bureau, reviewer):  # type: ignore[no-untyped-def]
    return services.adviser_create(
        actor=reviewer,
        agency=bureau.bureau,
        kind="counsel",
        name="王律师",
        firm="湖南示范律师事务所",
        licence_number="14302201810123456",
        term_from=date(2025, 1, 1),
        term_until=date(2025, 12, 31),
    )


def test_an_adviser_is_registered_with_an_audit_event(adviser) -> None:
    assert adviser.get_kind_display() == "外聘法律顾问"
    event = AuditEvent.objects.get(entity_type="counsel.legaladviser", entity_id=str(adviser.pk))
    assert event.action == "legal_adviser.create" and "王律师" in event.summary


def test_an_adviser_whose_term_ends_before_it_starts_is_refused(bureau, reviewer) -> None:
    with pytest.raises(ValidationError, match="聘期止"):
        services.adviser_create(
            actor=reviewer,
            agency=bureau.bureau,
            kind="public_lawyer",
            name="李明",
            firm="示范市城市管理和综合执法局",
            term_from=date(2025, 6, 1),
            term_until=date(2025, 5, 31),
        )
    assert not LegalAdviser.objects.exists()


def test_an_officer_without_a_legal_role_may_not_register_an_adviser(bureau, make_user) -> None:
    with pytest.raises(PermissionDenied):
        services.adviser_create(
            actor=make_user(bureau.squad, Role.OFFICER),
            agency=bureau.squad,
            kind="counsel",
            name="王律师",
            firm="所",
            term_from=date(2025, 1, 1),
        )
    assert not LegalAdviser.objects.exists()


def test_the_last_day_of_the_term_passes_and_the_day_after_is_refused(bureau, reviewer, adviser) -> None:
    contract = la.contract_review_create(
        actor=reviewer, agency=bureau.bureau, title="环卫保洁服务合同", received_on=date(2025, 12, 20)
    )
    with pytest.raises(RuleViolation, match="不在王律师的聘期"):
        services.adviser_participation_create(actor=reviewer, adviser=adviser, target=contract, on=date(2026, 1, 1))
    with pytest.raises(RuleViolation, match="聘期"):
        services.legal_opinion_create(actor=reviewer, adviser=adviser, issued_on=date(2026, 1, 1), subject="合同")
    with pytest.raises(RuleViolation, match="聘期"):
        services.legal_opinion_create(actor=reviewer, adviser=adviser, issued_on=date(2024, 12, 31), subject="合同")
    assert not AdviserParticipation.objects.exists() and not LegalOpinion.objects.exists()
    item = services.adviser_participation_create(
        actor=reviewer, adviser=adviser, target=contract, on=date(2025, 12, 31)
    )
    assert item.kind == ParticipationKind.CONTRACT_REVIEW and item.target == contract
    opinion = services.legal_opinion_create(
        actor=reviewer, adviser=adviser, issued_on=date(2025, 12, 31), subject="环卫保洁服务合同"
    )
    assert opinion.adviser == adviser


def test_a_record_outside_the_advisers_agency_is_refused(bureau, make_user, adviser) -> None:
    township_clerk = make_user(bureau.township, Role.CLERK)
    township_adviser = services.adviser_create(
        actor=township_clerk,
        agency=bureau.township,
        kind="counsel",
        name="赵律师",
        firm="所",
        term_from=date(2025, 1, 1),
    )
    contract = la.contract_review_create(
        actor=make_user(bureau.bureau, Role.CLERK), agency=bureau.bureau, title="局的合同", received_on=date(2025, 3, 1)
    )
    with pytest.raises(ValidationError, match="不属于"):
        services.adviser_participation_create(
            actor=make_user(bureau.bureau, Role.HEAD), adviser=township_adviser, target=contract, on=date(2025, 3, 2)
        )
    assert not AdviserParticipation.objects.exists()


def test_the_same_participation_twice_is_refused(bureau, reviewer, adviser) -> None:
    suit = la.litigation_register(
        actor=reviewer,
        agency=bureau.bureau,
        plaintiff="李四",
        cause="不服罚款",
        filed_on=date(2025, 3, 1),
        court="示范市人民法院",
    )
    services.adviser_participation_create(actor=reviewer, adviser=adviser, target=suit, on=date(2025, 3, 5))
    with pytest.raises(ValidationError, match="已登记"):
        services.adviser_participation_create(actor=reviewer, adviser=adviser, target=suit, on=date(2025, 3, 6))
    assert AdviserParticipation.objects.count() == 1


def test_each_kind_of_participation_is_registered_through_the_api(bureau, reviewer, adviser, reviewed_case) -> None:
    from fazhi.cases.models import LegalReview

    client = _client(reviewer)
    decision = la.major_policy_decision_create(actor=reviewer, agency=bureau.bureau, title="城区占道经营疏导点设置")
    suit = la.litigation_register(
        actor=reviewer, agency=bureau.bureau, plaintiff="李四", cause="不服", filed_on=date(2025, 3, 1), court="法院"
    )
    contract = la.contract_review_create(
        actor=reviewer, agency=bureau.bureau, title="合同", received_on=date(2025, 3, 1)
    )
    review = LegalReview.objects.get(case=reviewed_case)
    for kind, target in (
        ("legal_review", review),
        ("major_decision", decision),
        ("litigation", suit),
        ("contract_review", contract),
    ):
        response = client.post(
            "/api/counsel/participations",
            {"adviser_id": adviser.pk, "kind": kind, "target_id": target.pk, "on": "2025-03-12", "note": "出具意见"},
            content_type="application/json",
        )
        assert response.status_code == 201, response.content
        assert response.json()["kind"] == kind and response.json()[kind] == target.pk
    listed = client.get("/api/counsel/participations").json()
    assert sorted(p["kind"] for p in listed) == sorted(
        ["legal_review", "major_decision", "litigation", "contract_review"]
    )
    one = client.get(f"/api/counsel/participations/{listed[0]['id']}")
    assert one.status_code == 200


def test_the_api_registers_an_adviser_and_refuses_an_opinion_outside_his_term(bureau, reviewer) -> None:
    client = _client(reviewer)
    response = client.post(
        "/api/counsel/advisers",
        {
            "agency_id": bureau.bureau.pk,
            "kind": "public_lawyer",
            "name": "李明",
            "firm": "示范市城市管理和综合执法局法制科",
            "licence_number": "G0001",
            "term_from": "2025-01-01",
            "term_until": "2025-06-30",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    adviser_id = response.json()["id"]
    assert client.get(f"/api/counsel/advisers/{adviser_id}").json()["name"] == "李明"
    refused = client.post(
        "/api/counsel/opinions",
        {"adviser_id": adviser_id, "issued_on": "2025-07-01", "subject": "执法文书格式"},
        content_type="application/json",
    )
    assert refused.status_code == 409 and "聘期" in refused.json()["message"]
    assert not LegalOpinion.objects.exists()
    ok = client.post(
        "/api/counsel/opinions",
        {"adviser_id": adviser_id, "issued_on": "2025-06-30", "subject": "执法文书格式", "link": "法意〔2025〕1号"},
        content_type="application/json",
    )
    assert ok.status_code == 201 and ok.json()["link"] == "法意〔2025〕1号"
    assert client.get(f"/api/counsel/opinions/{ok.json()['id']}").status_code == 200


def test_a_participation_of_an_unknown_kind_is_refused_by_the_api(reviewer, adviser) -> None:
    response = _client(reviewer).post(
        "/api/counsel/participations",
        {"adviser_id": adviser.pk, "kind": "banquet", "target_id": 1, "on": "2025-03-01"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "参与的事项" in response.json()["message"]


def test_an_adviser_of_another_unit_is_not_found(bureau, make_user, adviser) -> None:
    squad_clerk = make_user(bureau.township, Role.CLERK)
    response = _client(squad_clerk).get(f"/api/counsel/advisers/{adviser.pk}")
    assert response.status_code == 404
    missing = _client(squad_clerk).get("/api/counsel/advisers/999999")
    assert missing.json()["message"] == response.json()["message"]


def test_a_supervisor_reads_but_may_not_register(bureau, make_user, adviser) -> None:
    client = _client(make_user(bureau.justice, Role.SUPERVISOR))
    assert [a["id"] for a in client.get("/api/counsel/advisers").json()] == [adviser.pk]
    response = client.post(
        "/api/counsel/advisers",
        {"agency_id": bureau.bureau.pk, "kind": "counsel", "name": "甲", "firm": "乙", "term_from": "2025-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 403 and LegalAdviser.objects.count() == 1


def test_the_pages_register_an_adviser_a_participation_and_an_opinion(bureau, reviewer) -> None:
    client = _client(reviewer)
    response = client.post(
        "/counsel/advisers/",
        {
            "agency": bureau.bureau.pk,
            "kind": "counsel",
            "name": "王律师",
            "firm": "湖南示范律师事务所",
            "term_from": "2025-01-01",
            "term_until": "2025-12-31",
        },
    )
    assert response.status_code == 302
    adviser = LegalAdviser.objects.get()
    contract = la.contract_review_create(
        actor=reviewer, agency=bureau.bureau, title="采购合同", received_on=date(2025, 3, 1)
    )
    page = client.get("/counsel/participations/")
    assert f'value="contract_review:{contract.pk}"' in page.content.decode()
    response = client.post(
        "/counsel/participations/",
        {"adviser": adviser.pk, "target": f"contract_review:{contract.pk}", "on": "2025-03-02"},
    )
    assert response.status_code == 302 and AdviserParticipation.objects.get().contract_review == contract
    response = client.post(
        "/counsel/opinions/", {"adviser": adviser.pk, "issued_on": "2025-03-03", "subject": "采购合同"}
    )
    assert response.status_code == 302 and LegalOpinion.objects.get().subject == "采购合同"
    assert "采购合同" in client.get("/counsel/opinions/").content.decode()


def test_an_opinion_dated_after_today_is_refused(reviewer, adviser) -> None:
    from fazhi.core import clock

    with clock.frozen_at(date(2025, 5, 1)):
        with pytest.raises(ValidationError, match="不能晚于今天"):
            services.legal_opinion_create(actor=reviewer, adviser=adviser, issued_on=date(2025, 5, 2), subject="意见")
        services.legal_opinion_create(actor=reviewer, adviser=adviser, issued_on=date(2025, 5, 1), subject="意见")
    assert LegalOpinion.objects.count() == 1


def test_a_refused_opinion_keeps_what_was_typed_on_the_page(bureau, reviewer, adviser) -> None:
    response = _client(reviewer).post(
        "/counsel/opinions/",
        {"adviser": adviser.pk, "issued_on": "2026-02-01", "subject": "关于拆除公告的意见", "summary": "建议补正"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "不在王律师的聘期" in body
    assert 'value="关于拆除公告的意见"' in body and "建议补正</textarea>" in body
    assert f'<option value="{adviser.pk}" selected>' in body
    assert not LegalOpinion.objects.exists()
