"""双随机、一公开: targets, plans, seeded draws (verifiable), inspection tasks and their results.

The draw is reproducible by anyone: ``random.Random(seed)`` runs over the *sorted* candidate ids recorded with the
draw, first sampling the targets, then, target by target (in ascending id order), the officers. ``draw_verify``
re-runs it and compares with what is stored, so a draw changed after the fact is detected.
"""

from __future__ import annotations

import math
import random
import secrets
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction

from fazhi.accounts.models import Role
from fazhi.agencies.models import Agency, Officer
from fazhi.agencies.scope import scope_for
from fazhi.agencies.selectors import officer_certificate_problem
from fazhi.agencies.services import officers_ensure_can_act
from fazhi.core import clock
from fazhi.core.audit import audit_record, snapshot
from fazhi.core.errors import PermissionDenied, RuleViolation, ValidationError
from fazhi.core.validation import ensure_fits
from fazhi.inspections.models import Draw, InspectionPlan, InspectionResult, InspectionTarget, InspectionTask
from fazhi.rules import normalize_uscc, validate_uscc

if TYPE_CHECKING:
    from fazhi.accounts.models import User
    from fazhi.cases.models import Case

PLAN_ROLES = (Role.CLERK, Role.HEAD, Role.SQUAD_LEADER, Role.SYSTEM_ADMIN)
INSPECT_ROLES = (Role.OFFICER, Role.SQUAD_LEADER, Role.HEAD, Role.CLERK, Role.SYSTEM_ADMIN)
MIN_OFFICERS = 2  # 行政处罚法 第四十二条：执法人员不得少于两人


def _ensure_role(actor: User, agency: Agency, roles: tuple[str, ...], *, action: str) -> None:
    scope_for(actor).ensure_can_write(agency)
    if not (actor.is_superuser or actor.has_role(*roles)):
        labels = "或".join(Role(r).label for r in roles if r != Role.SYSTEM_ADMIN)
        raise PermissionDenied(f"{action}须由{labels}办理：您没有相应角色。")


# --- the pure draw ----------------------------------------------------------------------------------------------


def draw_compute(
    *, seed: int, target_ids: Sequence[int], officer_ids: Sequence[int], target_count: int, officers_per_task: int
) -> dict[int, list[int]]:
    """Target id → the officer ids assigned to it, drawn with ``random.Random(seed)``. Pure and deterministic."""
    rng = random.Random(seed)
    targets = sorted(rng.sample(sorted(target_ids), target_count))
    pool = sorted(officer_ids)
    return {t: sorted(rng.sample(pool, officers_per_task)) for t in targets}


def draw_target_count(*, candidates: int, share: Decimal) -> int:
    """ceil(candidates × share%): a 5% draw of 30 targets inspects 2, never 1.5; at least 1 if share > 0."""
    if candidates == 0 or share <= 0:
        return 0
    return min(candidates, max(1, math.ceil(Decimal(candidates) * share / 100)))


# --- targets and plans -----------------------------------------------------------------------------------------


@transaction.atomic
def inspection_target_create(
    *, actor: User, agency: Agency, name: str, uscc: str = "", address: str = "", category: str = ""
) -> InspectionTarget:
    _ensure_role(actor, agency, PLAN_ROLES, action="登记检查对象")
    name = name.strip()
    if not name:
        raise ValidationError("请填写检查对象名称。")
    uscc = normalize_uscc(uscc) if uscc.strip() else ""
    if uscc and not validate_uscc(uscc):
        raise ValidationError(f"统一社会信用代码「{uscc}」校验不通过，请核对。")
    target = InspectionTarget(agency=agency, name=name, uscc=uscc, address=address.strip(), category=category.strip())
    ensure_fits(target)
    target.save()
    audit_record(
        actor=actor,
        entity=target,
        action="inspection_target.create",
        summary=f"登记检查对象：{name}",
        after=snapshot(target),
    )
    return target


@transaction.atomic
def inspection_target_update(
    *,
    actor: User,
    target: InspectionTarget,
    address: str | None = None,
    category: str | None = None,
    is_active: bool | None = None,
) -> InspectionTarget:
    target = InspectionTarget.objects.select_for_update(of=("self",)).get(pk=target.pk)
    _ensure_role(actor, target.agency, PLAN_ROLES, action="修改检查对象")
    before = snapshot(target)
    if address is not None:
        target.address = address.strip()
    if category is not None:
        target.category = category.strip()
    if is_active is not None:
        target.is_active = is_active
    ensure_fits(target)
    target.save()
    audit_record(
        actor=actor,
        entity=target,
        action="inspection_target.update",
        summary="修改检查对象",
        before=before,
        after=snapshot(target),
    )
    return target


@transaction.atomic
def inspection_plan_create(
    *,
    actor: User,
    agency: Agency,
    title: str,
    year: int,
    sample_share: Decimal,
    items: str = "",
    category: str = "",
    officers_per_task: int = MIN_OFFICERS,
) -> InspectionPlan:
    _ensure_role(actor, agency, PLAN_ROLES, action="制定抽查计划")
    title = title.strip()
    if not title:
        raise ValidationError("请填写计划名称。")
    if not (Decimal("0") < sample_share <= Decimal("100")):
        raise ValidationError("抽查比例应大于0%且不超过100%。")
    if officers_per_task < MIN_OFFICERS:
        raise RuleViolation(f"每户检查人员不得少于{MIN_OFFICERS}人（行政处罚法第四十二条）。")
    if not (2000 <= year <= 2100):
        raise ValidationError("请填写正确的年度。")
    plan = InspectionPlan(
        agency=agency,
        title=title,
        year=year,
        sample_share=sample_share,
        items=items.strip(),
        category=category.strip(),
        officers_per_task=officers_per_task,
        created_by=actor,
    )
    ensure_fits(plan)
    plan.save()
    audit_record(
        actor=actor,
        entity=plan,
        action="inspection_plan.create",
        summary=f"制定抽查计划：{title}",
        after=snapshot(plan),
    )
    return plan


# --- draws -----------------------------------------------------------------------------------------------------


def _candidate_targets(plan: InspectionPlan) -> list[int]:
    qs = InspectionTarget.objects.filter(agency__path__startswith=plan.agency.path, is_active=True)
    if plan.category:
        qs = qs.filter(category=plan.category)
    return sorted(qs.values_list("pk", flat=True))


def _candidate_officers(plan: InspectionPlan, on: date) -> list[int]:
    officers = Officer.objects.filter(agency__path__startswith=plan.agency.path, is_active=True).prefetch_related(
        "certificates"
    )
    return sorted(o.pk for o in officers if officer_certificate_problem(officer=o, on=on) is None)


@transaction.atomic
def draw_run(*, actor: User, plan: InspectionPlan, seed: int | None = None) -> Draw:
    """摇号: draw targets and officers for the plan, record the seed and candidates, create one task per target."""
    plan = InspectionPlan.objects.select_for_update(of=("self",)).select_related("agency").get(pk=plan.pk)
    _ensure_role(actor, plan.agency, PLAN_ROLES, action="随机抽取")
    now = clock.now()
    target_ids = _candidate_targets(plan)
    officer_ids = _candidate_officers(plan, now.date())
    count = draw_target_count(candidates=len(target_ids), share=plan.sample_share)
    if count == 0:
        raise RuleViolation("检查对象名录库中没有符合本计划的对象，无法抽取。请先登记检查对象。")
    if len(officer_ids) < plan.officers_per_task:
        raise RuleViolation(
            f"持有效执法证的执法人员只有{len(officer_ids)}人，少于每户{plan.officers_per_task}人，无法抽取"
            "（行政处罚法第四十二条）。"
        )
    if seed is None:
        seed = secrets.randbelow(2**53)
    if not (0 <= seed < 2**63):
        raise ValidationError("随机种子应为非负整数。")
    assignment = draw_compute(
        seed=seed,
        target_ids=target_ids,
        officer_ids=officer_ids,
        target_count=count,
        officers_per_task=plan.officers_per_task,
    )
    draw = Draw.objects.create(
        agency=plan.agency,
        plan=plan,
        seed=seed,
        drawn_at=now,
        drawn_by=actor,
        candidate_target_ids=target_ids,
        candidate_officer_ids=officer_ids,
        target_count=count,
        officers_per_task=plan.officers_per_task,
        assignment={str(t): ids for t, ids in assignment.items()},
    )
    draw.targets.set(assignment)
    draw.officers.set(sorted({o for ids in assignment.values() for o in ids}))
    targets = InspectionTarget.objects.in_bulk(list(assignment))
    for target_id, ids in assignment.items():
        task = InspectionTask.objects.create(
            agency=plan.agency, plan=plan, draw=draw, target=targets[target_id], is_random=True, created_by=actor
        )
        task.officers.set(ids)
    audit_record(
        actor=actor,
        entity=draw,
        action="draw.run",
        summary=f"随机抽取：种子{seed}，从{len(target_ids)}户中抽取{count}户",
        after={
            "seed": seed,
            "plan": plan.pk,
            "candidate_target_ids": target_ids,
            "candidate_officer_ids": officer_ids,
            "assignment": draw.assignment,
        },
    )
    return draw


def draw_verify(draw: Draw) -> bool:
    """Re-run the draw from its seed and recorded candidates; False if anything stored differs from it."""
    try:
        expected = draw_compute(
            seed=draw.seed,
            target_ids=draw.candidate_target_ids,
            officer_ids=draw.candidate_officer_ids,
            target_count=draw.target_count,
            officers_per_task=draw.officers_per_task,
        )
    except ValueError:  # the recorded candidates were altered so that the sample no longer fits
        return False
    if {str(t): ids for t, ids in expected.items()} != draw.assignment:
        return False
    if set(draw.targets.values_list("pk", flat=True)) != set(expected):
        return False
    officers = {o for ids in expected.values() for o in ids}
    if set(draw.officers.values_list("pk", flat=True)) != officers:
        return False
    tasks = {t.target_id: sorted(o.pk for o in t.officers.all()) for t in draw.tasks.prefetch_related("officers")}
    return all(tasks.get(t) == ids for t, ids in expected.items()) and set(tasks) == set(expected)


# --- tasks -----------------------------------------------------------------------------------------------------


def _check_officers(officers: list[Officer], on: date) -> None:
    if len({o.pk for o in officers}) < MIN_OFFICERS:
        raise RuleViolation(
            f"检查须由{MIN_OFFICERS}名以上持有效执法证的执法人员进行（行政处罚法第四十二条：执法人员不得少于两人），"
            "请再指派执法人员。"
        )
    officers_ensure_can_act(officers=officers, on=on, what="参加检查")


@transaction.atomic
def inspection_task_create(
    *,
    actor: User,
    agency: Agency,
    target: InspectionTarget,
    officers: Iterable[Officer],
    inspected_on: date,
    result: str = InspectionResult.PENDING,
    findings: str = "",
    is_joint: bool = False,
    joint_agencies: str = "",
    plan: InspectionPlan | None = None,
    case: Case | None = None,
) -> InspectionTask:
    """Record an inspection not drawn at random (日常巡查、专项、综合查一次 联合检查)."""
    _ensure_role(actor, agency, INSPECT_ROLES, action="登记检查")
    if not scope_for(actor).sees(target.agency):
        raise ValidationError("所选检查对象不在您的管辖范围内。")
    officer_list = list(officers)
    _check_officers(officer_list, inspected_on)
    if result not in InspectionResult.values:
        raise ValidationError("请选择检查结果。")
    if is_joint and not joint_agencies.strip():
        raise ValidationError("联合检查（综合查一次）请填写参加的部门。")
    task = InspectionTask(
        agency=agency,
        plan=plan,
        target=target,
        inspected_on=inspected_on,
        is_random=False,
        is_joint=is_joint,
        joint_agencies=joint_agencies.strip(),
        result=result,
        findings=findings.strip(),
        case=case,
        created_by=actor,
    )
    ensure_fits(task)
    task.save()
    task.officers.set(officer_list)
    audit_record(
        actor=actor,
        entity=task,
        action="inspection_task.create",
        summary=f"登记检查：{target.name}",
        after={**snapshot(task), "officers": sorted(o.pk for o in officer_list)},
    )
    return task


@transaction.atomic
def inspection_record_result(
    *,
    actor: User,
    task: InspectionTask,
    inspected_on: date,
    result: str,
    findings: str = "",
    officers: Iterable[Officer] | None = None,
    case: Case | None = None,
) -> InspectionTask:
    """Record the visit's result. Replacing a drawn officer is allowed but recorded (draw_verify then shows it)."""
    task = InspectionTask.objects.select_for_update(of=("self",)).select_related("agency").get(pk=task.pk)
    _ensure_role(actor, task.agency, INSPECT_ROLES, action="登记检查结果")
    if task.result != InspectionResult.PENDING:
        raise RuleViolation(f"该检查已登记结果（{task.get_result_display()}），不能重复登记。")
    if result not in InspectionResult.values or result == InspectionResult.PENDING:
        raise ValidationError("请选择检查结果。")
    officer_list = list(officers) if officers is not None else list(task.officers.all())
    _check_officers(officer_list, inspected_on)
    before = {**snapshot(task), "officers": sorted(task.officers.values_list("pk", flat=True))}
    task.inspected_on, task.result, task.findings = inspected_on, result, findings.strip()
    if case is not None:
        task.case = case
    ensure_fits(task)
    task.save()
    if officers is not None:
        task.officers.set(officer_list)
    audit_record(
        actor=actor,
        entity=task,
        action="inspection_task.result",
        summary=f"检查结果：{task.get_result_display()}",
        before=before,
        after={**snapshot(task), "officers": sorted(o.pk for o in officer_list)},
    )
    return task
