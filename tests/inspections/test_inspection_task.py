"""检查任务: two officers with certificates valid on the day; repeated inspections of a target are listed."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.accounts.models import Role
from fazhi.core.errors import RuleViolation, ValidationError
from fazhi.inspections.models import InspectionResult, InspectionTask
from fazhi.inspections.selectors import inspection_figures, same_target_within
from fazhi.inspections.services import inspection_record_result, inspection_target_create, inspection_task_create
from fazhi.rules import uscc_check_char


@pytest.fixture
def officer_user(bureau, make_user):  # type: ignore[no-untyped-def]
    return make_user(bureau.squad, Role.OFFICER)


@pytest.fixture
def target(bureau, officer_user):  # type: ignore[no-untyped-def]
    body = "91430281MA4L0AB1C"
    return inspection_target_create(
        actor=bureau.admin, agency=bureau.squad, name="某餐馆", uscc=body + uscc_check_char(body), category="餐饮"
    )


def test_an_inspection_by_one_officer_is_refused(bureau, officer_user, target, make_officer) -> None:
    with pytest.raises(RuleViolation, match="不得少于两人"):
        inspection_task_create(
            actor=officer_user,
            agency=bureau.squad,
            target=target,
            officers=[make_officer()],
            inspected_on=date(2025, 5, 6),
        )
    assert not InspectionTask.objects.exists()


def test_an_inspection_with_an_expired_certificate_is_refused(bureau, officer_user, target, make_officer) -> None:
    fresh = make_officer(name="张伟")
    expired = make_officer(name="李强", valid_until=date(2025, 5, 5))
    with pytest.raises(RuleViolation, match=r"李强.*已于2025年05月05日到期"):
        inspection_task_create(
            actor=officer_user,
            agency=bureau.squad,
            target=target,
            officers=[fresh, expired],
            inspected_on=date(2025, 5, 6),
        )
    assert not InspectionTask.objects.exists()


def test_an_invalid_uscc_of_a_target_is_refused(bureau) -> None:
    with pytest.raises(ValidationError, match="校验不通过"):
        inspection_target_create(actor=bureau.admin, agency=bureau.squad, name="某公司", uscc="91430281MA4L0XXX0X")


def test_repeated_inspections_of_a_target_within_sixty_days_are_listed(
    bureau, officer_user, target, make_officer
) -> None:
    pair = [make_officer(name="甲"), make_officer(name="乙")]
    first = inspection_task_create(
        actor=officer_user,
        agency=bureau.squad,
        target=target,
        officers=pair,
        inspected_on=date(2025, 3, 1),
        result=InspectionResult.COMPLIANT,
    )
    second = inspection_task_create(
        actor=officer_user,
        agency=bureau.squad,
        target=target,
        officers=pair,
        inspected_on=date(2025, 4, 30),
        result=InspectionResult.NONCOMPLIANT,
        is_joint=True,
        joint_agencies="市场监管局、生态环境分局",
    )
    inspection_task_create(
        actor=officer_user, agency=bureau.squad, target=target, officers=pair, inspected_on=date(2025, 7, 1)
    )
    assert list(same_target_within(target=target, on=second.inspected_on, exclude=second)) == [first]
    assert list(same_target_within(target=target, on=date(2025, 5, 1), days=0)) == []
    figures = inspection_figures(agency=bureau.bureau, start=date(2025, 1, 1), end=date(2025, 12, 31))
    assert figures["inspections"] == 3 and figures["joint"] == 1 and figures["random"] == 0
    assert figures["problems"] == 1


def test_a_result_is_recorded_once_with_officers_valid_on_the_day(bureau, officer_user, target, make_officer) -> None:
    pair = [make_officer(name="甲"), make_officer(name="乙", valid_until=date(2025, 6, 30))]
    task = inspection_task_create(
        actor=officer_user, agency=bureau.squad, target=target, officers=pair, inspected_on=date(2025, 6, 1)
    )
    with pytest.raises(RuleViolation, match="到期"):
        inspection_record_result(
            actor=officer_user, task=task, inspected_on=date(2025, 7, 2), result=InspectionResult.COMPLIANT
        )
    inspection_record_result(
        actor=officer_user, task=task, inspected_on=date(2025, 6, 2), result=InspectionResult.CORRECTED, findings="油烟"
    )
    with pytest.raises(RuleViolation, match="不能重复登记"):
        inspection_record_result(
            actor=officer_user, task=task, inspected_on=date(2025, 6, 3), result=InspectionResult.COMPLIANT
        )
