"""作出决定 (行政处罚法 第五十七条至第五十九条)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction

from fazhi import rules
from fazhi.cases import deadlines, workflow
from fazhi.cases import search as case_search
from fazhi.cases.models import Case, CaseState, Decision, DecisionOutcome
from fazhi.cases.services._common import case_event, lock_case, money
from fazhi.cases.services.intake import number_next
from fazhi.core import clock
from fazhi.core.errors import RuleViolation, ValidationError
from fazhi.core.extensions import extensions

if TYPE_CHECKING:
    from fazhi.accounts.models import User

DECISION_NUMBER_TEMPLATES = {
    DecisionOutcome.PENALTY: rules.DEFAULT_CASE_NUMBER_TEMPLATE,  # {agency}罚决字〔{year}〕第{seq}号
    DecisionOutcome.NO_PENALTY: "{agency}不罚字〔{year}〕第{seq}号",
    DecisionOutcome.EXEMPTED: "{agency}不罚字〔{year}〕第{seq}号",
}


def _discretion_range(case: Case) -> tuple[Decimal | None, Decimal | None]:
    report = workflow.latest_report(case)
    if report is None or not report.discretion:
        return None, None
    low, high = report.discretion.get("fine_min"), report.discretion.get("fine_max")
    return (Decimal(low) if low is not None else None, Decimal(high) if high is not None else None)


@transaction.atomic
def case_decide(
    *,
    actor: User,
    case: Case,
    outcome: str,
    reasons: str,
    penalty_kinds: list[str] | None = None,
    fine: Decimal = Decimal("0"),
    confiscation: Decimal = Decimal("0"),
    out_of_range_reason: str = "",
    late_reason: str = "",
) -> Decision:
    """The head decides. Refused when any requirement of 行政处罚法 is missing (see ``workflow.blockers_decide``),
    when the penalty is heavier than the one noticed (第四十五条第二款), or when the fine is outside the discretion
    tier without a written reason; a decision after the 90-day limit needs a written explanation."""
    case = lock_case(case)
    today = clock.today()
    if outcome not in DecisionOutcome.values:
        raise ValidationError("决定结果无效。")
    workflow.guard("decide", case, actor, today, outcome=outcome)
    if not reasons.strip():
        raise ValidationError("请写明决定的理由和依据。")
    kinds: list[str] = []
    fine, confiscation = money(fine, "罚款金额"), money(confiscation, "没收金额")
    try:
        if outcome == DecisionOutcome.PENALTY:
            kinds = [k.value for k in rules.parse_penalty_kinds(penalty_kinds or [])]
    except rules.RulesError as exc:
        raise ValidationError(str(exc)) from exc
    discretion: dict[str, object] = {}
    approved_by = None
    if outcome == DecisionOutcome.PENALTY:
        if not kinds:
            raise ValidationError("请写明处罚种类。")
        discretion, approved_by = _penalty_terms(
            case, actor, kinds, fine=fine, confiscation=confiscation, out_of_range_reason=out_of_range_reason
        )
    else:
        fine = confiscation = Decimal("0.00")
        out_of_range_reason = ""
        if outcome == DecisionOutcome.EXEMPTED:
            discretion = _exemption_terms(case)
    due = deadlines.decision_due(case, today)
    late = due is not None and today > due
    if late and not late_reason.strip():
        raise RuleViolation(
            f"已超过办案期限（{due:%Y年%m月%d日}届满，行政处罚法第六十条）：请写明逾期原因，逾期将纳入执法监督。"
        )
    number = _number(case, outcome, today)
    decision = Decision.objects.create(
        case=case,
        outcome=outcome,
        number=number,
        decided_on=today,
        decided_by=actor,
        penalty_kinds=kinds,
        fine=fine,
        confiscation=confiscation,
        reasons=reasons.strip(),
        discretion=discretion,
        out_of_range_reason=out_of_range_reason.strip(),
        out_of_range_approved_by=approved_by,
        decided_late=late,
        late_reason=late_reason.strip() if late else "",
    )
    case_search.index_cases([case.pk])  # 决定书文号: the list's search key
    ends_now = outcome in (DecisionOutcome.WITHDRAWN, DecisionOutcome.TRANSFERRED)
    workflow.advance(case, "decide", CaseState.CLOSED if ends_now else CaseState.DECIDED)
    if ends_now:
        case.closed_on = today
        case.save(update_fields=["closed_on"])
    case_event(
        actor=actor,
        case=case,
        action="case.decide",
        summary=f"作出决定：{decision.get_outcome_display()}"
        + (f" {number}" if number else "")
        + (f"，罚款{fine}元" if fine else ""),
        after={"state": case.state, "outcome": outcome, "fine": fine, "number": number},
    )
    publish(actor=actor, decision=decision)
    return decision


def _penalty_terms(
    case: Case, actor: User, kinds: list[str], *, fine: Decimal, confiscation: Decimal, out_of_range_reason: str
) -> tuple[dict[str, object], User | None]:
    """A penalty no heavier than the one noticed (第四十五条第二款) and within the discretion tier unless a written
    reason is given (then the head approves it): the discretion recorded and who approved the excess."""
    notice = workflow.latest_notice(case)
    assert notice is not None
    heavier_kinds = set(kinds) - set(notice.penalty_kinds)
    if fine > notice.fine or confiscation > notice.confiscation or heavier_kinds:
        raise RuleViolation(
            f"决定的处罚重于事先告知的处罚（告知：罚款{notice.fine}元），不得因当事人陈述、申辩而给予更重的处罚"
            "（行政处罚法第四十五条第二款）；如需加重，须重新调查、告知。"
        )
    low, high = _discretion_range(case)
    outside = (low is not None and fine < low) or (high is not None and fine > high)
    if outside and not out_of_range_reason.strip():
        raise RuleViolation(f"罚款{fine}元超出裁量阶次的范围（{low}元至{high}元），须写明书面理由并经负责人批准。")
    report = workflow.latest_report(case)
    return (dict(report.discretion) if report else {}), (actor if outside else None)


def _exemption_terms(case: Case) -> dict[str, object]:
    """首违不罚/轻微不罚 only as the investigation report found it against the exemption list (第三十三条)."""
    report = workflow.latest_report(case)
    exemption = (report.discretion or {}).get("exemption") if report else None
    if report is None or report.proposed_outcome != DecisionOutcome.EXEMPTED or not exemption:
        raise RuleViolation(
            "首违不罚/轻微不罚须在调查终结报告中对照免罚清单认定（行政处罚法第三十三条），请先补充调查终结报告。"
        )
    return {"exemption": exemption}


def _number(case: Case, outcome: str, today: date) -> str:
    """The decision's number, for the outcomes that have one."""
    template = DECISION_NUMBER_TEMPLATES.get(DecisionOutcome(outcome))
    if not template:
        return ""
    seq = number_next(agency=case.legal_subject, kind=f"decision:{outcome}", year=today.year)
    return rules.case_number(template, case.legal_subject.code, today.year, seq)


def publish(*, actor: User, decision: Decision) -> None:
    """Create the decision's publication record (双公示) where the publicity app is installed (it fills the slot)."""
    for create in extensions("decision.made"):
        create(actor=actor, decision=decision)
