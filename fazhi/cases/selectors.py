"""Reads of cases, always through the actor's scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from fazhi.agencies.models import Officer
from fazhi.agencies.scope import scope_for
from fazhi.cases.deadlines import Deadline, case_deadlines, pending_remedy
from fazhi.cases.models import OPEN_STATES, Case, CaseState, ExtensionProvision
from fazhi.core import clock
from fazhi.core.errors import NotFoundOrForbidden
from fazhi.core.periods import in_force_q

if TYPE_CHECKING:
    from fazhi.accounts.models import User
    from fazhi.agencies.models import Agency, Officer


def case_list(
    *,
    actor: User,
    state: str | None = None,
    search: str = "",
    procedure: str | None = None,
    source: str | None = None,
    agency: Agency | None = None,
    registered_from: date | None = None,
    registered_to: date | None = None,
    power_item_code: str = "",
) -> QuerySet[Case]:
    """The cases the actor may see, filtered; ``agency`` includes its subordinate units."""
    qs = scope_for(actor).filter(
        Case.objects.select_related("agency", "party", "power_item", "power_item__rule_set", "decision")
    )
    if state:
        qs = qs.filter(state=state)
    if procedure:
        qs = qs.filter(procedure=procedure)
    if source:
        qs = qs.filter(source=source)
    if agency is not None:
        qs = qs.filter(agency__path__startswith=agency.path)
    if registered_from:
        qs = qs.filter(registered_on__gte=registered_from)
    if registered_to:
        qs = qs.filter(registered_on__lte=registered_to)
    if power_item_code:
        qs = qs.filter(power_item__code=power_item_code)
    if search:
        qs = qs.filter(
            Q(register_number__contains=search)
            | Q(lead_number__contains=search)
            | Q(party__name__contains=search)
            | Q(decision__number__contains=search)
        )
    return qs.order_by("-created_at")


def access_case(*, actor: User, case_id: int) -> Case:
    case = Case.objects.select_related("agency", "legal_subject", "party", "power_item").filter(pk=case_id).first()
    if case is None or not scope_for(actor).sees(case.agency):
        raise NotFoundOrForbidden("案件")
    return case


def access_case_by_decision_number(*, actor: User, number: str) -> Case:
    """The case whose decision bears 决定书文号 ``number``; "not found" and "not in scope" answer alike."""
    number = number.strip()
    case = (
        Case.objects.select_related("agency", "legal_subject", "party", "power_item")
        .filter(decision__number=number)
        .first()
        if number
        else None
    )
    if case is None or not scope_for(actor).sees(case.agency):
        raise NotFoundOrForbidden(f"决定书文号为「{number}」的案件")
    return case


def access_officer_for_case(*, actor: User, case: Case, officer_id: int) -> Officer:
    """An officer of the case's legal subject, for a case the actor may see (a hearing host, a new handler).

    A squad's handler cannot list the other squads, but the bureau's officers may be named on its cases.
    """

    officer = Officer.objects.select_related("agency").filter(pk=officer_id).first()
    if officer is None or officer.agency.legal_subject().pk != case.legal_subject_id:
        raise NotFoundOrForbidden("执法人员")
    return officer


@dataclass(frozen=True)
class TodoItem:
    case: Case
    task: str
    deadline: Deadline | None

    def status(self, today: date) -> str:
        return self.deadline.status(today) if self.deadline else "open"


def _task(case: Case, user: User) -> str | None:
    """What ``user`` has to do on ``case`` now, if anything (the first action open to him, by role)."""
    from fazhi.cases import workflow  # noqa: PLC0415 — the workflow imports the services, which import selectors

    if case.state == CaseState.LEAD:
        return "立案审批" if user.has_role("head") and workflow.in_legal_subject(user, case) else None

    remedy = pending_remedy(case)
    # 复议答复 (行政复议法第四十八条、第五十四条) or 答辩 (行政诉讼法第六十七条): the legal section's task
    legal = user.has_role("legal_reviewer", "clerk", "head") and workflow.in_legal_subject(user, case)
    if remedy is not None and remedy.reply_done_on is None and remedy.reply_label and legal:
        return remedy.reply_label
    for action in workflow.available_actions(case, user, clock.today()):
        if action.allowed:
            return action.label
    return None


def todo_list(*, actor: User, today: date, limit: int = 200) -> list[TodoItem]:
    """待办: the open cases the actor can act on now, soonest deadline first, overdue first of all."""

    qs = (
        case_list(actor=actor)
        .filter(state__in=[*OPEN_STATES, CaseState.LEAD])
        .prefetch_related(
            "handlers",
            "reports",
            "case_reviews",
            "legal_reviews",
            "discussions",
            "notices",
            "hearings",
            "services",
            "payments",
            "arrangements",
            "suspensions",
            "extensions",
            "court_enforcements",
            "transfers",
            "preservations",
            "seizures",
            "remedies",
        )[:2000]
    )
    items = []
    for case in qs:
        task = _task(case, actor)
        if task is None:
            continue
        pending = [d for d in case_deadlines(case, today) if d.done_on is None]
        duties = [d for d in pending if not d.is_party_period]  # the agency's own deadlines come first
        first = (duties or pending)[:1]
        items.append(TodoItem(case, task, first[0] if first else None))
    items.sort(key=lambda i: (i.deadline is None, i.deadline.due if i.deadline else date.max))
    return items[:limit]


def extension_provisions_in_force(*, on: date) -> list[ExtensionProvision]:
    """The provisions allowing an extension of the 90-day limit in force on ``on`` (行政处罚法 第六十条)."""
    return list(ExtensionProvision.objects.filter(in_force_q(on)))
