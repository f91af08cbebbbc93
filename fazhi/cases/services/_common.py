"""Guards shared by the case transitions: who acts, in which state, and the case event they write."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from fazhi import rules
from fazhi.accounts.models import Role
from fazhi.agencies.scope import scope_for
from fazhi.cases.models import Case, CaseHandler
from fazhi.core import clock
from fazhi.core.audit import audit_record
from fazhi.core.errors import PermissionDenied, ValidationError

if TYPE_CHECKING:
    from fazhi.accounts.models import User


def lock_case(case: Case) -> Case:
    """Re-read the case under a row lock: two users acting on one case queue, and each sees the other's result."""
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("agency", "legal_subject", "power_item", "power_item__rule_set", "party")
        .get(pk=case.pk)
    )


def active_handlers(case: Case) -> list[CaseHandler]:
    if "handlers" in getattr(case, "_prefetched_objects_cache", {}):  # 待办 and the case page read them once
        return [h for h in case.handlers.all() if h.removed_on is None]
    return list(case.handlers.select_related("officer", "officer__agency").filter(removed_on__isnull=True))


def is_handler(user: User, case: Case) -> bool:
    return user.officer_id is not None and any(h.officer_id == user.officer_id for h in active_handlers(case))


def ensure_writable(actor: User, case: Case) -> None:
    scope_for(actor).ensure_can_write(case.agency)


def ensure_handler(actor: User, case: Case, *, action: str) -> None:
    ensure_writable(actor, case)
    if not is_handler(actor, case):
        raise PermissionDenied(f"{action}须由本案承办人办理：您不是本案的承办人。")


def in_legal_subject(actor: User, case: Case) -> bool:
    return actor.agency is not None and actor.agency.legal_subject().pk == case.legal_subject_id


def ensure_role(actor: User, case: Case, *roles: str, action: str) -> None:
    """The actor holds one of ``roles`` in the case's own legal subject (a bureau does not act for a township)."""

    ensure_writable(actor, case)
    if not actor.has_role(*roles):
        labels = "或".join(Role(r).label for r in roles)
        raise PermissionDenied(f"{action}须由{labels}办理：您没有该角色。")
    if not in_legal_subject(actor, case):
        raise PermissionDenied(f"本案的执法主体是{case.legal_subject.name}，{action}须由该机关的人员办理。")


def ensure_head(actor: User, case: Case, *, action: str) -> None:

    ensure_role(actor, case, Role.HEAD, action=action)


def case_event(
    *,
    actor: User | None,
    case: Case,
    action: str,
    summary: str,
    after: Mapping[str, Any] | None = None,
    before: Mapping[str, Any] | None = None,
) -> None:
    """One event on the case's hash-chained timeline (its CaseEvent), in the caller's transaction."""
    audit_record(actor=actor, entity=case, action=action, summary=summary, before=before, after=after)


def money(value: object, label: str) -> Decimal:
    """An amount in yuan with exactly two places; a bad amount is a Chinese ValidationError."""
    try:
        return rules.require_money(value, label).quantize(rules.CENT)
    except rules.RulesError as exc:
        raise ValidationError(str(exc)) from exc


def today_or(on: date | None) -> date:
    """The day given, or today; a day after today is refused."""
    today = clock.today()
    on = on or today
    if on > today:
        raise ValidationError("日期不能晚于今天。")
    return on
