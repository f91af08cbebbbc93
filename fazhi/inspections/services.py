"""双随机、一公开: targets, plans, committed draws (verifiable by anyone), 回避, 白名单, tasks and their results.

A draw happens in two steps. ``draw_commit`` snapshots both registers (targets with risk and credit, inspectors with
their certificate's validity on the inspection date, the 回避 pairs) and a secret seed, and publishes the SHA-256
of each. ``draw_run`` then reveals the seed and computes the assignment with ``fazhi.rules.draw_assign``; anyone can
re-run it (``fazhi inspections verify-draw``, docs/inspections.md). One draw per plan: ``draw_redraw`` supersedes it
with a recorded reason and commits a new one, and both stay published.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import IO, TYPE_CHECKING

from django.db import transaction

from fazhi.accounts.models import Role
from fazhi.agencies.models import Agency, Officer
from fazhi.agencies.scope import scope_for
from fazhi.agencies.services import officers_ensure_can_act
from fazhi.cases.models import Case, CaseSource, PartyKind
from fazhi.cases.services import case_open
from fazhi.core import clock
from fazhi.core.audit import audit_record, snapshot
from fazhi.core.errors import PermissionDenied, RuleViolation, ValidationError
from fazhi.core.storage import BlobTooLarge, get_blob_store
from fazhi.core.validation import ensure_fits
from fazhi.evidence.filetypes import IMAGES, labels, sniff
from fazhi.inspections.models import (
    CreditGrade,
    InspectionPlan,
    InspectionResult,
    InspectionTarget,
    InspectionTask,
    ItemOutcome,
    PlanItem,
    RiskLevel,
    TargetExemption,
    TargetRelation,
    TaskItemResult,
    TaskPhoto,
)
from fazhi.rules import DRAW_MIN_INSPECTORS, EXEMPTION_MAX_DAYS, exemption_limit, normalize_uscc, validate_uscc

if TYPE_CHECKING:
    from fazhi.accounts.models import User

PLAN_ROLES = (Role.CLERK, Role.HEAD, Role.SQUAD_LEADER, Role.SYSTEM_ADMIN)
INSPECT_ROLES = (Role.OFFICER, Role.SQUAD_LEADER, Role.HEAD, Role.CLERK, Role.SYSTEM_ADMIN)
MIN_OFFICERS = DRAW_MIN_INSPECTORS  # 行政处罚法 第四十二条, kept in fazhi.rules


def _ensure_role(actor: User, agency: Agency, roles: tuple[str, ...], *, action: str) -> None:
    scope_for(actor).ensure_can_write(agency)
    if not (actor.is_superuser or actor.has_role(*roles)):
        labels = "或".join(Role(r).label for r in roles if r != Role.SYSTEM_ADMIN)
        raise PermissionDenied(f"{action}须由{labels}办理：您没有相应角色。")


# --- the pure draw ----------------------------------------------------------------------------------------------


def draw_target_count(*, candidates: int, share: Decimal) -> int:
    """ceil(candidates × share%): a 5% draw of 30 targets inspects 2, never 1.5; at least 1 if share > 0."""
    if candidates == 0 or share <= 0:
        return 0
    return min(candidates, max(1, math.ceil(Decimal(candidates) * share / 100)))


# --- targets and plans -----------------------------------------------------------------------------------------


def _check_levels(risk_level: str, credit_grade: str) -> None:
    if risk_level not in RiskLevel.values:
        raise ValidationError(f"风险等级「{risk_level}」无效，应为：" + "、".join(RiskLevel.labels) + "。")
    if credit_grade not in CreditGrade.values:
        raise ValidationError(f"信用等级「{credit_grade}」无效，应为A、B、C、D之一。")


@transaction.atomic
def inspection_target_create(
    *,
    actor: User,
    agency: Agency,
    name: str,
    uscc: str = "",
    address: str = "",
    category: str = "",
    risk_level: str = RiskLevel.MEDIUM,
    credit_grade: str = CreditGrade.B,
) -> InspectionTarget:
    _ensure_role(actor, agency, PLAN_ROLES, action="登记检查对象")
    name = name.strip()
    if not name:
        raise ValidationError("请填写检查对象名称。")
    uscc = normalize_uscc(uscc) if uscc.strip() else ""
    if uscc and not validate_uscc(uscc):
        raise ValidationError(f"统一社会信用代码「{uscc}」校验不通过，请核对。")
    _check_levels(risk_level, credit_grade)
    target = InspectionTarget(
        agency=agency,
        name=name,
        uscc=uscc,
        address=address.strip(),
        category=category.strip(),
        risk_level=risk_level,
        credit_grade=credit_grade,
    )
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
    risk_level: str | None = None,
    credit_grade: str | None = None,
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
    _check_levels(risk_level or target.risk_level, credit_grade or target.credit_grade)
    if risk_level is not None:
        target.risk_level = risk_level
    if credit_grade is not None:
        target.credit_grade = credit_grade
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
    inspection_date: date | None = None,
    scene: str = "",
    joint_agencies: str = "",
    allow_repeat: bool = False,
    checklist: Sequence[tuple[str, str, str]] = (),
) -> InspectionPlan:
    """抽查计划 with its 检查事项清单 (title, basis, department); a 场景 with several departments is a 综合查一次."""
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
        inspection_date=inspection_date,
        scene=scene.strip(),
        joint_agencies=joint_agencies.strip(),
        allow_repeat=allow_repeat,
        created_by=actor,
    )
    ensure_fits(plan)
    plan.save()
    for title_, basis, department in checklist:
        _plan_item_save(plan, title=title_, basis=basis, department=department)
    audit_record(
        actor=actor,
        entity=plan,
        action="inspection_plan.create",
        summary=f"制定抽查计划：{title}",
        after={**snapshot(plan), "checklist": [i.title for i in plan.checklist.all()]},
    )
    return plan


def _plan_item_save(plan: InspectionPlan, *, title: str, basis: str = "", department: str = "") -> PlanItem:
    title = title.strip()
    if not title:
        raise ValidationError("请填写检查事项。")
    last = plan.checklist.order_by("-number").values_list("number", flat=True).first() or 0
    item = PlanItem(plan=plan, number=last + 1, title=title, basis=basis.strip(), department=department.strip())
    ensure_fits(item)
    item.save()
    return item


@transaction.atomic
def plan_item_add(*, actor: User, plan: InspectionPlan, title: str, basis: str = "", department: str = "") -> PlanItem:
    """Add an item to the plan's 检查事项清单; refused once a result was recorded against the checklist."""
    plan = InspectionPlan.objects.select_for_update(of=("self",)).select_related("agency").get(pk=plan.pk)
    _ensure_role(actor, plan.agency, PLAN_ROLES, action="修改检查事项清单")
    if TaskItemResult.objects.filter(item__plan=plan).exists():
        raise RuleViolation("本计划已有按清单登记的检查结果，不能再增加检查事项。")
    item = _plan_item_save(plan, title=title, basis=basis, department=department)
    audit_record(
        actor=actor,
        entity=plan,
        action="inspection_plan.item_add",
        summary=f"增加检查事项：{item.title}",
        after=snapshot(item),
    )
    return item


# --- 回避 and 白名单 ------------------------------------------------------------------------------------------------


@transaction.atomic
def target_relation_create(*, actor: User, officer: Officer, target: InspectionTarget, reason: str) -> TargetRelation:
    """Record that ``officer`` must not inspect ``target`` (行政处罚法 第四十三条 回避); the draw never matches them."""
    _ensure_role(actor, target.agency, PLAN_ROLES, action="登记回避关系")
    if not scope_for(actor).sees(officer.agency):
        raise ValidationError("所选执法人员不在您的管辖范围内。")
    reason = reason.strip()
    if not reason:
        raise ValidationError("请填写回避事由（如亲属关系、曾在该单位任职）。")
    if TargetRelation.objects.filter(officer=officer, target=target, is_active=True).exists():
        raise RuleViolation(f"{officer.name}与{target.name}的回避关系已登记。")
    relation = TargetRelation(officer=officer, target=target, reason=reason, created_by=actor)
    ensure_fits(relation)
    relation.save()
    audit_record(
        actor=actor,
        entity=relation,
        action="inspection_relation.create",
        summary=f"登记回避：{officer.name}—{target.name}",
        after=snapshot(relation),
    )
    return relation


@transaction.atomic
def target_exemption_create(
    *, actor: User, agency: Agency, target: InspectionTarget, valid_from: date, valid_until: date, reason: str
) -> TargetExemption:
    """白名单: exempt ``target`` from routine draws of ``agency``'s plans, within the limits of ``fazhi.rules``.

    The share is counted over the agency's active register: a white list may not grow into an exemption of all.
    """
    Agency.objects.select_for_update().filter(pk=agency.pk).first()  # one white list grows at a time
    _ensure_role(actor, agency, PLAN_ROLES, action="列入白名单")
    if not target.agency.path.startswith(agency.path):
        raise ValidationError("检查对象不属于该机构的名录库。")
    errors = []
    if not reason.strip():
        errors.append("请填写列入白名单的理由")
    if valid_until < valid_from:
        errors.append("有效期至不能早于有效期自")
    elif (valid_until - valid_from).days + 1 > EXEMPTION_MAX_DAYS:
        errors.append(f"白名单有效期不得超过{EXEMPTION_MAX_DAYS}天")
    if errors:
        raise ValidationError("；".join(errors) + "。")
    overlapping = TargetExemption.objects.filter(
        agency=agency, revoked_on__isnull=True, valid_from__lte=valid_until, valid_until__gte=valid_from
    )
    if overlapping.filter(target=target).exists():
        raise RuleViolation(f"{target.name}在该期间已在白名单中。")
    register = InspectionTarget.objects.filter(agency__path__startswith=agency.path, is_active=True).count()
    limit = exemption_limit(register_size=register)
    if overlapping.values("target").distinct().count() + 1 > limit:
        raise RuleViolation(
            f"白名单不得超过名录库在库对象的规定比例：{register}户中最多{limit}户，该期间已有"
            f"{overlapping.values('target').distinct().count()}户。"
        )
    exemption = TargetExemption(
        agency=agency,
        target=target,
        valid_from=valid_from,
        valid_until=valid_until,
        reason=reason.strip(),
        created_by=actor,
    )
    ensure_fits(exemption)
    exemption.save()
    audit_record(
        actor=actor,
        entity=exemption,
        action="inspection_exemption.create",
        summary=f"列入白名单：{target.name}（至{valid_until:%Y-%m-%d}）",
        after=snapshot(exemption),
    )
    return exemption


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
    item_results: Sequence[tuple[PlanItem, str, str]] | None = None,
) -> InspectionTask:
    """Record the visit's result, item by item when the plan has a 检查事项清单 (every item answered).

    Replacing a drawn officer is allowed but recorded (verify-draw lists it), never by a recused one (回避). A
    drawn task's result is published at once (一公开), masked on the public page.
    """
    task = InspectionTask.objects.select_for_update(of=("self",)).select_related("agency", "plan").get(pk=task.pk)
    _ensure_role(actor, task.agency, INSPECT_ROLES, action="登记检查结果")
    if task.result != InspectionResult.PENDING:
        raise RuleViolation(f"该检查已登记结果（{task.get_result_display()}），不能重复登记。")
    if result not in InspectionResult.values or result == InspectionResult.PENDING:
        raise ValidationError("请选择检查结果。")
    officer_list = list(officers) if officers is not None else list(task.officers.all())
    _check_officers(officer_list, inspected_on)
    _check_recusal(officer_list, task.target_id)
    answers = _check_item_results(task, result, item_results or ())
    before = {**snapshot(task), "officers": sorted(task.officers.values_list("pk", flat=True))}
    task.inspected_on, task.result, task.findings = inspected_on, result, findings.strip()
    if task.is_random:
        task.published_at = clock.now()
    if case is not None:
        task.case = case
    ensure_fits(task)
    task.save()
    if officers is not None:
        task.officers.set(officer_list)
    for item, outcome, note in answers:
        row = TaskItemResult(task=task, item=item, outcome=outcome, note=note.strip())
        ensure_fits(row)
        row.save()
    audit_record(
        actor=actor,
        entity=task,
        action="inspection_task.result",
        summary=f"检查结果：{task.get_result_display()}",
        before=before,
        after={
            **snapshot(task),
            "officers": sorted(o.pk for o in officer_list),
            "items": {str(item.number): outcome for item, outcome, _ in answers},
        },
    )
    return task


def _check_recusal(officers: list[Officer], target_id: int) -> None:
    related = TargetRelation.objects.filter(target_id=target_id, is_active=True, officer__in=officers)
    names = sorted({r.officer.name for r in related.select_related("officer")})
    if names:
        raise RuleViolation(f"{'、'.join(names)}与检查对象有回避关系（行政处罚法第四十三条），不能参加该检查。")


def _check_item_results(
    task: InspectionTask, result: str, answers: Sequence[tuple[PlanItem, str, str]]
) -> list[tuple[PlanItem, str, str]]:
    """Every item of the plan's checklist answered once, consistent with the overall result."""
    items = {i.pk: i for i in task.plan.checklist.all()} if task.plan is not None else {}
    given = {}
    errors = []
    for item, outcome, note in answers:
        if item.pk not in items:
            errors.append(f"检查事项「{item.title}」不在本计划的清单中")
        elif item.pk in given:
            errors.append(f"检查事项「{item.title}」重复")
        elif outcome not in ItemOutcome.values:
            errors.append(f"检查事项「{item.title}」的结果无效")
        else:
            given[item.pk] = (item, outcome, note)
    missing = [i for pk, i in items.items() if pk not in given]
    if missing and not errors:
        errors.append("请逐项登记检查事项清单：" + "、".join(f"{i.number}.{i.title}" for i in missing) + "未登记")
    failed = [i for i, outcome, _ in given.values() if outcome == ItemOutcome.NONCOMPLIANT]
    if failed and result == InspectionResult.COMPLIANT:
        errors.append("有检查事项不符合，检查结果不能为“未发现问题”")
    if errors:
        raise ValidationError("；".join(errors) + "。")
    return sorted(given.values(), key=lambda a: a[0].number)


PHOTO_MAX_BYTES = 20 * 1024 * 1024  # a phone photo; larger files belong in the evidence module


@transaction.atomic
def inspection_photo_add(
    *, actor: User, task: InspectionTask, content: IO[bytes], filename: str, item: PlanItem | None = None
) -> TaskPhoto:
    """A photo of the visit (or of one checklist item), kept by its SHA-256 in the blob store like evidence."""
    task = InspectionTask.objects.select_for_update(of=("self",)).select_related("agency").get(pk=task.pk)
    _ensure_role(actor, task.agency, INSPECT_ROLES, action="上传检查照片")
    if item is not None and (task.plan_id is None or item.plan_id != task.plan_id):
        raise ValidationError("照片所属的检查事项不在本计划的清单中。")
    kind = sniff(content, filename)
    if kind is None or kind not in IMAGES:
        raise ValidationError(f"只能上传照片（{labels(IMAGES)}）。")
    try:
        ref = get_blob_store().put(content, max_size=PHOTO_MAX_BYTES)
    except BlobTooLarge as exc:
        raise ValidationError(f"照片不得超过{PHOTO_MAX_BYTES // 1024 // 1024}MB。") from exc
    photo = TaskPhoto(
        task=task,
        item=item,
        sha256=ref.sha256,
        filename=filename.strip()[:200] or f"photo.{kind.code}",
        content_type=kind.mime,
        size=ref.size,
        uploaded_by=actor,
    )
    ensure_fits(photo)
    photo.save()
    audit_record(
        actor=actor,
        entity=task,
        action="inspection_task.photo",
        summary=f"检查照片：{photo.filename}",
        after=snapshot(photo),
    )
    return photo


@transaction.atomic
def inspection_case_open(
    *,
    actor: User,
    task: InspectionTask,
    power_item_code: str,
    facts: str = "",
    party_kind: str = "",
    party_name: str = "",
    party_id_number: str = "",
) -> Case:
    """A finding opens a case lead (案源登记) in one action: the target as the party, the visit as the discovery."""
    task = InspectionTask.objects.select_for_update(of=("self",)).select_related("agency", "target").get(pk=task.pk)
    _ensure_role(actor, task.agency, INSPECT_ROLES, action="转立案件")
    if task.result not in (InspectionResult.NONCOMPLIANT, InspectionResult.CORRECTED) or task.inspected_on is None:
        raise RuleViolation("只有“发现问题”的检查才能转为案源，请先登记检查结果。")
    if task.case_id is not None:
        raise RuleViolation("该检查已转为案源，不能重复转办。")
    target = task.target
    failed = [r.item.title for r in task.item_results.select_related("item") if r.outcome == ItemOutcome.NONCOMPLIANT]
    default_facts = f"{task.inspected_on:%Y年%m月%d日}检查{target.name}发现问题：{task.findings or '、'.join(failed)}"
    case = case_open(
        actor=actor,
        agency=task.agency,
        source=CaseSource.RANDOM_INSPECTION if task.is_random else CaseSource.PATROL,
        power_item_code=power_item_code,
        party_kind=party_kind or PartyKind.ORGANIZATION,
        party_name=party_name.strip() or target.name,
        party_id_number=party_id_number.strip() or target.uscc,
        act_date=task.inspected_on,
        discovered_on=task.inspected_on,
        location=target.address,
        facts=facts.strip() or default_facts.rstrip("：") + "。",
    )
    before = snapshot(task)
    task.case = case
    task.save(update_fields=["case", "updated_at"])
    audit_record(
        actor=actor,
        entity=task,
        action="inspection_task.case_open",
        summary=f"转案源：{case.lead_number}",
        before=before,
        after=snapshot(task),
    )
    return case
