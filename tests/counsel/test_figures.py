"""The annual figures of counsel, from records made through the services, at the year's edges (31 December of the
year before and 1 January of the year after are outside), with and without the subordinate units."""

from __future__ import annotations

from datetime import date
from typing import Any

from fazhi.accounts.models import Role
from fazhi.core.figures import Rate, figure_json
from fazhi.counsel import services
from fazhi.counsel.figures import KEYS, annual_figures
from fazhi.legal_affairs import services as la
from tests.cases.flow import travel

START, END = date(2025, 1, 1), date(2025, 12, 31)


def _figures(agency: Any, *, include_subordinates: bool = True) -> dict[str, Any]:
    return annual_figures(agency=agency, include_subordinates=include_subordinates, start=START, end=END, today=END)


def _decision(actor: Any, agency: Any, title: str, decided_on: date) -> Any:
    from fazhi.legal_affairs.models import MajorPolicyDecision

    steps = {name: True for name, _ in MajorPolicyDecision.STEPS}
    item = la.major_policy_decision_create(actor=actor, agency=agency, title=title, **steps)
    return la.major_policy_decision_adopt(actor=actor, decision=item, decided_on=decided_on)


def test_a_year_with_nothing_recorded_counts_zero_and_has_no_rate_and_no_statement(bureau) -> None:
    figures = _figures(bureau.bureau)
    assert set(figures) == set(KEYS)
    assert {k: figure_json(v) for k, v in figures.items()} == {
        "legal_adviser.contracts": 0,
        "legal_adviser.opinions": 0,
        "legal_adviser.litigation": 0,
        "legal_adviser.major_review_rate": None,
        "legal_review.accompanied": 0,
        "case_consultations.count": 0,
        "duties.meetings": 0,
        "duties.statement": None,
        "delegation.reviews_for_townships": 0,
    }


def test_the_figures_of_a_year_count_its_records_and_leave_out_those_just_outside(  # noqa: PLR0917
    monkeypatch, bureau, make_user, case, cast, township_case
) -> None:
    travel(monkeypatch, date(2026, 6, 1))
    clerk = make_user(bureau.bureau, Role.CLERK)
    reviewer = cast.reviewer
    adviser = services.adviser_create(
        actor=clerk,
        agency=bureau.bureau,
        kind="counsel",
        name="王律师",
        firm="所",
        term_from=date(2024, 1, 1),
        term_until=date(2026, 12, 31),
    )
    lawyer = services.adviser_create(
        actor=clerk, agency=bureau.bureau, kind="public_lawyer", name="李明", firm="法制科", term_from=date(2024, 1, 1)
    )

    # 合同: two contracts in the year (one of them with both advisers: counted once), one on 2024-12-31
    contracts = [
        la.contract_review_create(actor=clerk, agency=bureau.bureau, title=f"合同{i}", received_on=date(2024, 12, 1))
        for i in range(3)
    ]
    services.adviser_participation_create(actor=clerk, adviser=adviser, target=contracts[0], on=date(2025, 1, 1))
    services.adviser_participation_create(actor=clerk, adviser=lawyer, target=contracts[0], on=date(2025, 2, 1))
    services.adviser_participation_create(actor=clerk, adviser=adviser, target=contracts[1], on=date(2025, 12, 31))
    services.adviser_participation_create(actor=clerk, adviser=adviser, target=contracts[2], on=date(2024, 12, 31))

    # 意见书: one in the year, one on 2026-01-01
    services.legal_opinion_create(actor=clerk, adviser=adviser, issued_on=date(2025, 6, 1), subject="意见一")
    services.legal_opinion_create(actor=clerk, adviser=adviser, issued_on=date(2026, 1, 1), subject="意见二")

    # 诉讼: one participated in the year
    suit = la.litigation_register(
        actor=clerk, agency=bureau.bureau, plaintiff="甲", cause="不服", filed_on=date(2025, 3, 1), court="法院"
    )
    services.adviser_participation_create(actor=clerk, adviser=lawyer, target=suit, on=date(2025, 3, 2))

    # 重大行政决策 adopted in the year: 3, of which 2 with an adviser (one advised in 2024); one adopted in 2026
    decisions = [_decision(clerk, bureau.bureau, f"决策{i}", date(2025, 1 + i, 1)) for i in range(3)]
    later = _decision(clerk, bureau.bureau, "次年决策", date(2026, 1, 1))
    services.adviser_participation_create(actor=clerk, adviser=lawyer, target=decisions[0], on=date(2024, 12, 1))
    services.adviser_participation_create(actor=clerk, adviser=lawyer, target=decisions[1], on=date(2025, 2, 1))
    services.adviser_participation_create(actor=clerk, adviser=lawyer, target=later, on=date(2025, 12, 1))

    # 跟案: one case (two legal officers: counted once)
    second = make_user(bureau.bureau, Role.LEGAL_REVIEWER)
    services.case_accompaniment_create(actor=clerk, case=case, legal_officer=reviewer, started_on=date(2025, 3, 3))
    services.case_accompaniment_create(actor=clerk, case=case, legal_officer=second, started_on=date(2025, 3, 4))

    # 会商: one in the year at the squad (a subordinate unit), one on 2026-01-01 at the bureau
    squad_clerk = make_user(bureau.squad, Role.CLERK)
    common = {"subject": "会商", "participants": "甲、乙", "conclusions": "同意"}
    services.case_consultation_create(
        actor=squad_clerk, agency=bureau.squad, held_on=date(2025, 5, 1), cases=[case], **common
    )
    services.case_consultation_create(actor=clerk, agency=bureau.bureau, held_on=date(2026, 1, 1), **common)

    # 职责: 2 党组会议 + 1 局长办公会 in the year, a 集体学法 (not a meeting), a 述法; a 党组会议 of 2024
    duty = {"subject": "法治建设", "chaired_by": "周正国", "attendees": "党组成员"}
    for kind, day in (
        ("party_group_meeting", date(2025, 1, 1)),
        ("party_group_meeting", date(2025, 7, 1)),
        ("director_meeting", date(2025, 12, 31)),
        ("group_study", date(2025, 4, 1)),
        ("party_group_meeting", date(2024, 12, 31)),
    ):
        services.duty_record_create(actor=clerk, agency=bureau.bureau, kind=kind, held_on=day, **duty)
    services.duty_record_create(
        actor=clerk,
        agency=bureau.bureau,
        kind="statement",
        held_on=date(2025, 12, 20),
        place="县委依法治县委员会",
        **duty,
    )

    # 乡镇审核: two in the year, one on 2024-12-31 is refused (not yet delegated) so one on 2025-01-01 is counted
    tcase = township_case()
    review = {"actor": reviewer, "agency": bureau.bureau, "township": bureau.township, "reviewer": reviewer}
    services.township_review_create(reviewed_on=date(2025, 3, 20), opinion="agree", case=tcase, **review)
    services.township_review_create(
        reviewed_on=date(2025, 1, 1), opinion="agree", case_number="外部1", item_code="SL-SR-001", **review
    )
    services.township_review_create(
        reviewed_on=date(2026, 1, 1), opinion="agree", case_number="外部2", item_code="SL-SR-001", **review
    )

    figures = _figures(bureau.bureau)
    assert figures["legal_adviser.major_review_rate"] == Rate(2, 3)
    assert {k: figure_json(v) for k, v in figures.items()} == {
        "legal_adviser.contracts": 2,
        "legal_adviser.opinions": 1,
        "legal_adviser.litigation": 1,
        "legal_adviser.major_review_rate": "66.7",
        "legal_review.accompanied": 1,
        "case_consultations.count": 1,
        "duties.meetings": 3,
        "duties.statement": True,
        "delegation.reviews_for_townships": 2,
    }
    own = _figures(bureau.bureau, include_subordinates=False)
    assert own["case_consultations.count"] == 0  # the squad's meeting is not the bureau's own
    assert own["legal_review.accompanied"] == 0  # the case is the squad's
    assert own["duties.meetings"] == 3
    squad = _figures(bureau.squad)
    assert squad["case_consultations.count"] == 1 and squad["legal_review.accompanied"] == 1
    assert squad["duties.statement"] is None and squad["legal_adviser.major_review_rate"] == Rate(0, 0)


def test_the_figures_api_answers_the_json_forms(bureau, make_user) -> None:
    from django.test import Client

    clerk = make_user(bureau.bureau, Role.CLERK)
    services.duty_record_create(
        actor=clerk,
        agency=bureau.bureau,
        kind="statement",
        held_on=date(2025, 12, 20),
        subject="述法",
        chaired_by="周",
        place="会",
    )
    client = Client()
    client.force_login(clerk)
    response = client.get(f"/api/counsel/figures?agency_id={bureau.bureau.pk}&start=2025-01-01&end=2025-12-31")
    assert response.status_code == 200
    assert response.json()["duties.statement"] is True and response.json()["legal_adviser.major_review_rate"] is None
    assert client.get("/api/counsel/figures?agency_id=999999&start=2025-01-01&end=2025-12-31").status_code == 404
