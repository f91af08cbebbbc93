"""Reads of cases, always through the actor's scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, prefetch_related_objects

from fazhi.agencies.models import Officer
from fazhi.agencies.scope import scope_for
from fazhi.cases.deadlines import Deadline, case_deadlines, pending_remedy
from fazhi.cases.models import OPEN_STATES, Case, CaseState, Decision, ExtensionProvision, Party
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
        qs = qs.filter(pk__in=_search_ids(search))
    return qs.order_by("-created_at", "-pk")


def _search_ids(search: str) -> QuerySet[Any]:
    """The ids of the cases whose 案源编号, 立案编号, party's name or 决定书文号 contains ``search``.

    The same matching as a ``contains`` on each field (case-sensitive ``LIKE '%…%'`` on PostgreSQL, SQLite's
    ``LIKE``), asked as one ``UNION`` of a query per table rather than an ``OR`` across a join, so that each part
    is served by its own index: on PostgreSQL the trigram GIN indexes of migration 0006 (three characters or
    more; a shorter text has no trigram and is scanned), on SQLite a scan of the column.
    """
    parties = Party.objects.filter(name__contains=search).order_by().values("pk")
    return (
        Case.objects.filter(register_number__contains=search)
        .order_by()
        .values("pk")
        .union(
            Case.objects.filter(lead_number__contains=search).order_by().values("pk"),
            Case.objects.filter(party__in=parties).order_by().values("pk"),
            Decision.objects.filter(number__contains=search).order_by().values("case_id"),
        )
    )


def access_case(*, actor: User, case_id: int) -> Case:
    case = Case.objects.select_related("agency", "legal_subject", "party", "power_item").filter(pk=case_id).first()
    if case is None or not scope_for(actor).sees(case.agency):
        raise NotFoundOrForbidden("案件")
    return case


#: The case's own records read by its deadlines, blockers and page (``cases`` models with a ``case`` key).
CASE_RECORDS: tuple[str, ...] = (
    "handlers",
    "extensions",
    "suspensions",
    "recusals",
    "preservations",
    "seizures",
    "reports",
    "case_reviews",
    "legal_reviews",
    "discussions",
    "service_consents",
    "notices",
    "representations",
    "hearings",
    "services",
    "arrangements",
    "payments",
    "reminders",
    "court_enforcements",
    "transfers",
    "remedies",
)


#: The rows each record brings along (what the page, its 文书 panel and 待办 read of them).
_RECORD_RELATED: dict[str, tuple[str, ...]] = {
    "handlers": ("officer", "officer__agency", "certificate"),
    "recusals": ("officer",),
    "legal_reviews": ("reviewer",),
    "discussions": ("chaired_by",),
    "hearings": ("host",),
    "transfers": ("approved_by",),
    "preservations": ("approved_by",),
    "service_consents": ("confirmation",),
}


def _record_prefetch(name: str) -> str | Prefetch[Any]:
    """How ``name`` is prefetched: with the rows it brings along (``_RECORD_RELATED``)."""
    related = _RECORD_RELATED.get(name)
    if related is None:
        return name
    return Prefetch(name, _related_model(name).objects.select_related(*related))


def with_records(case: Case, names: tuple[str, ...] = CASE_RECORDS) -> Case:
    """``case`` with its records ``names`` read once each, so that the page's many readers share them.

    Which of them exist is asked in one query (an ``EXISTS`` per kind, each served by the ``case_id`` index); the
    empty ones are set empty without a query and only the others are fetched: a case with few records (a lead,
    most cases) costs a few queries, not one per kind.
    """
    present = (
        Case.objects.filter(pk=case.pk)
        .annotate(**{f"has_{n}": Exists(_related_model(n).objects.filter(case_id=OuterRef("pk"))) for n in names})
        .values(*(f"has_{n}" for n in names))
        .first()
        or {}
    )
    cache = case.__dict__.setdefault("_prefetched_objects_cache", {})
    fetch: list[str | Prefetch[Any]] = []
    for name in names:
        if present.get(f"has_{name}"):
            fetch.append(_record_prefetch(name))
            continue
        empty = getattr(case, name).all()
        empty._result_cache = []
        empty._prefetch_done = True
        cache[name] = empty
    prefetch_related_objects([case], *fetch)
    return case


def _related_model(name: str) -> type[Any]:
    return Case._meta.get_field(name).related_model  # type: ignore[return-value]


def access_case_for_page(*, actor: User, case_id: int) -> Case:
    """``access_case`` for the case page: with its decision, list version and every record of its own, each
    kind read once (``with_records``)."""
    case = (
        Case.objects.select_related(
            "agency",
            "agency__parent",
            "legal_subject",
            "party",
            "power_item",
            "power_item__rule_set",
            "registered_by",
            "decision",
            "decision__decided_by",
        )
        .filter(pk=case_id)
        .first()
    )
    if case is None or not scope_for(actor).sees(case.agency):
        raise NotFoundOrForbidden("案件")
    return with_records(case)


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
    """One line of 待办: a case and what the actor may do on it now (``task``, the first of ``actions``)."""

    case: Case
    task: str
    deadline: Deadline | None
    #: Every action the actor may take now, as (code, label); the case page has their forms.
    actions: tuple[tuple[str, str], ...] = ()

    def status(self, today: date) -> str:
        return self.deadline.status(today) if self.deadline else "open"


def _todo_actions(case: Case, user: User, today: date) -> tuple[tuple[str, str], ...]:
    """What ``user`` may do on ``case`` now: only actions the workflow would let him take (its guard's reasons).

    A lead awaits 立案审批 by a head of its own legal subject (cases.services.intake's ``_ensure_can_approve``);
    a pending 复议 or 诉讼 awaits the legal section's reply; otherwise the listed actions of the table whose
    guard gives no reason for this actor. A user who may not write the case's agency is offered nothing.
    """
    from fazhi.cases import workflow  # noqa: PLC0415 — the workflow imports the services, which import selectors

    scope = scope_for(user)
    if scope.read_only or not scope.sees(case.agency):
        return ()
    if case.state == CaseState.LEAD:
        ok = user.has_role("head") and workflow.in_legal_subject(user, case)
        return (("register", "立案审批"),) if ok else ()

    out: list[tuple[str, str]] = []
    remedy = pending_remedy(case)
    # 复议答复 (行政复议法第四十八条、第五十四条) or 答辩 (行政诉讼法第六十七条): the legal section's task
    legal = user.has_role("legal_reviewer", "clerk", "head") and workflow.in_legal_subject(user, case)
    if remedy is not None and remedy.reply_done_on is None and remedy.reply_label and legal:
        out.append(("remedy_reply", remedy.reply_label))
    out.extend((a.code, a.label) for a in workflow.available_actions(case, user, today) if a.allowed)
    return tuple(out)


#: How many open cases 待办 weighs at most (the oldest-registered first would be as arbitrary; see docs/cases.md).
TODO_CANDIDATES = 2000


def todo_list(*, actor: User, today: date, limit: int = 200) -> list[TodoItem]:
    """待办: the open cases the actor can act on now, soonest deadline first, overdue first of all.

    Only actions the actor may take are offered (``_todo_actions``); a read-only user has none.
    """

    if scope_for(actor).read_only:
        return []

    qs = (
        case_list(actor=actor)
        .filter(state__in=[*OPEN_STATES, CaseState.LEAD])
        .select_related("legal_subject", "agency__parent", "power_item__rule_set", "registered_by")
        .prefetch_related(*(_record_prefetch(n) for n in CASE_RECORDS))[:TODO_CANDIDATES]
    )
    from fazhi.cases.blockers import reads_memoised  # noqa: PLC0415 — blockers import the services, which import us

    items = []
    with reads_memoised():
        for case in qs:
            actions = _todo_actions(case, actor, today)
            if not actions:
                continue
            pending = [d for d in case_deadlines(case, today) if d.done_on is None]
            duties = [d for d in pending if not d.is_party_period]  # the agency's own deadlines come first
            first = (duties or pending)[:1]
            items.append(TodoItem(case, actions[0][1], first[0] if first else None, actions))
    items.sort(key=lambda i: (i.deadline is None, i.deadline.due if i.deadline else date.max))
    return items[:limit]


def extension_provisions_in_force(*, on: date) -> list[ExtensionProvision]:
    """The provisions allowing an extension of the 90-day limit in force on ``on`` (行政处罚法 第六十条)."""
    return list(ExtensionProvision.objects.filter(in_force_q(on)))
