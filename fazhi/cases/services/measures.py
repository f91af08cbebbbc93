"""行政强制措施 during the investigation: 先行登记保存 (行政处罚法 第五十六条) and 查封、扣押 (行政强制法),
approved, extended, decided and released."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction

from fazhi import rules
from fazhi.cases import deadlines, workflow
from fazhi.cases.models import (
    Case,
    Preservation,
    Seizure,
)
from fazhi.cases.services._common import (
    case_event,
    ensure_head,
    ensure_writable,
    lock_case,
    today_or,
)
from fazhi.core import clock
from fazhi.core.errors import RuleViolation, ValidationError
from fazhi.core.validation import ensure_fits

if TYPE_CHECKING:
    from fazhi.accounts.models import User


@transaction.atomic
def preservation_approve(*, actor: User, case: Case, items: str, saved_on: date | None = None) -> Preservation:
    """先行登记保存, approved by the head (第五十六条); a decision is due within 7 working days."""
    case = lock_case(case)
    ensure_head(actor, case, action="批准先行登记保存")
    workflow.guard("preserve", case, actor, clock.today())
    if not items.strip():
        raise ValidationError("请填写先行登记保存的物品清单。")
    record = Preservation.objects.create(case=case, items=items.strip(), approved_by=actor, saved_on=today_or(saved_on))
    due, assumed = deadlines.soft(rules.preservation_decision_deadline, record.saved_on)
    note = f"（{deadlines.provisional_note(assumed)}）" if assumed else ""
    case_event(
        actor=actor,
        case=case,
        action="case.preservation",
        summary=f"批准先行登记保存，应于{due:%Y年%m月%d日}前作出处理决定{note}",
    )
    return record


@transaction.atomic
def preservation_decide(
    *, actor: User, preservation: Preservation, disposition: str, on: date | None = None
) -> Preservation:
    case = lock_case(preservation.case)
    ensure_writable(actor, case)
    if preservation.decided_on is not None:
        raise RuleViolation("已对先行登记保存的物品作出处理决定。")
    if not disposition.strip():
        raise ValidationError("请写明处理决定（如：解除保存、予以查封扣押等）。")
    preservation.decided_on, preservation.disposition = today_or(on), disposition.strip()
    ensure_fits(preservation)
    preservation.save(update_fields=["decided_on", "disposition"])
    case_event(actor=actor, case=case, action="case.preservation_decide", summary=f"先行登记保存处理：{disposition}")
    return preservation


@transaction.atomic
def seizure_approve(*, actor: User, case: Case, measure: str, items: str, start: date | None = None) -> Seizure:
    """查封/扣押 with the head's prior approval (行政强制法 第十八条): 30 days (第二十五条)."""
    case = lock_case(case)
    ensure_head(actor, case, action="批准查封扣押")
    workflow.guard("seize", case, actor, clock.today())
    if measure not in Seizure.Measure.values or not items.strip():
        raise ValidationError("请选择查封或扣押，并填写财物清单。")
    seizure = Seizure.objects.create(
        case=case, measure=measure, items=items.strip(), approved_by=actor, start=today_or(start)
    )
    case_event(
        actor=actor,
        case=case,
        action="case.seizure",
        summary=f"批准{seizure.get_measure_display()}，期限至{rules.seizure_end(seizure.start):%Y年%m月%d日}",
    )
    return seizure


@transaction.atomic
def seizure_extend(*, actor: User, seizure: Seizure, reason: str, notice_served_on: date | None) -> Seizure:
    """Extend once by 30 days (行政强制法 第二十五条第一款), with the reason and the written notice served.

    "延长查封、扣押的决定应当及时书面告知当事人，并说明理由" (第二十五条第二款): the head's approval is recorded
    together with the reason and the day the written notice reached the party, which must fall within the first
    period (the party learns of the extension before the original 30 days run out) and not after today.
    """
    case = lock_case(seizure.case)
    ensure_head(actor, case, action="批准延长查封扣押期限")
    seizure = Seizure.objects.select_for_update(of=("self",)).get(pk=seizure.pk)
    today = clock.today()
    if seizure.extended_on is not None:
        raise RuleViolation("查封扣押期限只能延长一次，延长期限不得超过三十日（行政强制法第二十五条）。")
    first_end = rules.seizure_end(seizure.start)
    if seizure.released_on is not None or today > first_end:
        raise RuleViolation("查封扣押期限已届满或已解除，不能延长（行政强制法第二十五条）。")
    missing = []
    if not reason.strip():
        missing.append("延长的理由")
    if notice_served_on is None:
        missing.append("延长决定书面告知当事人的送达日期")
    if missing:
        raise ValidationError(
            f"延长查封、扣押须写明{'和'.join(missing)}：延长查封、扣押的决定应当及时书面告知当事人，"
            "并说明理由（行政强制法第二十五条第二款）。"
        )
    assert notice_served_on is not None
    if not seizure.start <= notice_served_on <= min(today, first_end):
        raise ValidationError(
            f"延长决定书面告知的送达日期应在{seizure.start:%Y年%m月%d日}至"
            f"{min(today, first_end):%Y年%m月%d日}之间：不能晚于今天，也不能晚于原查封扣押期限届满日"
            f"{first_end:%Y年%m月%d日}（行政强制法第二十五条第二款）。"
        )
    seizure.extended_by, seizure.extended_on = actor, today
    seizure.extension_reason, seizure.extension_notice_served_on = reason.strip(), notice_served_on
    ensure_fits(seizure)
    seizure.save(update_fields=["extended_by", "extended_on", "extension_reason", "extension_notice_served_on"])
    case_event(
        actor=actor,
        case=case,
        action="case.seizure_extend",
        summary=f"延长{seizure.get_measure_display()}期限至{rules.seizure_end(seizure.start, True):%Y年%m月%d日}"
        f"：{seizure.extension_reason}；{notice_served_on:%Y年%m月%d日}书面告知当事人",
    )
    return seizure


@transaction.atomic
def seizure_release(*, actor: User, seizure: Seizure, on: date | None = None) -> Seizure:
    case = lock_case(seizure.case)
    ensure_writable(actor, case)
    if seizure.released_on is not None:
        raise RuleViolation("已解除。")
    seizure.released_on = today_or(on)
    seizure.save(update_fields=["released_on"])
    case_event(actor=actor, case=case, action="case.seizure_release", summary=f"解除{seizure.get_measure_display()}")
    return seizure
