"""Rule 9 of issue 7: a 简易程序 decision records that the party was told the facts, reasons and rights and was
heard, or declined (行政处罚法 第四十四条、第四十五条、第六十二条); the 当场处罚决定书 says so, and notes a refusal to
sign (第五十二条)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from fazhi.cases import services
from fazhi.cases.models import Case, Decision, FormStock, Service
from fazhi.core.errors import RuleViolation, ValidationError
from fazhi.core.models import AuditEvent
from tests.cases.flow import make_cast, travel


@pytest.fixture
def cast(bureau, power_list, make_officer, make_user):  # type: ignore[no-untyped-def]
    return make_cast(bureau, make_officer, make_user)


@pytest.fixture
def stock(monkeypatch, bureau, cast) -> None:  # type: ignore[no-untyped-def]
    travel(monkeypatch, date(2025, 3, 3))
    services.form_stock_receive(actor=cast.clerk, agency=bureau.bureau, prefix="示当", first_no=1, last_no=100)


def _decide(bureau, cast, **kw: Any) -> Case:  # type: ignore[no-untyped-def]
    return services.simple_case_decide(
        actor=cast.handler1,
        agency=bureau.squad,
        power_item_code="SL-SR-001",
        party_kind="person",
        party_name="李四",
        act_date=date(2025, 3, 3),
        handlers=cast.officers,
        penalty_kinds=["fine"],
        fine=Decimal("100"),
        facts="随意倾倒生活垃圾",
        location="城东路",
        **kw,
    )


def _world() -> tuple[object, ...]:
    return (
        Case.objects.count(),
        Decision.objects.count(),
        AuditEvent.objects.count(),
        list(FormStock.objects.values_list("next_no", flat=True)),
    )


def _on_spot_text(case: Case) -> tuple[str, bool]:
    from fazhi.documents.context import document_context
    from fazhi.documents.selectors import gather

    today = date(2025, 3, 3)
    records = gather(Case.objects.get(pk=case.pk), today)
    context = document_context(records, kind="simple_decision", number=case.simple_form_number, version=1, today=today)
    return str(context["decision"]["on_spot_text"]), bool(context["decision"]["refused_to_sign"])


def test_an_on_the_spot_decision_without_telling_the_party_is_refused(bureau, cast, stock) -> None:
    before = _world()
    with pytest.raises(RuleViolation, match=r"第四十四条.*第六十二条"):
        _decide(bureau, cast, party_response="declined")
    assert _world() == before


def test_a_statement_must_be_recorded_with_the_officers_review(bureau, cast, stock) -> None:
    before = _world()
    with pytest.raises(ValidationError, match="第四十五条"):
        _decide(bureau, cast, told=True)
    with pytest.raises(ValidationError, match="复核意见"):
        _decide(bureau, cast, told=True, party_response="stated", party_statement="马上清走")
    assert _world() == before


def test_a_heard_party_is_recorded_and_the_form_says_so(bureau, cast, stock) -> None:
    case = _decide(
        bureau,
        cast,
        told=True,
        party_response="stated",
        party_statement="垃圾是临时放置",
        statement_review="现场照片显示已倾倒于绿化带，不予采纳",
    )
    decision = Decision.objects.get(case=case)
    assert decision.told_on_spot and decision.party_response == "stated"
    assert decision.party_statement == "垃圾是临时放置"
    text, refused = _on_spot_text(case)
    assert "当场向当事人告知了拟作出的行政处罚内容及事实、理由、依据" in text
    assert "当事人进行了陈述、申辩：垃圾是临时放置。执法人员经复核：现场照片显示已倾倒于绿化带，不予采纳。" in text
    assert not refused
    assert Service.objects.get(case=case).proof == "当场交付，当事人签收"


def test_a_party_who_declines_and_refuses_to_sign_is_noted_on_the_form(bureau, cast, stock) -> None:
    case = _decide(bureau, cast, told=True, party_response="declined", party_statement="忽略", refused_to_sign=True)
    decision = Decision.objects.get(case=case)
    assert (decision.party_statement, decision.refused_to_sign) == ("", True)
    text, refused = _on_spot_text(case)
    assert text.endswith("当事人明确放弃陈述、申辩的权利。") and refused
    assert Service.objects.get(case=case).proof == "当场交付，当事人拒绝签收，已在决定书上注明"
    event = AuditEvent.objects.filter(entity_id=str(case.pk), action="case.simple_decide").get()
    assert "当事人放弃陈述、申辩" in event.summary and "当事人拒绝签收" in event.summary


def test_the_api_refuses_an_on_the_spot_decision_without_the_notice_and_accepts_it_with(bureau, cast, stock) -> None:
    client = Client()
    client.force_login(cast.handler1)
    payload: dict[str, Any] = {
        "agency_id": bureau.squad.pk,
        "power_item_code": "SL-SR-001",
        "party_kind": "person",
        "party_name": "李四",
        "act_date": "2025-03-03",
        "handler_ids": [o.pk for o in cast.officers],
        "penalty_kinds": ["fine"],
        "fine": "50",
        "facts": "随意倾倒垃圾",
        "location": "城东路",
    }
    before = _world()
    refused = client.post("/api/cases/simple", payload, content_type="application/json")
    assert refused.status_code == 409 and "第四十四条" in refused.json()["message"]
    assert _world() == before
    payload.update(told=True, party_response="declined")
    assert client.post("/api/cases/simple", payload, content_type="application/json").status_code == 201
