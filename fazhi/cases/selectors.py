"""Reads of cases, always through the actor's scope."""

from __future__ import annotations

from bisect import insort
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, sql

from fazhi.accounts.models import Role
from fazhi.agencies.models import Officer
from fazhi.agencies.scope import scope_for
from fazhi.cases import search as case_search
from fazhi.cases.deadlines import Deadline, case_deadlines, pending_remedy
from fazhi.cases.models import (
    OPEN_STATES,
    Case,
    CaseHandler,
    CaseRemedy,
    CaseState,
    ExtensionProvision,
    RemedyOutcome,
    Service,
)
from fazhi.core import clock
from fazhi.core.errors import NotFoundOrForbidden
from fazhi.core.extensions import extensions
from fazhi.core.models import AuditEvent
from fazhi.core.oneread import Shape, keep, read_together, rows_of
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
    qs = qs.order_by("-created_at", "-pk")
    if search:
        qs = case_search.search(qs, search)
    return qs


def case_search_note(search: str) -> str:
    """What the case list says of ``search`` when it is not looked for in every case ("" otherwise)."""
    return case_search.search_note(search)


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


#: The slot the apps fill with the rows their parts of the case page read: ``(case) -> {key: queryset}``. A key
#: naming a relation of the case (``complaints``) fills that relation; any other (``evidence.evidence``) is kept
#: for ``fazhi.core.oneread.rows_of(case, key, factory)``, which reads ``factory(case)`` when the rows are absent.
PAGE_ROWS_SLOT = "case.rows"


def with_records(
    case: Case, names: tuple[str, ...] = CASE_RECORDS, *, extra: dict[str, QuerySet[Any]] | None = None
) -> Case:
    """``case`` with its records ``names`` read once each, so that the page's many readers share them, and the
    rows ``extra`` (``PAGE_ROWS_SLOT``): all in one query (``fazhi.core.oneread.read_together``), each set by its
    own index (``case_id``)."""
    extra = extra or {}
    rows = read_together({**{n: (_record_shape(n), case.pk) for n in names}, **extra})
    relations = {f.name for f in Case._meta.related_objects}
    cache = case.__dict__.setdefault("_prefetched_objects_cache", {})
    kept: dict[str, list[Any]] = {}
    for name in (*names, *extra):
        if name not in relations:
            for row in rows[name]:
                if getattr(row, "case_id", None) == case.pk:
                    type(row)._meta.get_field("case").set_cached_value(row, case)  # type: ignore[union-attr]
            kept[name] = rows[name]
            continue
        rel = Case._meta.get_field(name)
        model = _related_model(name)
        for row in rows[name]:
            rel.field.set_cached_value(row, case)  # type: ignore[union-attr]
        cache[rel.cache_name] = _CaseRows(model, case, name, rows[name], query=sql.Query(model))  # type: ignore[union-attr]
    keep(case, kept)
    return case


class _CaseRows(QuerySet[Any]):
    """The rows of one relation of one case, read for many cases at once (``prefetch_records``).

    Iterating, ``len``, ``count`` or ``exists`` read the rows; anything that builds a new query (``filter``,
    ``order_by`` …) asks the database through the case's relation, as a Django prefetch would. The rows are given
    (``rows``) or read on first use for every case of the group at once (``load``: one query for the kind, so a
    kind nobody reads costs nothing). The cases' querysets of one kind share one ``Query``: none of them changes
    it (``_chain`` builds a new one), and building one per case and kind was 40 % of 待办's time.
    """

    def __init__(
        self,
        model: type[Any],
        case: Case,
        name: str,
        rows: list[Any] | None,
        *,
        query: Any = None,
        load: Any = None,
    ) -> None:
        super().__init__(model=model, query=query)
        self._case, self._name, self._load = case, name, load
        self._result_cache = rows
        self._prefetch_done = True

    def _chain(self) -> QuerySet[Any]:
        return getattr(self._case, self._name).model._default_manager.filter(case=self._case)._chain()

    def _fetch_all(self) -> None:
        if self._result_cache is None and self._load is not None:
            self._load()
        super()._fetch_all()

    def count(self) -> int:
        self._fetch_all()
        return super().count()

    def exists(self) -> bool:
        self._fetch_all()
        return super().exists()

    def __getitem__(self, k: Any) -> Any:
        self._fetch_all()
        return super().__getitem__(k)


def prefetch_records(cases: list[Case], names: tuple[str, ...] = CASE_RECORDS, *, lazy: bool = False) -> None:
    """``prefetch_related`` of the case records ``names`` (with ``_RECORD_RELATED``) for many cases: one query a
    kind, without the queryset Django builds per case and relation (36,000 clones, 5 s, for 2,000 cases).

    ``lazy``: a kind is read (for every case of ``cases``, in one query) only when one of them first reads it, so
    the kinds nobody reads cost nothing (待办: the deadlines and the guards of the cases' states read a few).
    """
    if not cases:
        return
    by_pk = {c.pk: c for c in cases}
    for case in cases:
        case.__dict__.setdefault("_prefetched_objects_cache", {})
    for name in names:
        rel = Case._meta.get_field(name)
        model = _related_model(name)
        cache_name = rel.cache_name  # type: ignore[union-attr]
        query = sql.Query(model)
        group: dict[int, _CaseRows] = {
            pk: _CaseRows(model, case, name, None, query=query) for pk, case in by_pk.items()
        }
        load = _loader(name, model, rel.field, by_pk, group)  # type: ignore[union-attr]
        for pk, case in by_pk.items():
            group[pk]._load = load
            case.__dict__["_prefetched_objects_cache"][cache_name] = group[pk]
        if not lazy:
            load()


def _loader(name: str, model: type[Any], fk: Any, by_pk: dict[int, Case], group: dict[int, _CaseRows]) -> Any:
    """Read the rows of ``name`` of every case of ``by_pk`` into their querysets ``group`` (once)."""

    def load() -> None:
        rows: dict[int, list[Any]] = {pk: [] for pk in by_pk}
        for row in _records_of(name, model._default_manager.filter(case_id__in=list(by_pk))):
            fk.set_cached_value(row, by_pk[row.case_id])
            rows[row.case_id].append(row)
        for pk, qs in group.items():
            qs._result_cache, qs._load = rows[pk], None

    return load


_RECORD_SHAPES: dict[str, Shape] = {}


def _record_shape(name: str) -> Shape:
    """The query of the records ``name`` of one case, compiled once (``fazhi.core.oneread.Shape``)."""
    shape = _RECORD_SHAPES.get(name)
    if shape is None:
        model = _related_model(name)
        shape = _RECORD_SHAPES[name] = Shape(lambda pk: _records_of(name, model._default_manager.filter(case_id=pk)))
    return shape


def _records_of(name: str, qs: QuerySet[Any]) -> QuerySet[Any]:
    """``qs`` of the kind ``name`` with the rows it brings along (``_RECORD_RELATED``; none: none, where a bare
    ``select_related()`` would join every foreign key, the case and its own included)."""
    related = _RECORD_RELATED.get(name)
    return qs.select_related(*related) if related else qs


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
    extra: dict[str, QuerySet[Any]] = {
        "cases.timeline": timeline_rows(case),
        f"cases.extension_provisions.{clock.today()}": _provisions_in_force(clock.today()),
    }
    for rows in extensions(PAGE_ROWS_SLOT):
        extra.update(rows(case))
    return with_records(case, extra=extra)


def timeline_rows(case: Case) -> QuerySet[AuditEvent]:
    """The case's own audit events, in order (the case page's 办案记录)."""
    return AuditEvent.objects.filter(entity_type="cases.case", entity_id=str(case.pk)).order_by("seq")


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


def _todo_batches(limit: int) -> tuple[int, ...]:
    """How many candidates 待办 reads at a time, in order: a few batches, so that the number of queries is bounded
    whatever the number of cases (each batch costs the same queries: the cases, then one per kind of record)."""
    first = limit + 50
    return (first, 4 * first, 20 * first)


S = CaseState
#: The states in which a listed action needs the actor to be an active handler of the case (blockers: 提交调查终结报告,
#: 送达事先告知书, 登记听证申请, 送达决定书).
_HANDLER_STATES = (S.INVESTIGATING, S.REVIEWING, S.NOTIFIED, S.DECIDED)
#: The states in which a listed action needs a role in the case's legal subject (blockers and ``_todo_actions``):
#: 立案审批, 案件审核, 法制审核, 集体讨论, 作出处罚决定, 申请法院强制执行, 结案.
_ROLE_STATES: dict[str, tuple[str, ...]] = {
    Role.HEAD: (S.LEAD, S.REVIEWING, S.NOTIFIED, S.EXECUTING),
    Role.SQUAD_LEADER: (S.REVIEWING,),
    Role.LEGAL_REVIEWER: (S.REVIEWING, S.NOTIFIED),
}
#: Who answers a pending 复议 or 诉讼 (``_todo_actions``), in any state.
_REMEDY_ROLES = (Role.LEGAL_REVIEWER, Role.CLERK, Role.HEAD)


def todo_candidates_q(actor: User) -> Q:
    """A condition on a case that holds whenever ``_todo_actions`` can offer ``actor`` anything on it.

    It is necessary, not sufficient: the workflow's blockers still decide (in Python) on the cases it keeps. Per
    state, the listed actions need an active handler (``_HANDLER_STATES``), a role in the case's legal subject
    (``_ROLE_STATES``), or nobody in particular: 催告 (executing), which is refused once a 催告书 was served; the
    legal section's reply to a 复议 or 诉讼 needs a pending one still awaiting it. Keep it in step with the
    blockers: ``tests/cases/test_todo.py`` compares 待办 with the unnarrowed evaluation.
    """
    q = Q(pk__in=[])
    if actor.officer_id is not None:
        mine = CaseHandler.objects.filter(case_id=OuterRef("pk"), officer_id=actor.officer_id, removed_on=None)
        q |= Q(Exists(mine), state__in=_HANDLER_STATES)
    # 催告 (blockers_remind): no role asked, refused after the first 催告书 is served
    reminded = Service.objects.filter(case_id=OuterRef("pk"), document=Service.Document.REMINDER)
    q |= Q(~Exists(reminded), state=S.EXECUTING)
    subject = actor.agency.legal_subject().pk if actor.agency is not None else None
    if subject is None:
        return q
    own = Q(legal_subject_id=subject)
    states = {st for role, sts in _ROLE_STATES.items() if actor.has_role(role) for st in sts}
    if states:
        q |= own & Q(state__in=sorted(states))
    if actor.has_role(*_REMEDY_ROLES):
        awaiting = CaseRemedy.objects.filter(
            case_id=OuterRef("pk"),
            superseded=False,
            outcome=RemedyOutcome.PENDING,
            reply_done_on=None,
        ).exclude(reply_label="")
        q |= own & Q(Exists(awaiting))
    return q


def todo_list(*, actor: User, today: date, limit: int = 200) -> list[TodoItem]:
    """待办: the open cases the actor can act on now, soonest deadline first, overdue first of all.

    Only actions the actor may take are offered (``_todo_actions``); a read-only user has none. The candidates are
    the open cases of the actor's scope on which he could act at all (``todo_candidates_q``, in SQL), read in the
    order of their ``todo_due`` (a lower bound of their item's due day, ``fazhi.cases.todo``), newest first on a
    tie, in batches (``_todo_batches``), each read with its records and weighed in Python. The reading stops once
    ``limit`` items are kept and the next candidate's bound is later than the last kept item's due day: no later
    candidate can come before it, so the list is the one weighing every candidate gives. After the last batch the
    reading stops anyway (a bounded window of the soonest cases, as the window of the latest ones was before).
    """

    from fazhi.cases.blockers import reads_memoised  # noqa: PLC0415 — blockers import the services, which import us

    if scope_for(actor).read_only:
        return []
    qs = (
        case_list(actor=actor)
        .select_related(None)
        .filter(state__in=[*OPEN_STATES, CaseState.LEAD])
        .filter(todo_candidates_q(actor))
        .order_by(F("todo_due").asc(nulls_last=True), "-created_at", "-pk")
    )
    related = (
        "agency",
        "party",
        "power_item",
        "power_item__rule_set",
        "decision",
        "legal_subject",
        "agency__parent",
        "registered_by",
    )
    kept: list[TodoItem] = []
    start = 0
    for size in _todo_batches(limit):
        # the batch's ids first, then its rows: the ordered scan reads only the index and the filter's columns
        ids = list(qs.values_list("pk", flat=True)[start : start + size])
        start += size
        by_pk = {c.pk: c for c in Case.objects.filter(pk__in=ids).select_related(*related)}
        cases = [by_pk[pk] for pk in ids if pk in by_pk]
        prefetch_records(cases, lazy=True)  # only the kinds the batch's deadlines and guards read
        stopped = False
        with reads_memoised():
            for case in cases:
                if len(kept) >= limit and _beyond(case, kept[limit - 1]):
                    stopped = True
                    break
                item = _item(case, actor, today)
                if item is not None:
                    insort(kept, item, key=_todo_key)
                    del kept[limit:]
        if stopped or len(ids) < size:
            break
    return kept


def _todo_key(item: TodoItem) -> tuple[bool, date, float, int]:
    """An item's place in 待办: dated first, soonest first, then newest first (the candidates' order)."""
    due = item.deadline.due if item.deadline else date.max
    return (item.deadline is None, due, -item.case.created_at.timestamp(), -item.case.pk)


def _beyond(case: Case, last: TodoItem) -> bool:
    """Whether every item ``case`` and the candidates after it can give comes after ``last`` (their bound is later).

    An undated candidate (no bound) gives an undated item at most: it and the undated ones after it (newest first)
    come after an undated ``last`` once it is older than ``last``.
    """
    if case.todo_due is None:
        return last.deadline is not None or (case.created_at, case.pk) < (last.case.created_at, last.case.pk)
    return last.deadline is not None and case.todo_due > last.deadline.due


def _weigh(cases: Iterable[Case], actor: User, today: date, limit: int) -> list[TodoItem]:
    """The 待办 items of ``cases`` (read with their records), soonest deadline first (a stable sort)."""
    from fazhi.cases.blockers import reads_memoised  # noqa: PLC0415 — blockers import the services, which import us

    with reads_memoised():
        items = [item for case in cases if (item := _item(case, actor, today)) is not None]
    items.sort(key=lambda i: (i.deadline is None, i.deadline.due if i.deadline else date.max))
    return items[:limit]


def _item(case: Case, actor: User, today: date) -> TodoItem | None:
    """The 待办 item of ``case`` for ``actor``, or None when he can do nothing on it now."""
    actions = _todo_actions(case, actor, today)
    if not actions:
        return None
    pending = [d for d in case_deadlines(case, today) if d.done_on is None]
    duties = [d for d in pending if not d.is_party_period]  # the agency's own deadlines come first
    first = (duties or pending)[:1]
    return TodoItem(case, actions[0][1], first[0] if first else None, actions)


def extension_provisions_in_force(*, on: date, case: Case | None = None) -> list[ExtensionProvision]:
    """The provisions allowing an extension of the 90-day limit in force on ``on`` (行政处罚法 第六十条); read with
    the case page's rows when ``case`` came from ``access_case_for_page`` on that day."""
    if case is None:
        return list(_provisions_in_force(on))
    return rows_of(case, f"cases.extension_provisions.{on}", lambda _: _provisions_in_force(on))


def _provisions_in_force(on: date) -> QuerySet[ExtensionProvision]:
    return ExtensionProvision.objects.filter(in_force_q(on))
