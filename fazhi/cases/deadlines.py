"""Every deadline of a case and its money position, computed by ``fazhi.rules`` from the case's records.

Nothing here is typed by hand: a deadline is a function of dates the case records hold. The to-do list, the case
page, the transitions and supervision all read these same functions.

A deadline that needs the working days of a year whose holiday arrangement is not entered is computed on the
provisional calendar (weekends and the days 《全国年节及纪念日放假办法》 第二条 fixes, ``fazhi.rules.holidays``)
and carries the years it assumed: it is shown as provisional and never taken for final. Nothing here raises
:class:`fazhi.rules.CalendarUnknownError`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TypeVar

from django.utils import timezone

from fazhi import rules
from fazhi.cases.models import (
    REMEDY_ENDS,
    Case,
    CaseRemedy,
    Decision,
    Payment,
    Procedure,
    RemedyKind,
    RemedyOutcome,
    Service,
    SuspensionKind,
)
from fazhi.core.holidays import calendar_memo

SOON_DAYS = 3
T = TypeVar("T")


def soft(fn: Callable[..., T], *args: object, **kwargs: object) -> tuple[T, frozenset[int]]:
    """Call a rules function on the provisional calendar: its result and the years it had to assume.

    Remembered while the holiday table is unchanged when the arguments are plain dates and numbers
    (``fazhi.core.holidays.calendar_memo``): the scan asks the same few thousand questions for a million cases."""
    return calendar_memo(fn, *args, **kwargs)


unknown_years_between = rules.unknown_years_between


def provisional_note(years: Iterable[int]) -> str:
    listed = "、".join(f"{y}年" for y in sorted(years))
    return f"暂按周末及法定节日推算，待录入{listed}安排" if listed else ""


def uncertain_against(today: date, years: Iterable[int]) -> bool:
    """Whether comparing ``today`` with a date computed on assumed ``years`` cannot yet be decided.

    Such a date lies in or after 1 January of the first assumed year, so a day before that compares exactly.
    """
    years = list(years)
    return bool(years) and today >= date(min(years), 1, 1)


def calendar_refusal(years: Iterable[int], what: str) -> str:
    listed = "、".join(f"{y}年" for y in sorted(years))
    return (
        f"{what}取决于{listed}的工作日，而{listed}的法定节假日安排尚未录入，暂不能办理：请系统管理员在"
        "「系统管理—节假日安排」（/system/holidays/）录入后再办理"
    )


# The party's own periods: when one runs out nobody has failed; the agency may take the next step.
PARTY_PERIODS = frozenset({"representation", "hearing_request", "payment"})


@dataclass(frozen=True)
class Deadline:
    code: str
    label: str
    due: date
    article: str
    done_on: date | None = None
    provisional_years: frozenset[int] = field(default_factory=frozenset)

    @property
    def provisional(self) -> bool:
        return bool(self.provisional_years)

    @property
    def provisional_note(self) -> str:
        return provisional_note(self.provisional_years)

    @property
    def is_party_period(self) -> bool:
        return self.code in PARTY_PERIODS

    def status(self, today: date) -> str:
        """done / late / overdue / ended / due_soon / open — the UI colours overdue red.

        A party's period that has run out is "ended", not overdue: the duty it opens is the agency's next step.
        """
        if self.done_on is not None:
            if self.is_party_period:
                return "done"
            return "late" if self.done_on > self.due else "done"
        if today > self.due:
            return "ended" if self.is_party_period else "overdue"
        if (self.due - today).days <= SOON_DAYS:
            return "due_soon"
        return "open"

    def days_left(self, today: date) -> int:
        return (self.due - today).days


def _days_in(start: date, end: date | None, today: date) -> int:
    last = end or today
    return max(0, (last - start).days + 1)


def excluded_days(case: Case, today: date) -> int:
    """Days of 中止、听证、公告、检测 that do not count in the 90-day limit (行政处罚法 第六十条 and practice G-11)."""
    return sum(_days_in(s.start, s.end, today) for s in case.suspensions.all() if s.kind != SuspensionKind.REMEDY)


def decision_due(case: Case, today: date) -> date | None:
    if case.registered_on is None:
        return None
    extension = sum(e.days for e in case.extensions.all())
    return rules.decision_deadline(case.registered_on, extension, excluded_days(case, today))


def decision_service(case: Case) -> Service | None:
    services = [s for s in case.services.all() if s.document == Service.Document.DECISION]
    return min(services, key=lambda s: s.deemed_served_on) if services else None


def reminder_service(case: Case) -> Service | None:
    services = [s for s in case.services.all() if s.document == Service.Document.REMINDER]
    return min(services, key=lambda s: s.deemed_served_on) if services else None


def payment_due_soft(case: Case) -> tuple[date | None, frozenset[int]]:
    """The last day to pay and the years it assumed (see :func:`soft`)."""
    served = decision_service(case)
    if served is None:
        return None, frozenset()
    arrangements = list(case.arrangements.all())
    if arrangements:
        return max(a.deferred_until for a in arrangements), frozenset()
    return soft(rules.payment_deadline, served.deemed_served_on)


def payment_due(case: Case) -> date | None:
    """The last day to pay: 15 days after service (第六十七条), or the approved deferral (第六十六条)."""
    return payment_due_soft(case)[0]


@dataclass(frozen=True)
class MoneyStatus:
    fine: Decimal
    fine_paid: Decimal
    due: date | None
    late_fee: Decimal
    late_fee_paid: Decimal
    fine_paid_on: date | None
    provisional_years: frozenset[int] = frozenset()
    ended: bool = False

    @property
    def provisional(self) -> bool:
        """The due date (and so the late fee) assumes a year whose arrangement is not entered."""
        return bool(self.provisional_years)

    @property
    def provisional_note(self) -> str:
        return provisional_note(self.provisional_years)

    @property
    def fine_outstanding(self) -> Decimal:
        return max(Decimal("0.00"), self.fine - self.fine_paid)

    @property
    def refund(self) -> Decimal:
        """Paid beyond what is owed: all of it when the decision was revoked or voided, the difference when it
        was changed to a lower fine. Shown as 应退还."""
        over_fine = max(Decimal("0.00"), self.fine_paid - self.fine)
        over_fee = max(Decimal("0.00"), self.late_fee_paid - self.late_fee)
        return over_fine + over_fee

    @property
    def late_fee_outstanding(self) -> Decimal:
        return max(Decimal("0.00"), self.late_fee - self.late_fee_paid)

    @property
    def outstanding(self) -> Decimal:
        return self.fine_outstanding + self.late_fee_outstanding

    @property
    def settled(self) -> bool:
        return self.outstanding <= 0


def _remedy_days_after(case: Case, due: date, until: date, today: date) -> int:
    """Days of 复议/诉讼 after the due date, which stop the late fee (第七十三条第三款)."""
    total = 0
    for s in case.suspensions.all():
        if s.kind != SuspensionKind.REMEDY:
            continue
        start = max(s.start, due + timedelta(days=1))
        end = min(s.end or today, until)
        if end >= start:
            total += (end - start).days + 1
    return total


def current_remedies(case: Case) -> list[CaseRemedy]:
    """The 复议 and 诉讼 against the case's present decision (not those of a decision replaced by a new one)."""
    return [r for r in case.remedies.all() if not r.superseded]


def pending_remedy(case: Case) -> CaseRemedy | None:
    return next((r for r in current_remedies(case) if r.pending), None)


def remedy_ended(case: Case) -> CaseRemedy | None:
    """The remedy that revoked, voided or confirmed illegal the decision: execution has ended."""
    return next((r for r in current_remedies(case) if r.outcome in REMEDY_ENDS), None)


def remedy_path(case: Case) -> tuple[date, str] | None:
    """The last day of the period that must lapse before the court window opens, and the articles of its path.

    None while a remedy is pending or after it ended execution, and before the decision is served. The paths are
    those of :mod:`fazhi.rules.remedies`: no remedy (一般程序: 起诉期限 six months; 当场: the 60-day 复议 period,
    行政复议法 第二十三条第一款第一项), 复议 and no suit (15 days, 行政诉讼法 第四十五条), first instance (15 days, a
    ruling 10, 第八十五条), appeal (final when served). A withdrawn remedy (终止) keeps the later of its own period
    and the no-remedy period: the withdrawal does not shorten the party's time.
    """
    served = decision_service(case)
    if served is None or pending_remedy(case) is not None or remedy_ended(case) is not None:
        return None
    on_the_spot = case.procedure == Procedure.SIMPLE
    plain = rules.unchallenged_period_end(served.deemed_served_on, on_the_spot=on_the_spot)
    plain_article = "行政复议法第二十条、第二十三条" if on_the_spot else "行政诉讼法第四十六条"
    decided = [r for r in current_remedies(case) if r.outcome_served_on is not None]
    if not decided:
        return plain, plain_article
    last = decided[-1]
    assert last.outcome_served_on is not None
    if last.kind == RemedyKind.RECONSIDERATION:
        end, article = rules.suit_after_reconsideration_end(last.outcome_served_on), "行政诉讼法第四十五条"
    elif last.kind == RemedyKind.FIRST_INSTANCE:
        end, article = rules.appeal_period_end(last.outcome_served_on, ruling=last.by_ruling), "行政诉讼法第八十五条"
    else:
        end, article = rules.final_judgment_period_end(last.outcome_served_on), "行政诉讼法第七条（二审终审）"
    if last.outcome == RemedyOutcome.TERMINATED and plain > end:
        return plain, plain_article
    return end, article


def deferred_until(case: Case) -> date | None:
    arrangements = list(case.arrangements.all())
    return max(a.deferred_until for a in arrangements) if arrangements else None


def court_window(case: Case) -> tuple[date, date] | None:
    """(earliest, latest) days to apply for court enforcement, or None when the application is not available
    (no service or 催告 yet, a remedy pending or execution ended). Raises ``rules.RulesError`` for an empty window.

    行政强制法 第五十三条、第五十四条; 行诉解释 第一百五十六条; a deferral moves it (行政处罚法 第七十二条第二款).
    """
    path, reminder = remedy_path(case), reminder_service(case)
    if path is None or reminder is None:
        return None
    return rules.enforcement_window(path[0], reminder.deemed_served_on, deferred_until=deferred_until(case))


def court_latest(case: Case) -> date | None:
    """The last day to apply to the court, before a 催告 is served (the window's end does not depend on it)."""
    path = remedy_path(case)
    if path is None:
        return None
    base = max(path[0], deferred_until(case) or path[0])
    return rules.months_end(base, rules.COURT_ENFORCEMENT_MONTHS)


def money_status(case: Case, today: date) -> MoneyStatus:
    """What the party owes today: the fine, 加处罚款 3% a day from the day after the due date, capped at the fine."""
    decision = getattr(case, "decision", None)
    fine = decision.fine if decision is not None else Decimal("0.00")
    payments = list(case.payments.all())
    if remedy_ended(case) is not None:
        # 撤销、确认违法、确认无效: nothing is owed any more; what was paid is to be refunded.
        fine_paid = sum((p.amount for p in payments if p.kind == Payment.Kind.FINE), Decimal("0.00"))
        late_paid = sum((p.amount for p in payments if p.kind == Payment.Kind.LATE_FEE), Decimal("0.00"))
        zero = Decimal("0.00")
        return MoneyStatus(zero, fine_paid, None, zero, late_paid, None, ended=True)
    fine_paid = sum((p.amount for p in payments if p.kind == Payment.Kind.FINE), Decimal("0.00"))
    late_paid = sum((p.amount for p in payments if p.kind == Payment.Kind.LATE_FEE), Decimal("0.00"))
    due, assumed = payment_due_soft(case)
    fine_paid_on = None
    if fine > 0 and fine_paid >= fine:
        running = Decimal("0.00")
        for p in sorted((p for p in payments if p.kind == Payment.Kind.FINE), key=lambda p: p.paid_on):
            running += p.amount
            if running >= fine:
                fine_paid_on = p.paid_on
                break
    late = Decimal("0.00")
    if due is not None and fine > 0 and not any(p.on_the_spot for p in payments):
        until = fine_paid_on or today
        if until > due:
            late = rules.late_fee(fine, due, until, _remedy_days_after(case, due, until, today))
    return MoneyStatus(fine, fine_paid, due, late, late_paid, fine_paid_on, assumed)


def case_deadlines(case: Case, today: date) -> list[Deadline]:
    """The case's deadlines, soonest first."""
    out: list[Deadline] = []
    decision = getattr(case, "decision", None)
    due = decision_due(case, today)
    if due is not None and case.procedure == "general":
        out.append(
            Deadline(
                "decision",
                "作出处罚决定",
                due,
                "行政处罚法第六十条（九十日）",
                decision.decided_on if decision else None,
            )
        )
    out += _measure_deadlines(case)
    out += _notice_deadlines(case, decision)
    if decision is not None and decision.outcome != "withdrawn":
        out += _execution_deadlines(case, decision, today)
    for r in current_remedies(case):
        if r.pending and r.reply_due is not None:
            out.append(Deadline("remedy_reply", r.reply_label, r.reply_due, r.reply_article, r.reply_done_on))
    out += _transfer_deadlines(case)
    return sorted(out, key=lambda d: d.due)


def _measure_deadlines(case: Case) -> list[Deadline]:
    """先行登记保存 and 查封、扣押."""
    out: list[Deadline] = []
    for p in case.preservations.all():
        due_on, assumed = soft(rules.preservation_decision_deadline, p.saved_on)
        out.append(
            Deadline(
                "preservation",
                "先行登记保存物品处理决定",
                due_on,
                "行政处罚法第五十六条（七个工作日）",
                p.decided_on,
                assumed,
            )
        )
    for s in case.seizures.all():
        out.append(
            Deadline(
                "seizure",
                f"{s.get_measure_display()}期限届满",
                rules.seizure_end(s.start, s.extended_on is not None),
                "行政强制法第二十五条（三十日，可延长三十日）",
                s.released_on,
            )
        )
    return out


def _notice_deadlines(case: Case, decision: Decision | None) -> list[Deadline]:
    """The party's periods after the 事先告知."""
    out: list[Deadline] = []
    notices = list(case.notices.all())
    if notices:
        notice = notices[-1]
        out.append(
            Deadline(
                "representation",
                "陈述申辩期满",
                notice.representation_until,
                "行政处罚法第四十四条、第四十五条",
                notice.waived_on or (decision.decided_on if decision else None),
                unknown_years_between(notice.served_on, notice.representation_until),
            )
        )
        if notice.hearing_request_until:
            requested = (
                next((h.requested_on for h in case.hearings.all()), None)
                or notice.hearing_waived_on  # a written waiver of the hearing ends the party's period (第六十四条)
                or (decision.decided_on if decision else None)
            )
            out.append(
                Deadline(
                    "hearing_request",
                    "听证申请期满",
                    notice.hearing_request_until,
                    "行政处罚法第六十四条（五日）",
                    requested,
                    unknown_years_between(notice.served_on, notice.hearing_request_until),
                )
            )
    return out


def _execution_deadlines(case: Case, decision: Decision, today: date) -> list[Deadline]:
    """Service of the decision, payment and the court window."""
    out: list[Deadline] = []
    served = decision_service(case)
    service_due, assumed = soft(rules.service_deadline, decision.decided_on)
    out.append(
        Deadline(
            "service",
            "送达处罚决定书",
            service_due,
            "行政处罚法第六十一条（七日）",
            served.served_on if served else None,
            assumed,
        )
    )
    money = money_status(case, today)
    if money.due is not None and money.fine > 0:
        out.append(
            Deadline(
                "payment",
                "缴纳罚款",
                money.due,
                "行政处罚法第六十七条（十五日）",
                money.fine_paid_on,
                money.provisional_years,
            )
        )
        if served is not None and not money.settled:
            assumed = frozenset()
            try:
                window, assumed = soft(court_window, case)
            except rules.RulesError:
                window = None  # the reminder came too late: supervision reports it
            if window is not None:
                start, end = window
                applied = next((c.applied_on for c in case.court_enforcements.all()), None)
                out.append(
                    Deadline(
                        "court_enforcement",
                        f"申请法院强制执行（{start:%Y-%m-%d}起）",
                        end,
                        "行政强制法第五十三条、第五十四条",
                        applied,
                        assumed,
                    )
                )
    return out


def _transfer_deadlines(case: Case) -> list[Deadline]:
    """两法衔接: the head's approval and the hand-over to the police."""
    out: list[Deadline] = []
    for t in case.transfers.all():
        if t.kind == "criminal" and t.approved_at is None and not t.refused_reason:
            out.append(
                Deadline(
                    "transfer_approval",
                    "负责人审批涉嫌犯罪案件移送",
                    rules.criminal_transfer_approval_deadline(timezone.localdate(t.reported_at)),
                    "行政执法机关移送涉嫌犯罪案件的规定第五条（三日）",
                )
            )
        if t.kind == "criminal" and t.approved_at is not None:
            due_at = timezone.localtime(rules.criminal_transfer_due(t.approved_at))
            out.append(
                Deadline(
                    "transfer",
                    "移送公安机关（批准后二十四小时）",
                    due_at.date(),
                    "行政执法机关移送涉嫌犯罪案件的规定第五条",
                    timezone.localdate(t.transferred_at) if t.transferred_at else None,
                )
            )
    return out
