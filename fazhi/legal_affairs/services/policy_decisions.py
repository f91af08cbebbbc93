"""重大行政决策: the statutory steps and the adoption."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction

from fazhi.agencies.models import Agency
from fazhi.core.audit import snapshot
from fazhi.core.errors import RuleViolation, ValidationError
from fazhi.legal_affairs.models import (
    MajorPolicyDecision,
)

if TYPE_CHECKING:
    from fazhi.accounts.models import User

from fazhi.legal_affairs.services.common import _ensure_legal, _text, _write

# --- 重大行政决策 -----------------------------------------------------------------------------------------------

_STEP_NAMES = tuple(name for name, _ in MajorPolicyDecision.STEPS)


@transaction.atomic
def major_policy_decision_create(
    *, actor: User, agency: Agency, title: str, note: str = "", **steps: bool
) -> MajorPolicyDecision:
    _ensure_legal(actor, agency, action="登记重大行政决策")
    unknown = set(steps) - set(_STEP_NAMES)
    if unknown:
        raise ValidationError(f"未知的决策程序：{'、'.join(sorted(unknown))}。")
    item = MajorPolicyDecision(agency=agency, title=_text(title, "决策事项"), note=note, created_by=actor, **steps)
    _write(actor, item, action="major_policy_decision.create", summary=f"登记重大行政决策：{item.title}", before=None)
    return item


@transaction.atomic
def major_policy_decision_update_steps(
    *, actor: User, decision: MajorPolicyDecision, **steps: bool
) -> MajorPolicyDecision:
    item = MajorPolicyDecision.objects.select_for_update(of=("self",)).get(pk=decision.pk)
    _ensure_legal(actor, item.agency, action="登记决策程序")
    if item.adopted:
        raise RuleViolation("该决策已作出，程序记录不能再修改。")
    unknown = set(steps) - set(_STEP_NAMES)
    if unknown:
        raise ValidationError(f"未知的决策程序：{'、'.join(sorted(unknown))}。")
    before = snapshot(item)
    for name, value in steps.items():
        setattr(item, name, bool(value))
    _write(actor, item, action="major_policy_decision.steps", summary="更新决策程序", before=before)
    return item


@transaction.atomic
def major_policy_decision_adopt(*, actor: User, decision: MajorPolicyDecision, decided_on: date) -> MajorPolicyDecision:
    """Mark the decision adopted, only when all five statutory steps are done (重大行政决策程序暂行条例 第九条)."""
    item = MajorPolicyDecision.objects.select_for_update(of=("self",)).get(pk=decision.pk)
    _ensure_legal(actor, item.agency, action="登记作出重大行政决策")
    if item.adopted:
        raise RuleViolation("该决策已登记为作出。")
    missing = item.missing_steps()
    if missing:
        raise RuleViolation(
            f"不能登记为已作出：尚缺{'、'.join(missing)}程序。重大行政决策应当经过公众参与、专家论证、风险评估、"
            "合法性审查和集体讨论决定（重大行政决策程序暂行条例第九条），请先补齐并登记这些程序。"
        )
    before = snapshot(item)
    item.adopted, item.decided_on = True, decided_on
    _write(actor, item, action="major_policy_decision.adopt", summary=f"作出决策：{item.title}", before=before)
    return item
