"""Results item by item, photos, publication with masking, a finding opening a case lead, the visits figure."""

from __future__ import annotations

import io
from datetime import date, time
from decimal import Decimal

import pytest
from django.test import Client

from fazhi.accounts.models import Role
from fazhi.cases.models import CaseSource
from fazhi.core import clock
from fazhi.core.errors import RuleViolation, ValidationError
from fazhi.inspections.draws import draw_commit, draw_run
from fazhi.inspections.figures import inspection_counts
from fazhi.inspections.models import InspectionTask
from fazhi.inspections.services import (
    inspection_case_open,
    inspection_photo_add,
    inspection_plan_create,
    inspection_record_result,
    inspection_target_create,
    inspection_task_create,
    target_relation_create,
)

DAY = date(2025, 5, 6)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def power_list(bureau):  # type: ignore[no-untyped-def]
    from fazhi.powers.sample import load_sample_power_list

    return load_sample_power_list(actor=bureau.admin, owner=bureau.bureau, effective_from=date(2024, 1, 1))


@pytest.fixture
def clerk(bureau, make_user):  # type: ignore[no-untyped-def]
    return make_user(bureau.bureau, Role.CLERK)


@pytest.fixture
def task(bureau, clerk, make_officer):  # type: ignore[no-untyped-def]
    for i in range(3):
        make_officer(name=f"队员{i}")
    inspection_target_create(actor=clerk, agency=bureau.bureau, name="好味餐饮店", address="示范市城东路18号", uscc="")
    plan = inspection_plan_create(
        actor=clerk,
        agency=bureau.bureau,
        title="餐饮综合查一次",
        year=2025,
        sample_share=Decimal("100"),
        scene="餐饮店一件事",
        joint_agencies="市场监管局、城管局",
        checklist=[("证照公示", "", "市场监管局"), ("油烟净化设施", "", "城管局")],
    )
    with clock.frozen_at(DAY, time(9)):
        draw = draw_commit(actor=clerk, plan=plan)
    with clock.frozen_at(DAY, time(10)):
        draw = draw_run(actor=clerk, draw=draw)
    return draw.tasks.get()


def _answers(task, *outcomes):  # type: ignore[no-untyped-def]
    return [(item, outcome, "") for item, outcome in zip(task.plan.checklist.all(), outcomes, strict=True)]


def test_a_drawn_joint_task_has_the_plans_departments(task) -> None:
    assert task.is_random and task.is_joint and task.joint_agencies == "市场监管局、城管局"


def test_every_checklist_item_must_be_answered(task, clerk) -> None:
    first = task.plan.checklist.first()
    with clock.frozen_at(DAY), pytest.raises(ValidationError, match="2\\.油烟净化设施未登记"):
        inspection_record_result(
            actor=clerk, task=task, inspected_on=DAY, result="compliant", item_results=[(first, "compliant", "")]
        )


def test_a_failed_item_with_a_compliant_result_is_refused(task, clerk) -> None:
    with clock.frozen_at(DAY), pytest.raises(ValidationError, match="不能为“未发现问题”"):
        inspection_record_result(
            actor=clerk,
            task=task,
            inspected_on=DAY,
            result="compliant",
            item_results=_answers(task, "compliant", "noncompliant"),
        )


def test_a_recused_officer_cannot_replace_a_drawn_one(task, clerk, make_officer) -> None:
    related = make_officer(name="亲属")
    target_relation_create(actor=clerk, officer=related, target=task.target, reason="配偶经营")
    officers = [*list(task.officers.all())[:1], related]
    with clock.frozen_at(DAY), pytest.raises(RuleViolation, match="回避"):
        inspection_record_result(
            actor=clerk,
            task=task,
            inspected_on=DAY,
            result="compliant",
            officers=officers,
            item_results=_answers(task, "compliant", "compliant"),
        )


def test_a_result_is_published_masked_and_a_finding_opens_a_case_lead(task, clerk, power_list) -> None:
    with clock.frozen_at(DAY):
        inspection_record_result(
            actor=clerk,
            task=task,
            inspected_on=DAY,
            result="noncompliant",
            findings="油烟净化设施未运行，负责人电话13800138000",
            item_results=_answers(task, "compliant", "noncompliant"),
        )
        case = inspection_case_open(actor=clerk, task=task, power_item_code="SL-ZT-001")
    task.refresh_from_db()
    assert task.published_at is not None and task.case == case
    assert case.source == CaseSource.RANDOM_INSPECTION and case.party.name == "好味餐饮店"
    assert case.discovered_on == DAY and "油烟净化设施未运行" in case.facts
    page = Client().get(f"/public/inspections/draws/{task.draw_id}/").content.decode()
    assert "13800138000" not in page and "油烟净化设施：不符合" in page
    with clock.frozen_at(DAY), pytest.raises(RuleViolation, match="已转为案源"):
        inspection_case_open(actor=clerk, task=task, power_item_code="SL-ZT-001")


def test_a_compliant_task_does_not_open_a_case(task, clerk, power_list) -> None:
    with clock.frozen_at(DAY):
        inspection_record_result(
            actor=clerk,
            task=task,
            inspected_on=DAY,
            result="compliant",
            item_results=_answers(task, "compliant", "compliant"),
        )
        with pytest.raises(RuleViolation, match="发现问题"):
            inspection_case_open(actor=clerk, task=task, power_item_code="SL-ZT-001")


def test_a_photo_is_stored_by_its_hash_and_a_non_image_is_refused(task, clerk, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    item = task.plan.checklist.last()
    with clock.frozen_at(DAY):
        photo = inspection_photo_add(actor=clerk, task=task, content=io.BytesIO(PNG), filename="油烟.png", item=item)
        assert photo.content_type == "image/png" and len(photo.sha256) == 64 and photo.size == len(PNG)
        with pytest.raises(ValidationError, match="只能上传照片"):
            inspection_photo_add(actor=clerk, task=task, content=io.BytesIO(b"hello"), filename="a.txt")


def test_the_visits_per_target_count_distinct_targets_and_visits(bureau, clerk, make_officer) -> None:
    a, b = make_officer(name="甲"), make_officer(name="乙")
    shop = inspection_target_create(actor=clerk, agency=bureau.bureau, name="甲店")
    other = inspection_target_create(actor=clerk, agency=bureau.bureau, name="乙店")
    with clock.frozen_at(date(2025, 12, 31)):
        for day, target in ((date(2025, 1, 1), shop), (date(2025, 6, 1), shop), (date(2025, 12, 31), other)):
            inspection_task_create(
                actor=clerk, agency=bureau.bureau, target=target, officers=[a, b], inspected_on=day, result="compliant"
            )
        inspection_task_create(
            actor=clerk, agency=bureau.bureau, target=other, officers=[a, b], inspected_on=date(2024, 12, 31)
        )
    counts = inspection_counts(
        agency=bureau.bureau, include_subordinates=True, start=date(2025, 1, 1), end=date(2025, 12, 31)
    )
    assert counts.visits == 3 and counts.targets_visited == 2
    assert counts.visits_per_target == Decimal("1.50")
    assert InspectionTask.objects.count() == 4
