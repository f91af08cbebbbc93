"""送达, 履行 (罚缴分离), 加处罚款, 催告, 申请法院强制执行, 结案 and 归档."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction

from fazhi import rules
from fazhi.accounts.models import Role
from fazhi.cases import deadlines, workflow
from fazhi.cases.models import (
    Case,
    CourtEnforcement,
    Payment,
    PaymentArrangement,
    Reminder,
    Service,
    ServiceMethod,
)
from fazhi.cases.services._common import (
    case_event,
    ensure_head,
    ensure_role,
    lock_case,
    money,
)
from fazhi.cases.services.consent import electronic_service_consent
from fazhi.cases.services.intake import number_next
from fazhi.core import clock
from fazhi.core.errors import RuleViolation, ValidationError
from fazhi.core.validation import ensure_fits

if TYPE_CHECKING:
    from fazhi.accounts.models import User

ARCHIVE_NUMBER_TEMPLATE = "{agency}档〔{year}〕{seq}号"


def _not_future(day: date, label: str) -> date:
    if day > clock.today():
        raise ValidationError(f"{label}不能晚于今天。")
    return day


def _service(
    *,
    actor: User,
    case: Case,
    document: str,
    method: str,
    served_on: date,
    recipient: str,
    proof: str,
    late_reason: str = "",
    consent_id: int | None = None,
) -> Service:
    if method not in ServiceMethod.values:
        raise ValidationError("送达方式无效。")
    if not recipient.strip() or not proof.strip():
        raise ValidationError("请填写受送达人和送达凭证（送达回证、邮件回执号、公告载体等）。")
    consent = electronic_service_consent(case=case, method=method, consent_id=consent_id, served_on=served_on)
    deemed = rules.announcement_deemed_served(served_on) if method == ServiceMethod.ANNOUNCEMENT else served_on
    service = Service(
        case=case,
        document=document,
        method=method,
        consent=consent,
        served_on=_not_future(served_on, "送达日期"),
        deemed_served_on=deemed,
        recipient=recipient.strip(),
        proof=proof.strip(),
        late_reason=late_reason.strip(),
        recorded_by=actor,
    )
    ensure_fits(service)
    service.save()
    return service


@transaction.atomic
def decision_serve(
    *,
    actor: User,
    case: Case,
    method: str,
    served_on: date,
    recipient: str,
    proof: str,
    late_reason: str = "",
    consent_id: int | None = None,
) -> Service:
    """送达 the decision: on the spot, or within 7 working days (行政处罚法 第六十一条); 公告 counts after 30 days.

    电子送达 names the party's signed 确认书 (``consent_id``, 第六十一条第二款).
    """
    case = lock_case(case)
    workflow.guard("serve", case, actor, clock.today())
    decision = case.decision
    if served_on < decision.decided_on:
        raise ValidationError("送达日期不能早于决定日期。")
    due, assumed = deadlines.soft(rules.service_deadline, decision.decided_on)
    # Late only when certainly late: a service on a day the assumed calendar cannot place is checked by
    # supervision once the year is entered (the ServiceLate rule recomputes it).
    certainly_late = served_on > due and not deadlines.uncertain_against(served_on, assumed)
    if certainly_late and not late_reason.strip():
        raise RuleViolation(
            f"送达已超过法定期限（应于{due:%Y年%m月%d日}前送达，行政处罚法第六十一条）：请写明逾期原因，逾期将纳入执法监督。"
        )
    service = _service(
        actor=actor,
        case=case,
        document=Service.Document.DECISION,
        method=method,
        served_on=served_on,
        recipient=recipient,
        proof=proof,
        late_reason=late_reason,
        consent_id=consent_id,
    )
    workflow.advance(case, "serve")
    case_event(
        actor=actor,
        case=case,
        action="case.serve",
        summary=f"{service.get_method_display()}处罚决定书，{service.deemed_served_on:%Y年%m月%d日}视为送达",
        after={"state": case.state},
    )
    return service


@transaction.atomic
def payment_record(
    *, actor: User, case: Case, kind: str, amount: Decimal, paid_on: date, receipt_number: str, bank: str
) -> Payment:
    """罚缴分离 (第六十七条): a payment is recorded from the bank's receipt, never collected by a handler.

    Refused: a receipt already recorded, or more than is owed of that kind (a double payment is a refund matter).
    """

    case = lock_case(case)
    ensure_role(actor, case, Role.CLERK, Role.HEAD, Role.SQUAD_LEADER, Role.OFFICER, action="登记缴款")
    workflow.guard("pay", case, actor, clock.today())
    if kind not in (Payment.Kind.FINE, Payment.Kind.LATE_FEE):
        raise ValidationError("款项须为罚款或加处罚款。")
    amount = money(amount, "缴款金额")
    if amount <= 0:
        raise ValidationError("缴款金额必须大于零。")
    receipt_number = receipt_number.strip()
    if not receipt_number or not bank.strip():
        raise ValidationError("请填写银行（代收机构）和缴款凭证号：罚款一律缴入指定银行（行政处罚法第六十七条）。")
    if Payment.objects.filter(receipt_number=receipt_number).exists():
        raise RuleViolation(f"缴款凭证「{receipt_number}」已经登记，不能重复入账。")
    _not_future(paid_on, "缴款日期")
    if paid_on < case.decision.decided_on:
        raise ValidationError("缴款日期不能早于决定日期。")
    status = deadlines.money_status(case, clock.today())
    owed = status.fine_outstanding if kind == Payment.Kind.FINE else status.late_fee_outstanding
    if amount > owed:
        raise RuleViolation(
            f"缴款{amount}元超过应缴的{Payment.Kind(kind).label}{owed}元：重复或多缴的款项不能入账，请核实后按退库处理。"
        )
    try:
        with transaction.atomic():
            payment = Payment.objects.create(
                case=case,
                kind=kind,
                amount=amount,
                paid_on=paid_on,
                receipt_number=receipt_number,
                bank=bank.strip(),
                recorded_by=actor,
            )
    except IntegrityError as exc:  # the same receipt recorded concurrently
        raise RuleViolation(f"缴款凭证「{receipt_number}」已经登记，不能重复入账。") from exc
    case_event(
        actor=actor,
        case=case,
        action="case.payment",
        summary=f"登记{payment.get_kind_display()}{amount}元（{bank.strip()}，凭证{receipt_number}）",
    )
    return payment


@transaction.atomic
def arrangement_approve(
    *, actor: User, case: Case, deferred_until: date, reason: str, instalments: list[dict[str, str]] | None = None
) -> PaymentArrangement:
    """暂缓或者分期缴纳 (第六十六条第二款), approved by the head."""
    case = lock_case(case)
    ensure_head(actor, case, action="批准暂缓或分期缴纳")
    workflow.guard("arrangement", case, actor, clock.today())
    due = deadlines.payment_due(case)
    if due is not None and deferred_until <= due:
        raise ValidationError(f"延期后的缴纳期限应晚于原期限{due:%Y年%m月%d日}。")
    if not reason.strip():
        raise ValidationError("请写明当事人确有经济困难等理由。")
    arrangement = PaymentArrangement.objects.create(
        case=case,
        deferred_until=deferred_until,
        reason=reason.strip(),
        instalments=instalments or [],
        approved_by=actor,
        approved_on=clock.today(),
    )
    case_event(
        actor=actor, case=case, action="case.arrangement", summary=f"批准暂缓缴纳至{deferred_until:%Y年%m月%d日}"
    )
    return arrangement


@transaction.atomic
def reminder_issue(
    *,
    actor: User,
    case: Case,
    method: str,
    served_on: date,
    recipient: str,
    proof: str,
    consent_id: int | None = None,
) -> Reminder:
    """催告书 (行政强制法 第三十五条、第五十四条): unpaid after the due date; states the amount and 10 working days."""
    case = lock_case(case)
    today = clock.today()
    workflow.guard("remind", case, actor, today)
    status = deadlines.money_status(case, served_on)
    reminder = Reminder.objects.create(
        case=case,
        issued_on=served_on,
        fine_due=status.fine_outstanding,
        late_fee_due=status.late_fee_outstanding,
        issued_by=actor,
    )
    service = _service(
        actor=actor,
        case=case,
        document=Service.Document.REMINDER,
        method=method,
        served_on=served_on,
        recipient=recipient,
        proof=proof,
        consent_id=consent_id,
    )
    comply_by, assumed = deadlines.soft(rules.add_working_days, service.deemed_served_on, rules.REMINDER_WORKING_DAYS)
    note = f"（{deadlines.provisional_note(assumed)}）" if assumed else ""
    case_event(
        actor=actor,
        case=case,
        action="case.remind",
        summary=f"送达催告书：应缴罚款{reminder.fine_due}元、加处罚款{reminder.late_fee_due}元，"
        f"{comply_by:%Y年%m月%d日}前履行{note}",
    )
    return reminder


@transaction.atomic
def court_enforcement_apply(*, actor: User, case: Case, court: str) -> CourtEnforcement:
    """申请人民法院强制执行, only inside the window of 行政强制法 第五十三条/第五十四条."""
    case = lock_case(case)
    today = clock.today()
    workflow.guard("apply_court", case, actor, today)
    if not court.strip():
        raise ValidationError("请填写受理法院。")
    window = deadlines.court_window(case)  # the remedy's path and a deferral move it (deadlines.remedy_path)
    assert window is not None
    start, end = window
    application = CourtEnforcement.objects.create(
        case=case, court=court.strip(), applied_on=today, window_start=start, window_end=end, applied_by=actor
    )
    case_event(actor=actor, case=case, action="case.court_apply", summary=f"申请{court.strip()}强制执行")
    return application


@transaction.atomic
def court_enforcement_update(
    *,
    actor: User,
    application: CourtEnforcement,
    accepted_on: date | None = None,
    ruling: str = "",
    completed_on: date | None = None,
) -> CourtEnforcement:
    case = lock_case(application.case)
    ensure_head(actor, case, action="登记法院强制执行结果")
    for day, label in ((accepted_on, "受理日期"), (completed_on, "执行完毕日期")):
        if day is not None:
            _not_future(day, label)
            if day < application.applied_on:
                raise ValidationError(f"{label}不能早于申请日期。")
    application.accepted_on = accepted_on or application.accepted_on
    application.ruling = ruling.strip() or application.ruling
    application.completed_on = completed_on or application.completed_on
    ensure_fits(application)
    application.save()
    case_event(
        actor=actor,
        case=case,
        action="case.court_update",
        summary="法院强制执行：" + ("已执行完毕" if application.completed_on else "已受理"),
    )
    return application


@transaction.atomic
def case_close(*, actor: User, case: Case, summary: str) -> Case:
    """结案: paid in full, or enforced by the court, with the 结案报告."""
    case = lock_case(case)
    today = clock.today()
    workflow.guard("close", case, actor, today)
    if not summary.strip():
        raise ValidationError("请填写结案报告（执行情况）。")
    case.closed_on, case.close_summary = today, summary.strip()
    case.save(update_fields=["closed_on", "close_summary"])
    workflow.advance(case, "close")
    case_event(actor=actor, case=case, action="case.close", summary="结案")
    return case


@transaction.atomic
def case_archive(*, actor: User, case: Case) -> Case:
    """归档 with an archive number (行政处罚法 第四十七条: 全过程记录，归档保存)."""
    case = lock_case(case)
    today = clock.today()
    workflow.guard("archive", case, actor, today)
    seq = number_next(agency=case.legal_subject, kind="archive", year=today.year)
    case.archive_number = rules.case_number(ARCHIVE_NUMBER_TEMPLATE, case.legal_subject.code, today.year, seq)
    case.archived_on = today
    case.save(update_fields=["archive_number", "archived_on"])
    workflow.advance(case, "archive")
    case_event(actor=actor, case=case, action="case.archive", summary=f"归档 {case.archive_number}")
    return case
