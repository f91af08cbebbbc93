"""双随机: one draw per plan, committed before it happens, reproducible from its revealed seed by anyone."""

from __future__ import annotations

import json
from datetime import date, time
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from fazhi.accounts.models import Role
from fazhi.core import clock
from fazhi.core.errors import RuleViolation, ValidationError
from fazhi.inspections.draws import draw_commit, draw_published, draw_redraw, draw_run, draw_verify
from fazhi.inspections.models import Draw, DrawStatus, InspectionTask
from fazhi.inspections.services import (
    draw_target_count,
    inspection_plan_create,
    inspection_record_result,
    inspection_target_create,
    inspection_task_create,
    target_exemption_create,
    target_relation_create,
)
from fazhi.rules import draw_assign, seed_commitment, snapshot_digest

DAY = date(2025, 5, 6)


@pytest.fixture
def clerk(bureau, make_user):  # type: ignore[no-untyped-def]
    return make_user(bureau.bureau, Role.CLERK)


@pytest.fixture
def officers(make_officer):  # type: ignore[no-untyped-def]
    found = [make_officer(name=f"队员{i}") for i in range(5)]
    make_officer(name="过期", valid_until=date(2024, 12, 31))
    return found


@pytest.fixture
def targets(bureau, clerk):  # type: ignore[no-untyped-def]
    return [
        inspection_target_create(actor=clerk, agency=bureau.squad, name=f"商户{i:02d}", category="餐饮")
        for i in range(20)
    ]


@pytest.fixture
def plan(bureau, clerk, officers, targets):  # type: ignore[no-untyped-def]
    return inspection_plan_create(
        actor=clerk,
        agency=bureau.bureau,
        title="餐饮油烟抽查",
        year=2025,
        sample_share=Decimal("12.5"),
        category="餐饮",
        checklist=[("油烟净化设施", "大气污染防治法第八十一条", "")],
    )


def _committed_and_drawn(clerk, plan) -> Draw:  # type: ignore[no-untyped-def]
    with clock.frozen_at(DAY, time(9, 0)):
        draw = draw_commit(actor=clerk, plan=plan)
    with clock.frozen_at(DAY, time(10, 0)):
        return draw_run(actor=clerk, draw=draw)


def test_the_target_count_rounds_the_share_up() -> None:
    assert draw_target_count(candidates=20, share=Decimal("12.5")) == 3
    assert draw_target_count(candidates=3, share=Decimal("5")) == 1
    assert draw_target_count(candidates=0, share=Decimal("50")) == 0


def test_the_commitment_publishes_hashes_and_keeps_the_seed_secret(plan, clerk) -> None:
    with clock.frozen_at(DAY):
        draw = draw_commit(actor=clerk, plan=plan)
    assert draw.status == DrawStatus.COMMITTED and draw.seed == "" and len(draw.seed_secret) == 64
    assert draw.seed_hash == seed_commitment(draw.seed_secret)
    assert draw.snapshot_hash == snapshot_digest(draw.snapshot)
    published = draw_published(draw)
    assert published["seed"] is None and draw.seed_secret not in json.dumps(published)
    valid = [r["id"] for r in draw.snapshot["inspectors"] if r["certificate_valid"]]
    assert len(valid) == 5 and len(draw.snapshot["inspectors"]) == 6  # the expired one is listed, not valid
    assert draw_verify(draw).ok and not InspectionTask.objects.exists()


def test_the_draw_reveals_the_seed_and_reproduces_from_it(plan, clerk) -> None:
    draw = _committed_and_drawn(clerk, plan)
    assert draw.status == DrawStatus.DRAWN and draw.seed == draw.seed_secret
    outcome = draw_assign(seed=draw.seed, snapshot=draw.snapshot)
    assert draw.order == list(outcome.order) and len(draw.order) == 3
    assert {int(k): tuple(v) for k, v in draw.assignment.items()} == outcome.assignment
    assert draw.tasks.count() == 3 and all(t.officers.count() == 2 for t in draw.tasks.all())
    assert draw_verify(draw).ok


def test_verify_draw_reproduces_a_draw_from_the_command_line(plan, clerk) -> None:
    draw = _committed_and_drawn(clerk, plan)
    out = StringIO()
    call_command("inspections", "verify-draw", str(draw.pk), stdout=out)
    assert "结果一致" in out.getvalue()
    out = StringIO()
    call_command("inspections", "verify-draw", "--plan", str(plan.pk), stdout=out)
    assert "结果一致" in out.getvalue()


def test_verify_draw_checks_the_published_file_without_the_database(plan, clerk, tmp_path) -> None:
    draw = _committed_and_drawn(clerk, plan)
    path = tmp_path / "draw.json"
    path.write_text(json.dumps(draw_published(draw), ensure_ascii=False), encoding="utf-8")
    out = StringIO()
    call_command("inspections", "verify-draw", "--file", str(path), stdout=out)
    assert "结果一致" in out.getvalue()
    data = json.loads(path.read_text(encoding="utf-8"))
    data["snapshot"]["targets"].pop()
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError, match="复核不通过"):
        call_command("inspections", "verify-draw", "--file", str(path), stdout=StringIO())


def test_a_changed_seed_is_detected(plan, clerk) -> None:
    draw = _committed_and_drawn(clerk, plan)
    Draw.objects.filter(pk=draw.pk).update(seed="0" * 64)
    draw.refresh_from_db()
    check = draw_verify(draw)
    assert not check.ok and any("种子被更换" in p for p in check.problems)
    out = StringIO()
    with pytest.raises(CommandError, match="复核不通过"):
        call_command("inspections", "verify-draw", str(draw.pk), stdout=out)
    assert "种子被更换" in out.getvalue()


def test_a_changed_register_is_detected_even_with_its_hash_rewritten(plan, clerk) -> None:
    draw = _committed_and_drawn(clerk, plan)
    snap = dict(draw.snapshot)
    snap["targets"] = snap["targets"][1:]
    Draw.objects.filter(pk=draw.pk).update(snapshot=snap)
    draw.refresh_from_db()
    assert any("名录被改动" in p for p in draw_verify(draw).problems)
    Draw.objects.filter(pk=draw.pk).update(snapshot_hash=snapshot_digest(snap))
    draw.refresh_from_db()
    assert any("承诺时审计记录" in p for p in draw_verify(draw).problems)


def test_a_changed_algorithm_version_is_detected(plan, clerk) -> None:
    draw = _committed_and_drawn(clerk, plan)
    Draw.objects.filter(pk=draw.pk).update(algorithm_version="fazhi-draw/0")
    draw.refresh_from_db()
    assert any("算法版本" in p for p in draw_verify(draw).problems)


def test_a_changed_assignment_is_detected(plan, clerk, officers) -> None:
    draw = _committed_and_drawn(clerk, plan)
    drawn = set(draw.targets.values_list("pk", flat=True))
    swap = next(t for t in draw.candidate_target_ids if t not in drawn)
    draw.targets.remove(next(iter(drawn)))
    draw.targets.add(swap)
    assert "记录的抽中对象与抽取结果不同" in draw_verify(draw).problems


def test_a_plan_is_drawn_once_and_a_second_commitment_is_refused(plan, clerk) -> None:
    _committed_and_drawn(clerk, plan)
    with clock.frozen_at(DAY), pytest.raises(RuleViolation, match="每个计划只抽取一次"):
        draw_commit(actor=clerk, plan=plan)


def test_a_drawn_draw_cannot_be_run_again(plan, clerk) -> None:
    draw = _committed_and_drawn(clerk, plan)
    with clock.frozen_at(DAY, time(11, 0)), pytest.raises(RuleViolation, match="已抽取"):
        draw_run(actor=clerk, draw=draw)


def test_a_redraw_needs_a_reason_and_leaves_the_first_visible(plan, clerk) -> None:
    first = _committed_and_drawn(clerk, plan)
    with clock.frozen_at(DAY, time(11, 0)):
        with pytest.raises(ValidationError, match="理由"):
            draw_redraw(actor=clerk, plan=plan, reason="重抽")
        second = draw_redraw(actor=clerk, plan=plan, reason="抽中对象已注销，名录库未及时更新")
    first.refresh_from_db()
    assert first.status == DrawStatus.SUPERSEDED and first.superseded_reason.startswith("抽中对象已注销")
    assert first.tasks.count() == 0 and first.assignment  # the tasks withdrawn, the assignment kept
    assert draw_verify(first).ok  # a superseded draw still reproduces
    assert second.status == DrawStatus.COMMITTED and plan.draws.count() == 2


def test_a_redraw_after_a_result_is_refused(plan, clerk, officers) -> None:
    draw = _committed_and_drawn(clerk, plan)
    task = draw.tasks.first()
    item = plan.checklist.get()
    with clock.frozen_at(DAY):
        inspection_record_result(
            actor=clerk, task=task, inspected_on=DAY, result="compliant", item_results=[(item, "compliant", "")]
        )
    with clock.frozen_at(DAY), pytest.raises(RuleViolation, match="已有结果"):
        draw_redraw(actor=clerk, plan=plan, reason="抽中对象已注销，名录库未及时更新")


def test_a_related_inspector_is_never_matched_to_the_target(bureau, clerk, plan, officers, targets) -> None:
    for target in targets[:10]:
        target_relation_create(actor=clerk, officer=officers[0], target=target, reason="亲属经营")
    with clock.frozen_at(DAY):
        draw = draw_commit(actor=clerk, plan=plan)
    assert [officers[0].pk, targets[0].pk] in draw.snapshot["recusals"]
    related = {(officers[0].pk, t.pk) for t in targets[:10]}
    for n in range(200):  # the rules test runs 1,000 draws over the algorithm itself
        outcome = draw_assign(seed=f"s{n}", snapshot=draw.snapshot)
        assert not {(i, t) for t, ids in outcome.assignment.items() for i in ids} & related


def test_an_inspector_who_visited_the_target_recently_is_recused(  # noqa: PLR0917
    bureau, clerk, plan, officers, targets, settings
) -> None:
    settings.FAZHI_INSPECTION_RECUSAL_MONTHS = 6
    with clock.frozen_at(date(2024, 11, 6)):
        inspection_task_create(
            actor=clerk, agency=bureau.squad, target=targets[0], officers=officers[:2], inspected_on=date(2024, 11, 6)
        )
    with clock.frozen_at(date(2024, 11, 7)):
        inspection_task_create(
            actor=clerk, agency=bureau.squad, target=targets[1], officers=officers[2:4], inspected_on=date(2024, 11, 7)
        )
    with clock.frozen_at(DAY):  # 2025-05-06: six months back is 2024-11-06, the day itself counts
        draw = draw_commit(actor=clerk, plan=plan, inspection_date=date(2025, 5, 7))
    recusals = {tuple(p) for p in draw.snapshot["recusals"]}
    assert (officers[0].pk, targets[0].pk) not in recusals  # 2024-11-06 is before 2024-11-07 − 6 months
    assert (officers[2].pk, targets[1].pk) in recusals  # 2024-11-07 is the first day within six months


def test_a_whitelisted_target_is_not_drawn_and_the_whitelist_is_capped(bureau, clerk, plan, targets) -> None:
    with clock.frozen_at(DAY):
        target_exemption_create(
            actor=clerk,
            agency=bureau.bureau,
            target=targets[0],
            valid_from=DAY,
            valid_until=date(2025, 12, 31),
            reason="信用A级，连续三年无违法",
        )
        target_exemption_create(
            actor=clerk, agency=bureau.bureau, target=targets[1], valid_from=DAY, valid_until=DAY, reason="守信企业"
        )
        with pytest.raises(RuleViolation, match="20户中最多2户"):  # 10% of 20
            target_exemption_create(
                actor=clerk, agency=bureau.bureau, target=targets[2], valid_from=DAY, valid_until=DAY, reason="守信"
            )
        with pytest.raises(ValidationError, match="366天"):
            target_exemption_create(
                actor=clerk,
                agency=bureau.bureau,
                target=targets[2],
                valid_from=date(2025, 1, 1),
                valid_until=date(2026, 1, 2),
                reason="守信",
            )
        draw = draw_commit(actor=clerk, plan=plan)
    ids = {t["id"] for t in draw.snapshot["targets"]}
    assert targets[0].pk not in ids and targets[1].pk not in ids
    assert {"id": targets[0].pk, "reason": "whitelist"} in draw.snapshot["excluded"]


def test_a_target_drawn_by_another_plan_recently_is_not_drawn_unless_the_plan_allows(
    bureau, clerk, plan, targets
) -> None:
    first = _committed_and_drawn(clerk, plan)
    drawn = set(first.order)
    other = inspection_plan_create(
        actor=clerk, agency=bureau.bureau, title="复查", year=2025, sample_share=Decimal("100"), category="餐饮"
    )
    allowing = inspection_plan_create(
        actor=clerk,
        agency=bureau.bureau,
        title="专项",
        year=2025,
        sample_share=Decimal("100"),
        category="餐饮",
        allow_repeat=True,
    )
    with clock.frozen_at(DAY):
        snap = draw_commit(actor=clerk, plan=other).snapshot
        allowed = draw_commit(actor=clerk, plan=allowing).snapshot
    assert not drawn & {t["id"] for t in snap["targets"]}
    assert drawn <= {t["id"] for t in allowed["targets"]}


def test_a_draw_without_enough_certified_officers_is_refused(bureau, clerk, make_officer) -> None:
    make_officer(name="唯一")
    inspection_target_create(actor=clerk, agency=bureau.bureau, name="商户")
    plan = inspection_plan_create(
        actor=clerk, agency=bureau.bureau, title="抽查", year=2025, sample_share=Decimal("50")
    )
    with clock.frozen_at(DAY), pytest.raises(RuleViolation, match="第四十二条"):
        draw_commit(actor=clerk, plan=plan)
    assert not Draw.objects.exists() and not InspectionTask.objects.exists()


def test_a_commitment_whose_target_has_too_few_unrelated_inspectors_is_refused(bureau, clerk, make_officer) -> None:
    a, b = make_officer(name="甲"), make_officer(name="乙")
    make_officer(name="丙")
    target = inspection_target_create(actor=clerk, agency=bureau.bureau, name="亲属商户")
    target_relation_create(actor=clerk, officer=a, target=target, reason="配偶经营")
    target_relation_create(actor=clerk, officer=b, target=target, reason="兄弟经营")
    plan = inspection_plan_create(
        actor=clerk, agency=bureau.bureau, title="抽查", year=2025, sample_share=Decimal("100")
    )
    with clock.frozen_at(DAY), pytest.raises(RuleViolation, match="亲属商户"):
        draw_commit(actor=clerk, plan=plan)


def test_a_past_inspection_date_is_refused(plan, clerk) -> None:
    with clock.frozen_at(DAY), pytest.raises(ValidationError, match="不能早于今天"):
        draw_commit(actor=clerk, plan=plan, inspection_date=date(2025, 5, 5))


def test_a_legacy_draw_is_reported_as_not_verifiable(plan, clerk) -> None:
    draw = _committed_and_drawn(clerk, plan)
    Draw.objects.filter(pk=draw.pk).update(algorithm_version="")
    draw.refresh_from_db()
    assert "早于" in draw_verify(draw).problems[0]
