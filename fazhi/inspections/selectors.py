"""Reads of inspections: scoped lists and access, repeated inspections of a target, and report figures."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet

from fazhi.agencies.models import Agency
from fazhi.agencies.scope import scope_for
from fazhi.core.errors import NotFoundOrForbidden
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

if TYPE_CHECKING:
    from fazhi.accounts.models import User


def inspection_target_list(*, actor: User, search: str = "") -> QuerySet[InspectionTarget]:
    qs = scope_for(actor).filter(InspectionTarget.objects.select_related("agency"))
    if search:
        qs = qs.filter(Q(name__contains=search) | Q(uscc__contains=search) | Q(address__contains=search))
    return qs.order_by("agency__path", "name", "pk")


def inspection_plan_list(*, actor: User, year: int | None = None) -> QuerySet[InspectionPlan]:
    qs = scope_for(actor).filter(InspectionPlan.objects.select_related("agency"))
    return (qs.filter(year=year) if year else qs).order_by("-year", "-pk")


def inspection_task_list(*, actor: User, year: int | None = None) -> QuerySet[InspectionTask]:
    qs = scope_for(actor).filter(InspectionTask.objects.select_related("agency", "target", "plan"))
    if year:
        qs = qs.filter(Q(inspected_on__year=year) | Q(inspected_on__isnull=True, created_at__year=year))
    return qs.prefetch_related("officers").order_by("-inspected_on", "-pk")


def _access(qs: QuerySet[Any], pk: int, what: str) -> Any:
    row = qs.filter(pk=pk).first()
    if row is None:
        raise NotFoundOrForbidden(what)
    return row


def access_inspection_target(*, actor: User, target_id: int) -> InspectionTarget:
    return _access(inspection_target_list(actor=actor), target_id, "检查对象")


def access_inspection_plan(*, actor: User, plan_id: int) -> InspectionPlan:
    return _access(inspection_plan_list(actor=actor), plan_id, "抽查计划")


def access_inspection_task(*, actor: User, task_id: int) -> InspectionTask:
    return _access(inspection_task_list(actor=actor), task_id, "检查任务")


def access_draw(*, actor: User, draw_id: int) -> Draw:
    return _access(scope_for(actor).filter(Draw.objects.select_related("plan")), draw_id, "随机抽取")


def target_relation_list(*, actor: User) -> QuerySet[TargetRelation]:
    """The 回避 relations of the targets the actor sees (internal: the public page publishes only the pairs' ids)."""
    targets = inspection_target_list(actor=actor).values("pk")
    return (
        TargetRelation.objects.filter(target__in=targets, is_active=True)
        .select_related("officer", "target")
        .order_by("target__name", "officer__name", "pk")
    )


def target_exemption_list(*, actor: User, today: date) -> QuerySet[TargetExemption]:
    """The 白名单 entries in force on ``today`` or later, of the agencies the actor sees."""
    return (
        scope_for(actor)
        .filter(TargetExemption.objects.select_related("target", "agency"))
        .filter(revoked_on__isnull=True, valid_until__gte=today)
        .order_by("valid_until", "pk")
    )


# --- the public page (no login): what 一公开 publishes -------------------------------------------------------------


def public_draw_list() -> QuerySet[Draw]:
    """Every committed draw, newest first, superseded ones included (a redraw leaves the first visible)."""
    return Draw.objects.exclude(algorithm_version="").select_related("plan", "agency").order_by("-committed_at", "-pk")


def public_draw(*, draw_id: int) -> Draw:
    draw = public_draw_list().filter(pk=draw_id).first()
    if draw is None:
        raise NotFoundOrForbidden("抽取")
    return draw


def public_draw_tasks(*, draw: Draw) -> QuerySet[InspectionTask]:
    """The tasks of a drawn draw with their results once published."""
    if draw.status != DrawStatus.DRAWN:
        return InspectionTask.objects.none()
    return (
        draw.tasks.select_related("target")
        .prefetch_related("officers", "item_results__item")
        .order_by("target__name", "pk")
    )


def same_target_within(
    *, target: InspectionTarget, on: date, days: int = 60, exclude: InspectionTask | None = None
) -> QuerySet[InspectionTask]:
    """Other inspections of ``target`` carried out within ``days`` days before or after ``on`` (inclusive).

    Supervision alerts on these: repeated visits to the same business (多头检查、重复检查) are what 综合查一次
    is meant to avoid.
    """
    qs = InspectionTask.objects.filter(
        target=target, inspected_on__range=(on - timedelta(days=days), on + timedelta(days=days))
    )
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.order_by("inspected_on", "pk")


def inspection_figures(*, agency: Agency, start: date, end: date) -> dict[str, Any]:
    """ "双随机、一公开"检查N次, "综合查一次"联合检查M次, by result, over inspections done in ``[start, end]``."""
    qs = InspectionTask.objects.filter(agency__path__startswith=agency.path, inspected_on__range=(start, end))
    agg = qs.aggregate(
        inspections=Count("pk"),
        random=Count("pk", filter=Q(is_random=True)),
        joint=Count("pk", filter=Q(is_joint=True)),
        problems=Count("pk", filter=Q(result__in=[InspectionResult.NONCOMPLIANT, InspectionResult.CORRECTED])),
        to_case=Count("pk", filter=Q(case__isnull=False)),
    )
    agg["by_result"] = {row["result"]: row["n"] for row in qs.values("result").annotate(n=Count("pk"))}
    agg["draws"] = Draw.objects.filter(agency__path__startswith=agency.path, drawn_at__date__range=(start, end)).count()
    return agg
