"""督查: a visit to a unit (date, inspectors, findings) and its 交办单 — numbered items with deadlines, each closed
(销号) with the date and a note of the correction made.

Who records: a 负责人, 法制审核人员, 监督人员 or 系统管理员 who sees the unit. An item is open after its deadline
day: the deadline day itself is in time; from the next day it is overdue and listed as such (page, API, 通报).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import QuerySet

from fazhi.agencies.models import Agency
from fazhi.agencies.scope import scope_for
from fazhi.core import clock
from fazhi.core.audit import audit_record
from fazhi.core.errors import NotFoundOrForbidden, PermissionDenied, RuleViolation, ValidationError
from fazhi.supervision.models import AssignmentItem, UnitInspection

if TYPE_CHECKING:
    from fazhi.accounts.models import User

INSPECT_ROLES = ("head", "supervisor", "legal_reviewer", "system_admin")
TEXT_MAX = 4000
ITEMS_MAX = 100


@dataclass(frozen=True)
class ItemIn:
    """One line of a 交办单 as entered."""

    text: str
    deadline: date


def _ensure_inspector(actor: User, agency: Agency) -> None:
    if not actor.has_role(*INSPECT_ROLES):
        raise PermissionDenied("督查须由负责人、法制审核人员或监督人员登记。")
    if not scope_for(actor).sees(agency):
        raise PermissionDenied(f"您无权督查「{agency.name}」。")


@transaction.atomic
def unit_inspection_record(
    *,
    actor: User,
    agency: Agency,
    inspected_on: date,
    inspectors: str,
    findings: str,
    rectification: str = "",
    problems: int = 0,
    items: Sequence[ItemIn] = (),
) -> UnitInspection:
    """督查 of a unit by the bureau or the justice bureau, with its 交办单 (numbered from 1 in the order given)."""
    _ensure_inspector(actor, agency)
    errors = []
    if not inspectors.strip() or not findings.strip():
        errors.append("请填写督查人员和发现的问题")
    if len(findings) > TEXT_MAX or len(rectification) > TEXT_MAX or len(inspectors) > 200:
        errors.append(f"督查人员不超过200字，发现问题和整改要求各不超过{TEXT_MAX}字")
    if inspected_on > clock.today():
        errors.append("督查日期不能晚于今天")
    if not 0 <= problems <= 10_000:
        errors.append("问题数应为0至10000")
    if len(items) > ITEMS_MAX:
        errors.append(f"交办单最多{ITEMS_MAX}项")
    for i, item in enumerate(items, 1):
        if not item.text.strip() or len(item.text) > TEXT_MAX:
            errors.append(f"交办事项第{i}项内容为空或过长")
        if item.deadline < inspected_on:
            errors.append(f"交办事项第{i}项的整改期限不能早于督查日期")
    if errors:
        raise ValidationError("；".join(errors) + "。")
    inspection = UnitInspection.objects.create(
        agency=agency,
        inspected_on=inspected_on,
        inspectors=inspectors.strip(),
        findings=findings.strip(),
        rectification=rectification.strip(),
        problems=max(problems, len(items)),
        recorded_by=actor,
    )
    AssignmentItem.objects.bulk_create(
        AssignmentItem(inspection=inspection, number=i, text=item.text.strip(), deadline=item.deadline)
        for i, item in enumerate(items, 1)
    )
    audit_record(
        actor=actor,
        entity=inspection,
        action="supervision.unit_inspection",
        summary=f"督查{agency.name}" + (f"，交办{len(items)}项" if items else ""),
        after={"items": [{"text": i.text.strip()[:200], "deadline": i.deadline} for i in items]},
    )
    return inspection


@transaction.atomic
def assignment_item_add(*, actor: User, inspection: UnitInspection, text: str, deadline: date) -> AssignmentItem:
    """Add a line to the 交办单 (the next number)."""
    inspection = UnitInspection.objects.select_for_update().select_related("agency").get(pk=inspection.pk)
    _ensure_inspector(actor, inspection.agency)
    if not text.strip() or len(text) > TEXT_MAX:
        raise ValidationError(f"请填写交办事项（不超过{TEXT_MAX}字）。")
    if deadline < inspection.inspected_on:
        raise ValidationError("整改期限不能早于督查日期。")
    number = (inspection.items.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    item = AssignmentItem.objects.create(inspection=inspection, number=number, text=text.strip(), deadline=deadline)
    audit_record(
        actor=actor,
        entity=inspection,
        action="supervision.assignment_item_add",
        summary=f"交办单第{number}项，整改期限{deadline:%Y-%m-%d}",
        after={"item": item.pk, "number": number, "deadline": deadline},
    )
    return item


@transaction.atomic
def assignment_item_close(*, actor: User, item: AssignmentItem, closed_on: date, note: str) -> AssignmentItem:
    """销号: the item is closed on ``closed_on`` (not in the future, not before the 督查) with the correction made."""
    item = AssignmentItem.objects.select_for_update().select_related("inspection__agency").get(pk=item.pk)
    _ensure_inspector(actor, item.inspection.agency)
    if item.closed_on is not None:
        raise RuleViolation(f"交办事项第{item.number}项已于{item.closed_on:%Y-%m-%d}销号。")
    errors = []
    if not note.strip() or len(note) > TEXT_MAX:
        errors.append(f"请填写整改情况（不超过{TEXT_MAX}字）")
    if closed_on > clock.today():
        errors.append("销号日期不能晚于今天")
    if closed_on < item.inspection.inspected_on:
        errors.append("销号日期不能早于督查日期")
    if errors:
        raise ValidationError("；".join(errors) + "。")
    item.closed_on, item.closure_note, item.closed_by = closed_on, note.strip(), actor
    item.save(update_fields=["closed_on", "closure_note", "closed_by"])
    late = closed_on > item.deadline
    audit_record(
        actor=actor,
        entity=item.inspection,
        action="supervision.assignment_item_close",
        summary=f"交办单第{item.number}项销号（{closed_on:%Y-%m-%d}{'，逾期' if late else ''}）",
        after={"item": item.pk, "closed_on": closed_on, "late": late},
    )
    return item


# -- reads --------------------------------------------------------------------------------------------------------


def unit_inspection_list(*, actor: User) -> QuerySet[UnitInspection]:
    return (
        scope_for(actor)
        .filter(UnitInspection.objects.select_related("agency", "recorded_by"))
        .prefetch_related("items")
        .order_by("-inspected_on", "-pk")
    )


def access_unit_inspection(*, actor: User, inspection_id: int) -> UnitInspection:
    found = unit_inspection_list(actor=actor).filter(pk=inspection_id).first()
    if found is None:
        raise NotFoundOrForbidden("督查记录")
    return found


def access_assignment_item(*, actor: User, item_id: int) -> AssignmentItem:
    scope = scope_for(actor)
    found = scope.filter(AssignmentItem.objects.select_related("inspection__agency"), field="inspection__agency")
    item = found.filter(pk=item_id).first()
    if item is None:
        raise NotFoundOrForbidden("交办事项")
    return item


def assignment_items_overdue(*, agency: Agency, today: date) -> QuerySet[AssignmentItem]:
    """Open items past their deadline day in ``agency``'s subtree."""
    return (
        AssignmentItem.objects.filter(
            inspection__agency__path__startswith=agency.path, closed_on__isnull=True, deadline__lt=today
        )
        .select_related("inspection__agency")
        .order_by("deadline", "pk")
    )


def assignment_items_overdue_for(*, actor: User, today: date) -> QuerySet[AssignmentItem]:
    scope = scope_for(actor)
    qs = AssignmentItem.objects.filter(closed_on__isnull=True, deadline__lt=today)
    return scope.filter(qs.select_related("inspection__agency"), field="inspection__agency").order_by("deadline", "pk")
