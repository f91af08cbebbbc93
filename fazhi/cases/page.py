"""What the case page shows a given user: where the case stands, which stage is open, which forms he may use.

Reads only. The step indicator follows the states of ``CaseState`` in the order of the workflow table; the forms
are grouped by stage, the current stage open and the others folded. A form is shown only for an action the user
may take now: the listed actions of the workflow table by ``workflow.available_actions`` (a listed action he may
not take is shown as a line with its reasons, without its form), the others by the role or the handler check
their service makes first. Read-only users (the 司法局 supervisor) are offered no action at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from fazhi.accounts.models import Role, RoleGrant
from fazhi.agencies.models import Agency, Officer
from fazhi.agencies.scope import scope_for
from fazhi.agencies.selectors import officer_certificate_problem, officer_list
from fazhi.cases import workflow
from fazhi.cases.models import Case, CaseState, DecisionOutcome, Procedure
from fazhi.cases.schemas.investigation import FACT_PREFIX
from fazhi.cases.services._common import in_legal_subject, is_handler
from fazhi.powers.conditions import conditions_from_json
from fazhi.powers.facts import Fact, find_fact

if TYPE_CHECKING:
    from fazhi.accounts.models import User

S = CaseState

# --- the step indicator ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    label: str
    status: str  # "done", "current", "todo" or "ended" (the case stopped here)
    note: str = ""


#: 一般程序: (label, the states in which the case stands at this step).
GENERAL_STEPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("案源登记", (S.LEAD,)),
    ("立案", (S.NOT_REGISTERED,)),
    ("调查取证", (S.INVESTIGATING,)),
    ("审核/审批", (S.REVIEWING,)),
    ("告知", (S.NOTIFIED,)),
    ("决定", (S.DECIDED,)),
    ("送达/执行", (S.EXECUTING,)),
    ("结案", (S.CLOSED,)),
    ("归档", (S.ARCHIVED,)),
)
#: 简易程序: the decision is made on the spot, then paid, filed (备案) and closed.
SIMPLE_STEPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("当场处罚决定", ()),
    ("执行", (S.EXECUTING,)),
    ("备案/结案", (S.CLOSED,)),
    ("归档", (S.ARCHIVED,)),
)


def case_steps(case: Case) -> list[Step]:
    """The steps of the case's procedure, each done, current or still to come."""
    steps = SIMPLE_STEPS if case.procedure == Procedure.SIMPLE else GENERAL_STEPS
    at = next((i for i, (_, states) in enumerate(steps) if case.state in states), 0)
    out: list[Step] = []
    for i, (label, _) in enumerate(steps):
        if case.state == S.NOT_REGISTERED and i == at:
            out.append(Step("不予立案", "ended", "案件未立案，到此为止"))
            continue
        if case.state == S.NOT_REGISTERED and i > at:
            out.append(Step(label, "skipped"))
            continue
        if case.state == S.ARCHIVED or i < at:
            out.append(Step(label, "done"))
        elif i == at:
            out.append(Step(label, "current", "待立案" if case.state == S.LEAD else ""))
        else:
            out.append(Step(label, "todo"))
    return out


# --- the stages the forms are grouped in -------------------------------------------------------------------

#: Each stage of the page: (code, title, the action codes whose forms it holds, the states it is current in).
STAGES: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("register", "立案审批", ("register", "decline"), (S.LEAD,)),
    ("investigate", "调查取证", ("conclude",), (S.INVESTIGATING,)),
    ("review", "审核/审批", ("case_review", "legal_review", "discuss"), (S.REVIEWING,)),
    (
        "notice",
        "告知与陈述申辩、听证",
        (
            "notify",
            "representation",
            "waive",
            "waive_hearing",
            "request_hearing",
            "schedule_hearing",
            "record_hearing",
            "host_recusal",
        ),
        (S.NOTIFIED,),
    ),
    ("decide", "决定", ("decide",), ()),
    ("execute", "送达与执行", ("serve", "pay", "remind", "apply_court", "court_update"), (S.DECIDED, S.EXECUTING)),
    ("close", "结案与归档", ("close", "file", "archive"), (S.CLOSED,)),
    (
        "measures",
        "办案措施与其他事项",
        (
            "flags",
            "add_handler",
            "extend",
            "recusal",
            "recusal_decide",
            "preserve",
            "preserve_decide",
            "seize",
            "seize_extend",
            "seize_release",
            "suspend",
            "resume",
            "transfer",
            "transfer_approve",
            "transfer_refuse",
            "transfer_complete",
            "transfer_police_answer",
            "transfer_review_request",
            "transfer_review_answer",
            "transfer_return",
            "service_consent",
            "service_consent_withdraw",
        ),
        (),
    ),
)
STAGE_OF: dict[str, str] = {code: stage for stage, _, codes, _ in STAGES for code in codes}


# --- who may take an action (the check each service makes first) -------------------------------------------


def _writer(actor: User, case: Case) -> bool:
    scope = scope_for(actor)
    return not scope.read_only and scope.sees(case.agency)


def _role(*roles: str) -> Callable[[User, Case], bool]:
    def check(actor: User, case: Case) -> bool:
        return _writer(actor, case) and actor.has_role(*roles) and in_legal_subject(actor, case)

    return check


def _handler(actor: User, case: Case) -> bool:
    return _writer(actor, case) and is_handler(actor, case)


_head = _role(Role.HEAD)
#: The actions outside the listed ones, by who their service lets act (``ensure_head``, ``ensure_handler`` …).
WHO: dict[str, Callable[[User, Case], bool]] = {
    "register": _head,
    "decline": _head,
    "flags": _role(Role.HEAD, Role.LEGAL_REVIEWER),
    "add_handler": _head,
    "extend": _head,
    "recusal": _writer,
    "recusal_decide": _head,
    "suspend": _writer,
    "resume": _writer,
    "preserve": _head,
    "preserve_decide": _writer,
    "seize": _head,
    "seize_extend": _head,
    "seize_release": _writer,
    "representation": _handler,
    "waive": _handler,
    "waive_hearing": _handler,
    "schedule_hearing": _handler,
    "record_hearing": _handler,
    "host_recusal": _handler,
    "service_consent": _writer,
    "service_consent_withdraw": _writer,
    "pay": _role(Role.CLERK, Role.HEAD, Role.SQUAD_LEADER, Role.OFFICER),
    "court_update": _head,
    "file": _handler,
    "transfer": _handler,
    "transfer_approve": _head,
    "transfer_refuse": _head,
    "transfer_review_request": _head,
    "transfer_complete": _handler,
    "transfer_police_answer": _handler,
    "transfer_review_answer": _handler,
    "transfer_return": _handler,
}


@dataclass
class Stage:
    code: str
    title: str
    open: bool
    current: bool
    may: frozenset[str]  # the codes of this stage whose forms the user may use now
    refused: tuple[workflow.AvailableAction, ...] = ()  # listed actions he may not take now, with the reasons


@dataclass
class PagePlan:
    """The case page for one user: the steps, the stages with their forms, and whether he may act at all."""

    steps: list[Step]
    stages: list[Stage]
    may: frozenset[str]
    read_only: bool
    listed: dict[str, workflow.AvailableAction] = field(default_factory=dict)
    decide_outcomes: tuple[str, ...] = ()  # the outcomes the user may decide now (a penalty needs the most)

    def stage(self, code: str) -> Stage | None:
        return next((s for s in self.stages if s.code == code), None)


def page_plan(case: Case, actor: User, today: date, *, refused_action: str = "") -> PagePlan:
    """Which forms ``actor`` sees on the page of ``case`` today, by stage; ``refused_action`` opens its stage."""
    read_only = scope_for(actor).read_only
    listed = {a.code: a for a in workflow.available_actions(case, actor, today)}
    open_codes = workflow.codes_open_in(case.state)
    may: set[str] = set()
    if not read_only:
        for code in open_codes:
            if code in listed:
                if listed[code].allowed:
                    may.add(code)
            elif code in WHO and WHO[code](actor, case):
                may.add(code)
    if case.procedure != Procedure.SIMPLE or case.filed_on is not None:
        may.discard("file")
    outcomes: tuple[str, ...] = ()
    if "decide" in listed and not read_only:
        # Only a penalty needs the notice and the party's periods: not to punish, to withdraw or to transfer may
        # be decided before (blockers_decide), so the form offers the outcomes allowed now.
        outcomes = tuple(
            o for o in DecisionOutcome.values if not workflow.reasons("decide", case, actor, today, outcome=o)
        )
        if outcomes:
            may.add("decide")
    stages: list[Stage] = []
    for code, title, codes, states in STAGES:
        mine = frozenset(c for c in codes if c in may)
        blocked = () if read_only else tuple(listed[c] for c in codes if c in listed and not listed[c].allowed)
        current = case.state in states
        ready = any(listed[c].allowed for c in codes if c in listed) or "file" in mine  # 备案 is the ticket's next step
        stages.append(
            Stage(
                code=code,
                title=title,
                open=current or ready or STAGE_OF.get(refused_action) == code,
                current=current,
                may=mine,
                refused=blocked,
            )
        )
    return PagePlan(case_steps(case), stages, frozenset(may), read_only, listed, outcomes)


# --- the 立案 officer picker ---------------------------------------------------------------------------------

_ENFORCING = frozenset({Role.OFFICER, Role.SQUAD_LEADER})


@dataclass(frozen=True)
class Candidate:
    officer: Officer
    roles: tuple[str, ...]
    problem: str | None  # why he may not be chosen, or None


@dataclass(frozen=True)
class OfficerGroup:
    unit: str
    own: bool  # the case's own unit (its squad)
    candidates: tuple[Candidate, ...]


def _roles_by_officer(officers: Iterable[Officer]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    ids = [o.pk for o in officers]
    grants = RoleGrant.objects.filter(user__officer_id__in=ids).values_list("user__officer_id", "role")
    for officer_id, role in grants.order_by("role"):
        out.setdefault(officer_id, []).append(role)
    return out


def legal_subjects(agencies: Iterable[Agency]) -> dict[int, Agency]:
    """Each agency's legal subject (``Agency.legal_subject``), by agency id, from one read of their ancestors
    along the materialised paths rather than one read per parent."""
    agencies = list(agencies)
    ids = {int(i) for a in agencies for i in a.path.strip("/").split("/") if i.isdigit()}
    known = {a.pk: a for a in Agency.objects.filter(pk__in=ids)} if ids else {}
    out: dict[int, Agency] = {}
    for agency in agencies:
        chain = [int(i) for i in agency.path.strip("/").split("/") if i.isdigit()]
        nodes = [known[i] for i in reversed(chain) if i in known]
        if not nodes or nodes[0].pk != agency.pk:
            out[agency.pk] = agency.legal_subject()  # a path out of step with the tree: ask the tree itself
            continue
        out[agency.pk] = next((n for n in nodes if n.is_legal_subject), agency)
    return out


def officer_problem(
    officer: Officer, roles: list[str], case: Case, *, body: Agency, recused: set[int], on: date
) -> str | None:
    """Why ``officer`` (of the legal subject ``body``) may not handle ``case`` (None if he may): another body,
    recused, no enforcement role, no valid certificate (行政处罚法 第四十二条、第四十三条)."""
    if body.pk != case.legal_subject_id:
        return f"属于{body.name}，不能承办{case.legal_subject.name}的案件"
    if officer.pk in recused:
        return "已决定回避（行政处罚法第四十三条）"
    if roles and not _ENFORCING.intersection(roles):
        if Role.LEGAL_REVIEWER in roles:
            return "法制审核人员不承办案件（办审分离）"
        return "不是执法队员（" + "、".join(Role(r).label for r in roles) + "）"
    return officer_certificate_problem(officer=officer, on=on)


def officer_groups(case: Case, actor: User, on: date) -> list[OfficerGroup]:
    """The officers the actor sees, by unit, the case's own unit first, each with his roles and, when he may not
    be chosen as a handler of ``case``, why."""
    officers = list(officer_list(actor=actor))
    roles = _roles_by_officer(officers)
    recused = {r.officer_id for r in case.recusals.all() if r.granted and r.hearing_id is None}
    units: dict[int, list[Candidate]] = {}
    agencies: dict[int, Agency] = {}
    bodies = legal_subjects({o.agency_id: o.agency for o in officers}.values())
    for officer in officers:
        mine = roles.get(officer.pk, [])
        problem = officer_problem(officer, mine, case, body=bodies[officer.agency_id], recused=recused, on=on)
        units.setdefault(officer.agency_id, []).append(Candidate(officer, tuple(Role(r).label for r in mine), problem))
        agencies[officer.agency_id] = officer.agency

    def order(agency_id: int) -> tuple[int, str]:
        """The case's own unit; the other units of its legal subject with officers who may be chosen; its units
        with none (the bureau's head and legal reviewers); then the other bodies (by the tree)."""
        if agency_id == case.agency_id:
            return (0, "")
        if bodies[agency_id].pk != case.legal_subject_id:
            return (3, agencies[agency_id].path)
        choosable = any(c.problem is None for c in units[agency_id])
        return (1 if choosable else 2, agencies[agency_id].path)

    groups = []
    for agency_id in sorted(units, key=order):
        candidates = sorted(units[agency_id], key=lambda c: c.problem is not None)
        groups.append(OfficerGroup(agencies[agency_id].name, agency_id == case.agency_id, tuple(candidates)))
    return groups


# --- the discretion facts of the 调查终结报告, as a form -----------------------------------------------------


@dataclass(frozen=True)
class FactField:
    """One input of the discretion facts: the fact, posted as ``fact_<code>``, and the conditions that read it."""

    fact: Fact
    used_by: tuple[str, ...]
    initial: str = ""

    @property
    def name(self) -> str:
        return f"{FACT_PREFIX}{self.fact.code}"

    @property
    def kind(self) -> str:
        return self.fact.type.value


def discretion_fields(case: Case) -> list[FactField]:
    """The facts the item's discretion tiers, exemptions and fine base test, in the order they first appear, each
    with the tiers that test it (``裁量阶次「一般」：面积≥30㎡``)."""
    item = case.power_item
    used: dict[str, list[str]] = {}
    if item.base_fact:
        used.setdefault(item.base_fact, []).append("罚款计算基数")
    rows = [(r.get_tier_display(), r.conditions) for r in item.discretion_rules.all().order_by("position")]
    rows += [(r.get_kind_display(), r.conditions) for r in item.exemption_rules.all().order_by("position")]
    for label, conditions in rows:
        by_fact: dict[str, list[str]] = {}
        for condition in conditions_from_json(conditions):
            by_fact.setdefault(condition.fact, []).append(condition.describe())
        for code, clauses in by_fact.items():
            used.setdefault(code, []).append(f"{label}：{'且'.join(clauses)}")
    initial = {"party_kind": case.party.kind}
    if case.party.birth_date:
        initial["birth_date"] = case.party.birth_date.isoformat()
    out = []
    for code, uses in used.items():
        fact = find_fact(code)
        if fact is not None:
            out.append(FactField(fact, tuple(dict.fromkeys(uses)), initial.get(fact.code, "")))
    return out


def case_officers(case: Case, on: date) -> list[tuple[Officer, str | None]]:
    """The officers of the case's legal subject, each with why he cannot act on ``on`` (None if he can): those a
    hearing host, a new handler or a replacement is chosen from. They are named through
    ``access_officer_for_case``, so a squad's handler may name a host from another squad of the bureau."""
    body = case.legal_subject
    qs = (
        Officer.objects.select_related("agency")
        .prefetch_related("certificates")
        .filter(agency__path__startswith=body.path)
        .order_by("agency__path", "name")
    )
    officers = list(qs)
    bodies = legal_subjects({o.agency_id: o.agency for o in officers}.values())
    out = []
    for officer in officers:
        if bodies[officer.agency_id].pk == body.pk:
            out.append((officer, officer_certificate_problem(officer=officer, on=on)))
    return out
