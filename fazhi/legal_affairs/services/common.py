"""What every legal-work service shares: who may keep the records, and the checks and the audited write."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import models

from fazhi.accounts.models import Role
from fazhi.agencies.models import Agency
from fazhi.agencies.scope import scope_for
from fazhi.core.audit import audit_record, snapshot
from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.core.validation import ensure_fits

if TYPE_CHECKING:
    from fazhi.accounts.models import User
    from fazhi.cases.models import Case


LEGAL_ROLES = (Role.LEGAL_REVIEWER, Role.CLERK, Role.HEAD, Role.SYSTEM_ADMIN)

LAWYER_ONLY_REFUSAL = (
    "不能登记为“仅委托律师出庭”：被诉行政机关负责人应当出庭应诉；不能出庭的，应当委托行政机关相应的工作人员出庭，"
    "不得仅委托律师出庭（行政诉讼法第三条，最高人民法院关于适用《中华人民共和国行政诉讼法》的解释第一百二十八条至"
    "第一百三十二条）。请登记负责人或本机关工作人员的出庭情况。"
)


def _ensure_legal(actor: User, agency: Agency, *, action: str) -> None:
    scope_for(actor).ensure_can_write(agency)
    if not (actor.is_superuser or actor.has_role(*LEGAL_ROLES)):
        labels = "、".join(Role(r).label for r in LEGAL_ROLES[:3])
        raise PermissionDenied(f"{action}须由{labels}办理：您没有相应角色。")


def _ensure_case_in_agency(case: Case | None, agency: Agency) -> None:
    if case is not None and not case.agency.path.startswith(agency.path) and case.legal_subject_id != agency.pk:
        raise ValidationError("所选案件不属于该机构，请重新选择。")


def _text(value: str, label: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError(f"请填写{label}。")
    return value


def _not_before(later: date | None, earlier: date | None, later_label: str, earlier_label: str) -> None:
    if later is not None and earlier is not None and later < earlier:
        raise ValidationError(f"{later_label}（{later:%Y-%m-%d}）不能早于{earlier_label}（{earlier:%Y-%m-%d}）。")


def _write(actor: User, instance: models.Model, *, action: str, summary: str, before: dict[str, Any] | None) -> None:
    ensure_fits(instance)
    instance.save()
    audit_record(actor=actor, entity=instance, action=action, summary=summary, before=before, after=snapshot(instance))
