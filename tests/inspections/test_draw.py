"""双随机: a draw is reproducible from its seed and a draw changed afterwards is detected."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fazhi.accounts.models import Role
from fazhi.core import clock
from fazhi.core.errors import RuleViolation
from fazhi.inspections.models import Draw, InspectionTask
from fazhi.inspections.services import (
    draw_compute,
    draw_run,
    draw_target_count,
    draw_verify,
    inspection_plan_create,
    inspection_target_create,
)


@pytest.fixture
def clerk(bureau, make_user):  # type: ignore[no-untyped-def]
    return make_user(bureau.bureau, Role.CLERK)


@pytest.fixture
def plan(bureau, clerk, make_officer):  # type: ignore[no-untyped-def]
    for i in range(5):
        make_officer(name=f"队员{i}")
    make_officer(name="过期", valid_until=date(2024, 12, 31))
    for i in range(20):
        inspection_target_create(actor=clerk, agency=bureau.squad, name=f"商户{i:02d}", category="餐饮")
    return inspection_plan_create(
        actor=clerk, agency=bureau.bureau, title="餐饮油烟抽查", year=2025, sample_share=Decimal("12.5"), items="油烟"
    )


def test_the_draw_is_computed_from_the_seed_alone() -> None:
    a = draw_compute(seed=42, target_ids=[5, 1, 3, 9], officer_ids=[7, 2, 8], target_count=2, officers_per_task=2)
    b = draw_compute(seed=42, target_ids=[9, 3, 1, 5], officer_ids=[8, 7, 2], target_count=2, officers_per_task=2)
    assert a == b and len(a) == 2 and all(len(v) == 2 for v in a.values())


def test_the_target_count_rounds_the_share_up() -> None:
    assert draw_target_count(candidates=20, share=Decimal("12.5")) == 3
    assert draw_target_count(candidates=3, share=Decimal("5")) == 1
    assert draw_target_count(candidates=0, share=Decimal("50")) == 0


def test_a_recorded_draw_is_reproducible_and_creates_one_task_per_target(plan, clerk) -> None:
    with clock.frozen_at(date(2025, 5, 6)):
        draw = draw_run(actor=clerk, plan=plan, seed=20250506)
    assert draw.target_count == 3 and draw.tasks.count() == 3
    assert draw_verify(draw)
    assert all(t.is_random and t.officers.count() == 2 for t in draw.tasks.all())
    expired = {o.pk for o in draw.officers.all() if o.name == "过期"}
    assert not expired and len(draw.candidate_officer_ids) == 5
    same = draw_compute(
        seed=20250506,
        target_ids=draw.candidate_target_ids,
        officer_ids=draw.candidate_officer_ids,
        target_count=3,
        officers_per_task=2,
    )
    assert set(same) == set(draw.targets.values_list("pk", flat=True))


def test_a_draw_changed_after_the_fact_is_detected(plan, clerk) -> None:
    with clock.frozen_at(date(2025, 5, 6)):
        draw = draw_run(actor=clerk, plan=plan, seed=7)
    drawn = set(draw.targets.values_list("pk", flat=True))
    swap = next(t for t in draw.candidate_target_ids if t not in drawn)
    draw.targets.remove(next(iter(drawn)))
    draw.targets.add(swap)
    assert not draw_verify(draw)


def test_a_changed_seed_is_detected(plan, clerk) -> None:
    with clock.frozen_at(date(2025, 5, 6)):
        draw = draw_run(actor=clerk, plan=plan, seed=7)
    Draw.objects.filter(pk=draw.pk).update(seed=8)
    draw.refresh_from_db()
    assert not draw_verify(draw)


def test_a_draw_without_enough_certified_officers_is_refused(bureau, clerk, make_officer) -> None:
    make_officer(name="唯一")
    inspection_target_create(actor=clerk, agency=bureau.bureau, name="商户")
    plan = inspection_plan_create(
        actor=clerk, agency=bureau.bureau, title="抽查", year=2025, sample_share=Decimal("50")
    )
    with pytest.raises(RuleViolation, match="第四十二条"):
        draw_run(actor=clerk, plan=plan, seed=1)
    assert not Draw.objects.exists() and not InspectionTask.objects.exists()
