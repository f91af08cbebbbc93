"""案卷评查: the draw is reproducible from its seed; a handler may not review his own case; grades and results."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fazhi.accounts.models import Role
from fazhi.cases.models import Case, CaseHandler, CaseState
from fazhi.core.errors import RuleViolation
from fazhi.supervision.file_review import (
    checklist_create,
    draw_pick,
    file_review_draw,
    file_review_draw_verify,
    file_review_record,
    file_review_results,
)
from fazhi.supervision.models import Grade
from tests.cases.flow import registered_case, travel


def _closed_cases(monkeypatch, bureau, cast, n: int) -> list[Case]:  # type: ignore[no-untyped-def]
    first = registered_case(monkeypatch, bureau, cast, is_major=False)
    cases = [first]
    for i in range(1, n):
        data = {f.attname: getattr(first, f.attname) for f in Case._meta.concrete_fields if f.attname != "id"}
        data["lead_number"] = f"{first.lead_number}-{i}"
        cases.append(Case.objects.create(**data))
        for h in first.handlers.all():
            CaseHandler.objects.create(
                case=cases[-1], officer=h.officer, assigned_on=h.assigned_on, certificate=h.certificate
            )
    Case.objects.filter(pk__in=[c.pk for c in cases]).update(state=CaseState.CLOSED, closed_on=date(2025, 6, 10))
    return [Case.objects.get(pk=c.pk) for c in cases]


def test_the_draw_is_reproducible_from_its_recorded_seed(monkeypatch, bureau, cast) -> None:
    cases = _closed_cases(monkeypatch, bureau, cast, 12)
    travel(monkeypatch, date(2025, 7, 1))
    draw = file_review_draw(
        actor=cast.reviewer,
        agency=bureau.bureau,
        period_start=date(2025, 6, 1),
        period_end=date(2025, 6, 30),
        share=Decimal("0.25"),
        seed="2025Q2-示城管",
    )
    assert draw.candidate_ids == sorted(c.pk for c in cases)
    assert len(draw.case_ids) == 3  # ceil(12 × 25%)
    assert file_review_draw_verify(draw=draw)
    assert draw_pick(draw.candidate_ids, Decimal("0.25"), "2025Q2-示城管") == draw.case_ids
    assert draw_pick(draw.candidate_ids, Decimal("0.25"), "another seed") != draw.case_ids or len(cases) < 4


def test_a_handler_of_the_case_may_not_review_its_file(monkeypatch, bureau, cast, make_user) -> None:
    case = _closed_cases(monkeypatch, bureau, cast, 1)[0]
    checklist = checklist_create(actor=cast.reviewer, name="默认评查标准")
    scores = {i.pk: i.max_score for i in checklist.items.all()}
    from fazhi.accounts.models import RoleGrant, User

    RoleGrant.objects.create(user=cast.handler1, role=Role.LEGAL_REVIEWER)  # a handler who is also a reviewer
    handler_reviewer = User.objects.get(pk=cast.handler1.pk)
    with pytest.raises(RuleViolation, match="评查人员不得是本案承办人"):
        file_review_record(actor=handler_reviewer, case=case, scores=scores)
    review = file_review_record(actor=cast.reviewer, case=case, scores=scores, exemplary=True)
    assert review.total == Decimal("100") and review.grade == Grade.EXCELLENT


def test_scores_give_grades_and_results_per_unit(monkeypatch, bureau, cast, make_user) -> None:
    cases = _closed_cases(monkeypatch, bureau, cast, 2)
    checklist = checklist_create(actor=cast.reviewer, name="默认评查标准")
    items = list(checklist.items.all())
    travel(monkeypatch, date(2025, 7, 2))
    file_review_record(actor=cast.reviewer, case=cases[0], scores={i.pk: i.max_score * Decimal("0.7") for i in items})
    poor = file_review_record(
        actor=cast.reviewer, case=cases[1], scores={i.pk: i.max_score / 2 for i in items}, poor=True
    )
    assert poor.grade == Grade.FAIL
    results = file_review_results(agency=bureau.bureau, start=date(2025, 7, 1), end=date(2025, 7, 31))
    assert len(results) == 1
    unit = results[0]
    assert (unit.agency_name, unit.reviewed, unit.passed, unit.failed, unit.poor) == ("城东中队", 2, 1, 1, 1)
    assert unit.average_percent == Decimal("60.0")
