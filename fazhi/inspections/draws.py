"""The committed draw of a plan: commit (seed hash + register snapshot), run (seed revealed), redraw, verify.

Why two steps: a user who picks the seed, or who may draw again, can draw until the result suits him. Here the
seed is chosen by the system and only its SHA-256 is published at the commitment, together with the snapshot of
both registers and its SHA-256; the draw then reveals the seed, and the assignment follows from (seed, snapshot)
by ``fazhi.rules.draw_assign`` — nothing else. A second draw of the same plan needs a recorded reason, and the
first stays published, marked superseded.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.timezone import localtime

from fazhi.agencies.models import Officer
from fazhi.agencies.selectors import officer_certificate_problem
from fazhi.core import clock
from fazhi.core.audit import audit_record
from fazhi.core.errors import RuleViolation, ValidationError
from fazhi.core.models import AuditEvent
from fazhi.inspections.models import (
    Draw,
    DrawStatus,
    InspectionPlan,
    InspectionResult,
    InspectionTarget,
    InspectionTask,
    TargetExemption,
    TargetRelation,
)
from fazhi.inspections.services import PLAN_ROLES, _ensure_role, draw_target_count
from fazhi.rules import (
    ALGORITHM_VERSION,
    RECUSAL_MONTHS_DEFAULT,
    REPEAT_DRAW_DAYS_DEFAULT,
    DrawRefused,
    draw_assign,
    draw_check,
    recusal_window_start,
    seed_commitment,
    snapshot_digest,
)

if TYPE_CHECKING:
    from fazhi.accounts.models import User

__all__ = ["DrawCheck", "draw_commit", "draw_published", "draw_redraw", "draw_run", "draw_verify"]

REDRAW_REASON_MIN = 4  # characters: "重新抽取" alone says nothing; a reason names what went wrong


def recusal_months() -> int:
    return int(getattr(settings, "FAZHI_INSPECTION_RECUSAL_MONTHS", RECUSAL_MONTHS_DEFAULT))


def repeat_days() -> int:
    return int(getattr(settings, "FAZHI_INSPECTION_REPEAT_DAYS", REPEAT_DRAW_DAYS_DEFAULT))


# --- the snapshot ----------------------------------------------------------------------------------------------


def register_snapshot(*, plan: InspectionPlan, on: date) -> dict[str, Any]:
    """Both registers of ``plan`` as the draw on ``on`` uses them, in the published form (ids and attributes only).

    Targets: active, of the plan's agency and below, of its category; minus the 白名单 of that day and the targets
    another plan drew within ``repeat_days()`` (unless the plan allows repeats) — these are listed in ``excluded``.
    Inspectors: active officers of the agency and below, with ``certificate_valid`` on ``on``. ``recusals``: the
    active 回避 relations and the inspectors of the target's visits within ``recusal_months()`` before ``on``.
    """
    targets = InspectionTarget.objects.filter(agency__path__startswith=plan.agency.path, is_active=True)
    if plan.category:
        targets = targets.filter(category=plan.category)
    rows = {t.pk: t for t in targets}
    excluded: dict[int, str] = {}
    exempt = TargetExemption.objects.filter(
        target_id__in=rows, revoked_on__isnull=True, valid_from__lte=on, valid_until__gte=on
    )
    for target_id in exempt.values_list("target_id", flat=True):
        excluded[target_id] = "whitelist"
    if not plan.allow_repeat:
        recent = InspectionTask.objects.filter(
            target_id__in=rows,
            is_random=True,
            draw__status=DrawStatus.DRAWN,
            draw__drawn_at__date__gte=on - timedelta(days=repeat_days()),
        ).exclude(plan=plan)
        for target_id in recent.values_list("target_id", flat=True):
            excluded.setdefault(target_id, "recent_draw")
    officers = Officer.objects.filter(agency__path__startswith=plan.agency.path, is_active=True).prefetch_related(
        "certificates"
    )
    inspectors = sorted(
        ({"id": o.pk, "certificate_valid": officer_certificate_problem(officer=o, on=on) is None} for o in officers),
        key=lambda r: r["id"],
    )
    drawable = sorted(set(rows) - set(excluded))
    officer_ids = [r["id"] for r in inspectors]
    pairs = set(
        TargetRelation.objects.filter(is_active=True, target_id__in=drawable, officer_id__in=officer_ids).values_list(
            "officer_id", "target_id"
        )
    )
    since = recusal_window_start(on=on, months=recusal_months())
    visited = InspectionTask.officers.through.objects.filter(
        inspectiontask__target_id__in=drawable,
        officer_id__in=officer_ids,
        inspectiontask__inspected_on__gte=since,
        inspectiontask__inspected_on__lte=on,
    )
    pairs |= set(visited.values_list("officer_id", "inspectiontask__target_id"))
    return {
        "algorithm": ALGORITHM_VERSION,
        "plan": plan.pk,
        "inspection_date": on.isoformat(),
        "target_count": draw_target_count(candidates=len(drawable), share=plan.sample_share),
        "inspectors_per_target": plan.officers_per_task,
        "targets": [
            {"id": t, "risk": rows[t].risk_level, "credit": rows[t].credit_grade, "category": rows[t].category}
            for t in drawable
        ],
        "inspectors": inspectors,
        "recusals": sorted([i, t] for i, t in pairs),
        "excluded": [{"id": t, "reason": excluded[t]} for t in sorted(excluded)],
        "settings": {"recusal_months": recusal_months(), "repeat_days": repeat_days()},
    }


def _feasibility_errors(snap: dict[str, Any], names: dict[int, str]) -> list[str]:
    """Why this snapshot cannot be drawn, found at the commitment so that the draw itself never fails."""
    per_target = snap["inspectors_per_target"]
    valid = [r["id"] for r in snap["inspectors"] if r["certificate_valid"]]
    if snap["target_count"] == 0:
        return ["检查对象名录库中没有可抽取的对象（或均在白名单中、近期已被抽取），请先登记检查对象"]
    if len(valid) < per_target:
        return [
            f"持有效执法证的执法人员只有{len(valid)}人，少于每户{per_target}人（行政处罚法第四十二条），"
            "请先补充执法人员或核对执法证"
        ]
    recused = {(i, t) for i, t in snap["recusals"]}
    short = [
        names.get(row["id"], str(row["id"]))
        for row in snap["targets"]
        if sum(1 for i in valid if (i, row["id"]) not in recused) < per_target
    ]
    if short:
        return [f"以下检查对象回避后可派检查人员不足{per_target}人：{'、'.join(short[:10])}，请补充执法人员"]
    return []


# --- commit, run, redraw ---------------------------------------------------------------------------------------


def _current(plan: InspectionPlan) -> Draw | None:
    return plan.draws.exclude(status=DrawStatus.SUPERSEDED).order_by("-pk").first()


def _commit(*, actor: User, plan: InspectionPlan, on: date) -> Draw:
    snap = register_snapshot(plan=plan, on=on)
    names = dict(InspectionTarget.objects.filter(pk__in=[t["id"] for t in snap["targets"]]).values_list("pk", "name"))
    errors = _feasibility_errors(snap, names)
    if errors:
        raise RuleViolation("；".join(errors) + "。")
    seed = secrets.token_hex(32)
    draw = Draw.objects.create(
        agency=plan.agency,
        plan=plan,
        status=DrawStatus.COMMITTED,
        algorithm_version=ALGORITHM_VERSION,
        seed_hash=seed_commitment(seed),
        seed_secret=seed,
        snapshot=snap,
        snapshot_hash=snapshot_digest(snap),
        committed_at=clock.now(),
        committed_by=actor,
        candidate_target_ids=[t["id"] for t in snap["targets"]],
        candidate_officer_ids=[r["id"] for r in snap["inspectors"] if r["certificate_valid"]],
        target_count=snap["target_count"],
        officers_per_task=snap["inspectors_per_target"],
    )
    audit_record(
        actor=actor,
        entity=draw,
        action="draw.commit",
        summary=f"抽取承诺：{plan}，从{len(snap['targets'])}户中抽取{snap['target_count']}户，种子哈希{draw.seed_hash[:12]}…",
        after={
            "plan": plan.pk,
            "algorithm_version": draw.algorithm_version,
            "seed_hash": draw.seed_hash,
            "snapshot_hash": draw.snapshot_hash,
        },
    )
    return draw


def _inspection_date(plan: InspectionPlan, on: date | None) -> date:
    day = on or plan.inspection_date or clock.today()
    if day < clock.today():
        raise ValidationError("计划检查日期不能早于今天：执法证须在检查当日有效。")
    return day


@transaction.atomic
def draw_commit(*, actor: User, plan: InspectionPlan, inspection_date: date | None = None) -> Draw:
    """承诺: publish the seed's hash and the registers' snapshot of the plan's one draw, before it happens."""
    plan = InspectionPlan.objects.select_for_update(of=("self",)).select_related("agency").get(pk=plan.pk)
    _ensure_role(actor, plan.agency, PLAN_ROLES, action="抽取承诺")
    current = _current(plan)
    if current is not None:
        raise RuleViolation(
            f"本计划已于{localtime(current.committed_at):%Y-%m-%d %H:%M}作出抽取承诺，每个计划只抽取一次；"
            "确需重新抽取的，请填写理由办理“重新抽取”。"
        )
    return _commit(actor=actor, plan=plan, on=_inspection_date(plan, inspection_date))


@transaction.atomic
def draw_run(*, actor: User, draw: Draw) -> Draw:
    """摇号: reveal the committed seed and assign by ``draw_assign``; one task per drawn target."""
    draw = Draw.objects.select_for_update(of=("self",)).select_related("plan", "agency").get(pk=draw.pk)
    _ensure_role(actor, draw.agency, PLAN_ROLES, action="随机抽取")
    if draw.status != DrawStatus.COMMITTED:
        raise RuleViolation(f"该抽取{draw.get_status_display()}，不能再次抽取。")
    now = clock.now()
    if draw.committed_at is None or now < draw.committed_at:
        raise RuleViolation("抽取须在承诺公布之后进行。")
    try:
        outcome = draw_assign(seed=draw.seed_secret, snapshot=draw.snapshot)
    except DrawRefused as exc:  # not expected: the commitment checked feasibility
        raise RuleViolation(f"{exc}请办理“重新抽取”。") from exc
    draw.seed = draw.seed_secret
    draw.status = DrawStatus.DRAWN
    draw.drawn_at, draw.drawn_by = now, actor
    draw.order = list(outcome.order)
    draw.assignment = {str(t): list(ids) for t, ids in outcome.assignment.items()}
    draw.save()
    draw.targets.set(outcome.order)
    draw.officers.set(sorted({o for ids in outcome.assignment.values() for o in ids}))
    targets = InspectionTarget.objects.in_bulk(list(outcome.order))
    joint = bool(draw.plan.joint_agencies)
    for target_id in outcome.order:
        task = InspectionTask.objects.create(
            agency=draw.agency,
            plan=draw.plan,
            draw=draw,
            target=targets[target_id],
            is_random=True,
            is_joint=joint,
            joint_agencies=draw.plan.joint_agencies,
            created_by=actor,
        )
        task.officers.set(outcome.assignment[target_id])
    audit_record(
        actor=actor,
        entity=draw,
        action="draw.run",
        summary=f"随机抽取：公开种子，抽中{len(outcome.order)}户",
        after={"seed": draw.seed, "order": draw.order, "assignment": draw.assignment},
    )
    return draw


@transaction.atomic
def draw_redraw(*, actor: User, plan: InspectionPlan, reason: str, inspection_date: date | None = None) -> Draw:
    """重新抽取: supersede the plan's draw with a recorded reason (it stays published) and commit a new one.

    Refused once a drawn target was inspected: the draw has been acted on. The pending tasks of the superseded draw
    are withdrawn (their ids are in the audit event).
    """
    plan = InspectionPlan.objects.select_for_update(of=("self",)).select_related("agency").get(pk=plan.pk)
    _ensure_role(actor, plan.agency, PLAN_ROLES, action="重新抽取")
    reason = reason.strip()
    if len(reason) < REDRAW_REASON_MIN:
        raise ValidationError(f"重新抽取须写明理由（至少{REDRAW_REASON_MIN}个字），理由将与原抽取一并公示。")
    current = _current(plan)
    if current is None:
        raise RuleViolation("本计划尚未作出抽取承诺，无需重新抽取。")
    current = Draw.objects.select_for_update(of=("self",)).get(pk=current.pk)
    if current.tasks.exclude(result=InspectionResult.PENDING).exists():
        raise RuleViolation("原抽取的检查已有结果登记，不能重新抽取。")
    withdrawn = sorted(current.tasks.values_list("pk", flat=True))
    for task in current.tasks.all():
        task.officers.clear()
        task.delete()
    current.status = DrawStatus.SUPERSEDED
    current.superseded_at = clock.now()
    current.superseded_reason = reason[:300]
    if not current.seed:  # a commitment never drawn: reveal its seed too, so that nothing stays secret
        current.seed = current.seed_secret
    current.save()
    audit_record(
        actor=actor,
        entity=current,
        action="draw.supersede",
        summary=f"重新抽取，原抽取作废：{reason[:200]}",
        after={"reason": reason, "withdrawn_tasks": withdrawn, "seed": current.seed},
    )
    return _commit(actor=actor, plan=plan, on=_inspection_date(plan, inspection_date))


# --- verification ----------------------------------------------------------------------------------------------


@dataclass
class DrawCheck:
    """The check of a stored draw. ``problems``: the draw does not reproduce; ``changes``: tasks changed later."""

    draw_id: int
    status: str
    problems: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def draw_published(draw: Draw) -> dict[str, Any]:
    """What is published of a draw (the public JSON): the secret seed only once revealed."""
    return {
        "draw": draw.pk,
        "plan": draw.plan_id,
        "status": draw.status,
        "algorithm_version": draw.algorithm_version,
        "committed_at": draw.committed_at.isoformat() if draw.committed_at else None,
        "seed_hash": draw.seed_hash,
        "snapshot_hash": draw.snapshot_hash,
        "snapshot": draw.snapshot,
        "seed": draw.seed or None,
        "drawn_at": draw.drawn_at.isoformat() if draw.drawn_at else None,
        "order": draw.order,
        "assignment": draw.assignment,
        "superseded_reason": draw.superseded_reason,
    }


def draw_verify(draw: Draw) -> DrawCheck:
    """Re-check a stored draw: its commitment against the audit chain, then ``draw_check`` on its values, then the
    stored targets and tasks against the assignment."""
    check = DrawCheck(draw_id=draw.pk, status=draw.status)
    if not draw.algorithm_version:
        check.problems.append("该抽取早于“先承诺、后抽取”机制（无种子哈希与名录快照），无法按公开算法复核")
        return check
    committed = (
        AuditEvent.objects.filter(entity_type="inspections.draw", entity_id=str(draw.pk), action="draw.commit")
        .order_by("seq")
        .first()
    )
    recorded = (committed.after or {}) if committed is not None else {}
    for key, label in (("seed_hash", "种子哈希"), ("snapshot_hash", "名录快照哈希"), ("algorithm_version", "算法版本")):
        if recorded.get(key) != getattr(draw, key):
            check.problems.append(f"{label}与承诺时审计记录中的不符（承诺后被改动）")
    if snapshot_digest(draw.snapshot) != draw.snapshot_hash:
        check.problems.append("名录快照与承诺时公布的SHA-256不符：检查对象或检查人员名录被改动")
    if not draw.seed:
        return check  # committed, not drawn yet: nothing more to re-compute
    problems = draw_check(
        seed=draw.seed,
        seed_hash=draw.seed_hash,
        snapshot=draw.snapshot,
        snapshot_hash=draw.snapshot_hash,
        algorithm_version=draw.algorithm_version,
        order=draw.order,
        assignment=draw.assignment,
    )
    check.problems += [p for p in problems if p not in check.problems]
    if draw.status != DrawStatus.DRAWN or check.problems:
        return check
    if set(draw.targets.values_list("pk", flat=True)) != set(draw.order):
        check.problems.append("记录的抽中对象与抽取结果不同")
    tasks = {t.target_id: sorted(o.pk for o in t.officers.all()) for t in draw.tasks.prefetch_related("officers")}
    if set(tasks) != set(draw.order):
        check.problems.append("检查任务与抽中对象不一致")
    for target_id, officers in sorted(tasks.items()):
        expected = draw.assignment.get(str(target_id))
        if expected is not None and officers != sorted(expected):
            check.changes.append(f"检查对象{target_id}的检查人员由{expected}调整为{officers}")
    return check


def draw_lookup(*, draw_id: int | None = None, plan_id: int | None = None) -> list[Draw]:
    """The draws a command names: one draw, or every draw of a plan (oldest first)."""
    qs = Draw.objects.select_related("plan")
    where = Q(pk=draw_id) if draw_id is not None else Q(plan_id=plan_id)
    return list(qs.filter(where).order_by("pk"))
