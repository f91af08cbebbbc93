"""Reads of cases, always through the actor's scope."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from fazhi.agencies.scope import scope_for
from fazhi.cases.models import Case
from fazhi.core.errors import NotFoundOrForbidden

if TYPE_CHECKING:
    from fazhi.accounts.models import User


def case_list(*, actor: User, state: str | None = None, search: str = "") -> QuerySet[Case]:
    qs = scope_for(actor).filter(Case.objects.select_related("agency", "party", "power_item", "power_item__rule_set"))
    if state:
        qs = qs.filter(state=state)
    if search:
        qs = qs.filter(register_number__contains=search) | qs.filter(lead_number__contains=search)
    return qs.order_by("-created_at")


def access_case(*, actor: User, case_id: int) -> Case:
    case = Case.objects.select_related("agency", "legal_subject", "party", "power_item").filter(pk=case_id).first()
    if case is None or not scope_for(actor).sees(case.agency):
        raise NotFoundOrForbidden("案件")
    return case
