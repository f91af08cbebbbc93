"""The rules that read a case and its records. Every legal period comes from ``fazhi.rules`` through
``fazhi.cases.deadlines`` and ``fazhi.cases.workflow``; nothing here counts a legal period itself."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps as django_apps
from django.db import connection
from django.db.models import Count, Max, QuerySet, TextField
from django.db.models.base import ModelState
from django.db.models.functions import TruncDate

from fazhi import rules
from fazhi.accounts.models import User
from fazhi.agencies.models import Certificate, Officer
from fazhi.cases import deadlines, workflow
from fazhi.cases.models import Case, CaseState, Decision, DecisionOutcome, Procedure
from fazhi.core.models import AuditEvent
from fazhi.supervision import conf
from fazhi.supervision.engine import Outcome, Rule, Source, d, hit, ok
from fazhi.supervision.models import Severity

CASES = "cases.case"
_NO_DECISION_DUTY = {DecisionOutcome.WITHDRAWN, DecisionOutcome.TRANSFERRED}
_ENDED = {CaseState.CLOSED, CaseState.ARCHIVED, CaseState.NOT_REGISTERED}


class CaseSource(Source):
    record_type = CASES
    chunk_size = 2000  # one query per relation per chunk: a larger chunk spreads each query's cost

    def queryset(self) -> QuerySet[Any]:
        return Case.objects.exclude(state=CaseState.LEAD)

    def global_version(self) -> str:
        certificates = Certificate.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
        return f"certificates:{certificates['n']}:{certificates['last']}"

    def load(self, ids: Sequence[int]) -> list[Any]:
        return load_cases(ids)

    def case_id(self, record: Any) -> int | None:
        return int(record.pk)

    def label(self, record: Any) -> str:
        return str(record.register_number or record.lead_number)[:120]


# --- loading a chunk ----------------------------------------------------------------------------------------
#
# A first scan reads every case with about a dozen relations. Django model instances and related managers cost
# more than the rules themselves (``Model.__init__`` sets every field through descriptors; each
# ``case.<relation>.all()`` builds a manager and a queryset), so a chunk is read as plain rows: one
# ``values_list`` query per relation, each row turned into an instance of its model without ``__init__`` (its
# columns copied into ``__dict__``, so the model's properties and methods — ``CaseRemedy.pending``,
# ``Certificate.problem_on`` — work unchanged), and the case itself into a :class:`CaseRow` whose relations are
# plain lists. Long text columns no rule reads are left out; reading one on an instance would load it from the
# database (Django's deferred fields), so a rule that starts reading one stays correct, only slower.

# The case's related rows the rules read: (attribute, model, foreign keys whose objects are attached). One query
# per relation per chunk.
_RELATIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("services", "Service", ()),
    ("payments", "Payment", ()),
    ("arrangements", "PaymentArrangement", ()),
    ("suspensions", "CaseSuspension", ()),
    ("extensions", "CaseExtension", ()),
    ("court_enforcements", "CourtEnforcement", ()),
    ("handlers", "CaseHandler", ("officer",)),  # officers attached from one query per chunk (_attach_officers)
    ("legal_reviews", "LegalReview", ("reviewer",)),
    ("case_reviews", "CaseReview", ("reviewer",)),
    ("discussions", "CollectiveDiscussion", ()),
    ("reports", "InvestigationReport", ()),
    ("hearings", "Hearing", ()),
    ("notices", "PreDecisionNotice", ()),
    ("remedies", "CaseRemedy", ()),
)


class _Rows(list[Any]):
    """A loaded relation: ``case.services.all()`` returns it as Django returns a prefetched queryset."""

    def all(self) -> _Rows:
        return self


_NONE = _Rows()  # shared by every case without rows of a relation; never mutated


class CaseRow:
    """A case as the rules read it: its columns (``Case`` field attnames), ``decision`` (or None), each relation
    of :data:`_RELATIONS` as a list with ``.all()``, and ``supervision_acts`` (the days each handler acted).

    It is not a model instance: nothing saves it, and a column not loaded is an ``AttributeError``, not a query.
    """

    id: int
    register_number: str
    lead_number: str
    decision: Any
    supervision_acts: dict[int, set[date]]
    is_open = Case.is_open
    is_registered = Case.is_registered

    @property
    def pk(self) -> int:
        return self.id

    def __str__(self) -> str:
        return self.register_number or self.lead_number


def _columns(model: Any) -> list[Any]:
    """The concrete fields a loaded row carries: all but long text (no rule reads a report's body)."""
    return [f for f in model._meta.concrete_fields if not isinstance(f, TextField)]


def _instances(model: Any, attnames: list[str], rows: QuerySet[Any]) -> list[Any]:
    """Model instances from ``values_list`` rows without ``Model.__init__`` (what ``from_db`` ends with)."""
    new, db = model.__new__, rows.db
    out = []
    for row in rows:
        obj = new(model)
        state = ModelState()
        state.__dict__.update(db=db, adding=False, fields_cache={})
        obj.__dict__.update(zip(attnames, row, strict=True), _state=state)
        out.append(obj)
    return out


def _ids_filter(field: str, ids: Sequence[int]) -> dict[str, Any]:
    """``field__in`` for scattered ids; a range for a dense chunk (much cheaper than 1000 bound parameters)."""
    low, high = min(ids), max(ids)
    if high - low < 2 * len(ids):
        return {f"{field}__gte": low, f"{field}__lte": high}
    return {f"{field}__in": list(ids)}


def _case_columns() -> list[str]:
    return [f.attname for f in _columns(Case)]


def load_cases(ids: Sequence[int]) -> list[CaseRow]:
    """The chunk's cases with everything the case rules read, in ``ids`` order (see the comment above)."""
    wanted = set(ids)
    columns = _case_columns()
    cases: dict[int, CaseRow] = {}
    for row in Case.objects.filter(**_ids_filter("pk", ids)).order_by().values_list(*columns):
        values = dict(zip(columns, row, strict=True))
        if values["id"] in wanted:
            new = CaseRow()
            new.__dict__.update(values, decision=None)
            cases[new.id] = new
    decision_fields = [f.attname for f in _columns(Decision)]
    decisions = Decision.objects.filter(**_ids_filter("case_id", ids)).order_by().values_list(*decision_fields)
    for decision in _instances(Decision, decision_fields, decisions):
        if (owner := cases.get(decision.case_id)) is not None:
            owner.decision = decision
    _attach(cases, ids)
    # The days each handler acted in the case: his assignment and every event he wrote on its timeline (the day
    # in the current time zone, as ``timezone.localtime(at).date()``).
    acts: dict[str, dict[int, set[date]]] = defaultdict(lambda: defaultdict(set))
    names = [str(i) for i in ids]
    events: QuerySet[Any] = AuditEvent.objects.filter(entity_type=CASES, actor__officer__isnull=False)
    if connection.vendor == "postgresql":  # one array parameter: psycopg parses a 2,000-placeholder query slowly
        table = connection.ops.quote_name(AuditEvent._meta.db_table)
        events = events.extra(where=[f"{table}.entity_id = ANY(%s)"], params=[names])
    else:
        events = events.filter(entity_id__in=names)
    days: Iterable[tuple[str, int, date]] = (
        events.annotate(day=TruncDate("at")).values_list("entity_id", "actor__officer_id", "day").distinct().order_by()
    )
    for entity_id, officer_id, day in days:
        acts[entity_id][officer_id].add(day)
    out = []
    for pk in ids:
        if (row := cases.get(pk)) is not None:
            row.supervision_acts = acts.get(str(pk), {})
            out.append(row)
    return out


def _attach(cases: dict[int, CaseRow], ids: Sequence[int]) -> None:
    handlers: list[Any] = []
    reviews: list[Any] = []
    for name, model_name, _related in _RELATIONS:
        model = django_apps.get_model("cases", model_name)
        fields = [f.attname for f in _columns(model)]
        grouped: dict[int, _Rows] = defaultdict(_Rows)
        qs = (
            model.objects.filter(**_ids_filter("case_id", ids))
            .order_by(*(model._meta.ordering or ["pk"]))
            .values_list(*fields)
        )
        for row in _instances(model, fields, qs):
            if row.case_id not in cases:
                continue
            grouped[row.case_id].append(row)
            if name == "handlers":
                handlers.append(row)
            elif name in ("legal_reviews", "case_reviews"):
                reviews.append(row)
        for case in cases.values():
            setattr(case, name, grouped.get(case.id) or _NONE)
    _attach_officers(handlers)
    if reviews:
        users = {u.pk: u for u in User.objects.filter(pk__in={r.reviewer_id for r in reviews})}
        for review in reviews:
            review._state.fields_cache["reviewer"] = users[review.reviewer_id]


def _attach_officers(handlers: list[Any]) -> None:
    """The officers of the chunk's handlers, once each (a county has hundreds, a chunk thousands of handlers),
    with their certificates."""
    officers = {o.pk: o for o in Officer.objects.filter(pk__in={h.officer_id for h in handlers})}
    certificates: dict[int, _Rows] = defaultdict(_Rows)
    for certificate in Certificate.objects.filter(officer_id__in=list(officers)):
        certificates[certificate.officer_id].append(certificate)
    for officer_id, officer in officers.items():
        officer.__dict__.setdefault("_prefetched_objects_cache", {})["certificates"] = (
            certificates.get(officer_id) or _NONE
        )
    for handler in handlers:
        handler._state.fields_cache["officer"] = officers[handler.officer_id]


def _tomorrow(today: date) -> date:
    """An open finding whose explanation counts days (至今天、还剩N日) is re-evaluated the next day."""
    return today + timedelta(days=1)


def _decision(case: Case) -> Any:
    return getattr(case, "decision", None)


class DecisionDeadline(Rule):
    id = "decision_deadline"
    title = "超过办案期限未作出决定"
    article = "行政处罚法第六十条"
    source = CASES

    def evaluate(self, case: Case, today: date) -> Outcome:
        if case.procedure != Procedure.GENERAL or case.registered_on is None or case.state in _ENDED:
            return ok()
        if _decision(case) is not None:
            return ok()
        due = deadlines.decision_due(case, today)
        assert due is not None
        warn_from = due - timedelta(days=conf.decision_warning_days())
        day_no = (today - case.registered_on).days
        if today > due:
            return hit(
                Severity.SERIOUS,
                f"立案日期{d(case.registered_on)}，依行政处罚法第六十条应于{d(due)}前作出处罚决定"
                f"（九十日，含批准延长和中止、听证等不计入的期间）；至{d(today)}（第{day_no}日）尚未作出决定，"
                f"已逾期{(today - due).days}日。",
                _tomorrow(today),
            )
        if today >= warn_from:
            return hit(
                Severity.WARNING,
                f"立案日期{d(case.registered_on)}，依行政处罚法第六十条应于{d(due)}前作出处罚决定；"
                f"至{d(today)}（第{day_no}日）尚未作出决定，距期限届满还有{(due - today).days}日。",
                _tomorrow(today),
            )
        return ok(warn_from)


def _provisional(today: date, assumed: frozenset[int], severity: str) -> tuple[str, str]:
    """A lapse judged on an assumed calendar is a notice, not a finding: the real day may differ."""
    if not deadlines.uncertain_against(today, assumed):
        return severity, ""
    return Severity.INFO, f"（{deadlines.provisional_note(assumed)}，期限为暂定）"


class ServiceLate(Rule):
    id = "service_late"
    title = "处罚决定书超过七个工作日未送达"
    article = "行政处罚法第六十一条"
    source = CASES

    def evaluate(self, case: Case, today: date) -> Outcome:
        decision = _decision(case)
        if decision is None or decision.outcome in _NO_DECISION_DUTY or case.procedure != Procedure.GENERAL:
            return ok()
        if deadlines.decision_service(case) is not None:
            return ok()
        due, assumed = deadlines.soft(rules.service_deadline, decision.decided_on)
        if today <= due:
            return ok(due + timedelta(days=1))
        severity, note = _provisional(today, assumed, Severity.SERIOUS)
        return hit(
            severity,
            f"处罚决定于{d(decision.decided_on)}作出，依行政处罚法第六十一条应在七个工作日内即{d(due)}前送达{note}；"
            f"至{d(today)}尚未送达。",
            _tomorrow(today),
        )


class PaymentOverdue(Rule):
    id = "payment_overdue"
    title = "逾期未缴纳罚款（加处罚款）"
    article = "行政处罚法第七十二条"
    source = CASES

    def evaluate(self, case: Case, today: date) -> Outcome:
        decision = _decision(case)
        if decision is None or decision.fine <= 0 or case.state in _ENDED:
            return ok()
        if deadlines.pending_remedy(case) is not None:  # 复议、诉讼期间: no late fee, no 催告 (第七十三条)
            return ok()
        money = deadlines.money_status(case, today)
        if money.due is None or money.settled:
            return ok()
        if today <= money.due:
            return ok(money.due + timedelta(days=1))
        if any(c.completed_on for c in case.court_enforcements.all()):
            return ok()
        severity, note = _provisional(today, money.provisional_years, Severity.WARNING)
        return hit(
            severity,
            f"罚款{decision.fine}元，缴款期限（行政处罚法第六十七条）于{d(money.due)}届满{note}，至{d(today)}尚欠"
            f"{money.outstanding}元；依行政处罚法第七十二条自{d(money.due + timedelta(days=1))}起每日按罚款数额"
            "百分之三加处罚款（不超过罚款数额）。",
            _tomorrow(today),
        )


class ReminderMissing(Rule):
    id = "reminder_missing"
    title = "逾期未缴纳罚款而未催告"
    article = "行政强制法第三十五条、第五十四条"
    source = CASES

    def evaluate(self, case: Case, today: date) -> Outcome:
        decision = _decision(case)
        if decision is None or decision.fine <= 0 or case.state in _ENDED:
            return ok()
        if deadlines.pending_remedy(case) is not None:  # 复议、诉讼期间: no late fee, no 催告 (第七十三条)
            return ok()
        if deadlines.reminder_service(case) is not None:
            return ok()
        money = deadlines.money_status(case, today)
        if money.due is None or money.settled:
            return ok()
        expected = money.due + timedelta(days=conf.reminder_after_days())
        if today <= expected:
            return ok(expected + timedelta(days=1))
        served = deadlines.decision_service(case)
        assert served is not None
        latest, assumed = deadlines.soft(deadlines.court_latest, case)
        note = f"（{deadlines.provisional_note(assumed)}）" if assumed else ""
        until = f"，申请期限至{d(latest)}届满{note}（行政强制法第五十三条）" if latest else ""
        return hit(
            Severity.WARNING,
            f"缴款期限于{d(money.due)}届满，加处罚款已超过{conf.reminder_after_days()}日，至{d(today)}仍未送达催告书；"
            f"申请人民法院强制执行前应当催告（行政强制法第三十五条、第五十四条）{until}。",
            _tomorrow(today),
        )


class CourtWindow(Rule):
    id = "court_window"
    title = "申请法院强制执行期限将届满或已错过"
    article = "行政强制法第五十三条"
    source = CASES

    def evaluate(self, case: Case, today: date) -> Outcome:
        decision = _decision(case)
        if decision is None or decision.fine <= 0 or case.state in _ENDED:
            return ok()
        if list(case.court_enforcements.all()):
            return ok()
        served, reminder = deadlines.decision_service(case), deadlines.reminder_service(case)
        if served is None or reminder is None or deadlines.money_status(case, today).settled:
            return ok()
        try:
            window, assumed = deadlines.soft(deadlines.court_window, case)  # follows the remedy's path, a deferral
        except rules.RulesError as exc:
            return hit(Severity.SERIOUS, f"催告书于{d(reminder.deemed_served_on)}送达，已无法在期限内申请：{exc}")
        if window is None:  # a 复议 or 诉讼 is pending, or it ended execution
            return ok()
        start, end = window
        if assumed:
            # Not a lapse: the window reaches a year whose holidays are not entered yet. Say so, mildly.
            return hit(
                Severity.INFO,
                f"申请人民法院强制执行的期限暂定为{d(start)}至{d(end)}（{deadlines.provisional_note(assumed)}）；"
                "录入后方可申请。",
                _tomorrow(today),
            )
        warn_from = end - timedelta(days=conf.court_warning_days())
        if today > end:
            return hit(
                Severity.SERIOUS,
                f"处罚决定书于{d(served.deemed_served_on)}送达、催告书于{d(reminder.deemed_served_on)}送达，"
                f"申请人民法院强制执行的期限（行政强制法第五十三条，{d(start)}至{d(end)}）已届满，未提出申请。",
            )
        if today >= warn_from:
            return hit(
                Severity.WARNING,
                f"申请人民法院强制执行的期限（行政强制法第五十三条，{d(start)}至{d(end)}）将于{d(end)}届满，"
                f"至{d(today)}尚未申请，还剩{(end - today).days}日。",
                _tomorrow(today),
            )
        return ok(warn_from)


class MajorWithoutReview(Rule):
    id = "major_without_review"
    title = "重大执法决定未经法制审核或集体讨论"
    article = "行政处罚法第五十七条、第五十八条"
    source = CASES

    def evaluate(self, case: Case, today: date) -> Outcome:
        decision = _decision(case)
        if decision is None or decision.outcome in _NO_DECISION_DUTY:
            return ok()
        missing = []
        if workflow.legal_review_required(case) and workflow.legal_review_passed(case) is not True:
            missing.append("未经法制审核或者审核未通过（行政处罚法第五十八条）")
        if (
            decision.outcome == DecisionOutcome.PENALTY
            and workflow.discussion_required(case)
            and not workflow.discussion_passed(case)
        ):
            missing.append("未经负责人集体讨论决定（行政处罚法第五十七条第二款）")
        if not missing:
            return ok()
        return hit(
            Severity.SERIOUS,
            f"本案属于重大或者情节复杂的案件，{d(decision.decided_on)}作出的决定" + "；".join(missing) + "。",
        )


class HandlerCertificate(Rule):
    id = "handler_certificate"
    title = "承办人办案之日执法证无效"
    article = "行政处罚法第四十二条"
    source = CASES

    def evaluate(self, case: Case, today: date) -> Outcome:
        problems = []
        acts: dict[int, set[date]] = getattr(case, "supervision_acts", {})
        for handler in case.handlers.all():
            days = {handler.assigned_on} | {
                day
                for day in acts.get(handler.officer_id, set())
                if handler.removed_on is None or day <= handler.removed_on
            }
            for day in sorted(days):
                problem = _certificate_problem(handler.officer, day)
                if problem is not None:
                    problems.append(f"{d(day)}办案时，执法人员{handler.officer.name}{problem}")
                    break
        if not problems:
            return ok()
        return hit(
            Severity.SERIOUS,
            "执法人员应当持有有效执法证件（行政处罚法第四十二条）：" + "；".join(problems) + "。",
        )


def _certificate_problem(officer: Any, day: date) -> str | None:
    """Whether the officer held a certificate valid on ``day`` (``Certificate.problem_on``). Unlike the check
    before an action, his being inactive *today* says nothing about a past day. Remembered on the officer object
    (loaded once per chunk with its certificates), since his handlers in the chunk ask about the same days."""
    memo: dict[date, str | None] = officer.__dict__.setdefault("_supervision_problems", {})
    if day not in memo:
        memo[day] = _certificate_problem_on(officer, day)
    return memo[day]


def _certificate_problem_on(officer: Any, day: date) -> str | None:
    certificates = list(officer.certificates.all())
    if not certificates:
        return "未取得行政执法证"
    found = []
    for certificate in certificates:
        problem = certificate.problem_on(day)
        if problem is None:
            return None
        found.append(problem)
    return "的" + "；".join(found)


class ReviewerWasHandler(Rule):
    id = "reviewer_was_handler"
    title = "审核人员同时是本案承办人"
    article = "行政处罚法第五十八条（办审分离）"
    source = CASES

    def evaluate(self, case: Case, today: date) -> Outcome:
        handlers = {h.officer_id: h for h in case.handlers.all()}
        found = []
        reviews = [("法制审核", r) for r in case.legal_reviews.all()] + [
            ("案件审核", r) for r in case.case_reviews.all()
        ]
        for kind, review in reviews:
            handler = handlers.get(review.reviewer.officer_id) if review.reviewer.officer_id else None
            if handler is None:
                continue
            while_reviewing = handler.assigned_on <= review.on and (
                handler.removed_on is None or handler.removed_on > review.on
            )
            if while_reviewing or handler.removed_on is None:
                found.append(
                    f"{kind}人员{handler.officer.name}（{d(review.on)}审核）自{d(handler.assigned_on)}起为本案承办人"
                    + (f"，至{d(handler.removed_on)}退出" if handler.removed_on else "，至今未退出")
                )
        if not found:
            return ok()
        return hit(
            Severity.SERIOUS, "审核人员不得是本案承办人（办审分离，行政处罚法第五十八条）：" + "；".join(found) + "。"
        )


def _decimal(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


class FineOutsideTier(Rule):
    id = "fine_outside_tier"
    title = "罚款超出裁量阶次未说明理由"
    article = "行政处罚法第三十四条（裁量基准）"
    source = CASES

    def evaluate(self, case: Case, today: date) -> Outcome:
        decision = _decision(case)
        if decision is None or decision.outcome != DecisionOutcome.PENALTY or not decision.discretion:
            return ok()
        low, high = _decimal(decision.discretion.get("fine_min")), _decimal(decision.discretion.get("fine_max"))
        outside = (low is not None and decision.fine < low) or (high is not None and decision.fine > high)
        if not outside or decision.out_of_range_reason.strip():
            return ok()
        tier = decision.discretion.get("tier_label") or decision.discretion.get("tier") or ""
        return hit(
            Severity.WARNING,
            f"{d(decision.decided_on)}决定罚款{decision.fine}元，超出裁量基准{tier}阶次的范围（{low}元至{high}元），"
            "未写明书面理由（行政处罚法第三十四条）。",
        )


class RegisteredAfterLimitation(Rule):
    id = "registered_after_limitation"
    title = "超过追责时效立案"
    article = "行政处罚法第三十六条"
    source = CASES

    def evaluate(self, case: Case, today: date) -> Outcome:
        if case.registered_on is None or case.state == CaseState.NOT_REGISTERED:
            return ok()
        ended = case.act_ended or case.act_date
        if not rules.limitation_expired(ended, case.discovered_on, case.grave_harm):
            return ok()
        last = rules.limitation_last_day(ended, case.grave_harm)
        years = rules.LIMITATION_YEARS_GRAVE if case.grave_harm else rules.LIMITATION_YEARS
        return hit(
            Severity.SERIOUS,
            f"违法行为{'终了' if case.act_ended else '发生'}于{d(ended)}，{years}年内未被发现的不再给予行政处罚"
            f"（行政处罚法第三十六条，至{d(last)}）；本案{d(case.discovered_on)}发现、{d(case.registered_on)}立案，"
            "已超过追责时效。",
        )


CASE_RULES: tuple[Rule, ...] = (
    DecisionDeadline(),
    ServiceLate(),
    PaymentOverdue(),
    ReminderMissing(),
    CourtWindow(),
    MajorWithoutReview(),
    HandlerCertificate(),
    ReviewerWasHandler(),
    FineOutsideTier(),
    RegisteredAfterLimitation(),
)
