"""事先告知, 陈述申辩, 听证 (行政处罚法 第四十四条、第四十五条、第六十三条至第六十五条), and the party's
application for the hearing host's recusal (第六十四条第四项)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction

from fazhi import rules
from fazhi.agencies.models import Officer
from fazhi.cases import workflow
from fazhi.cases.models import (
    Case,
    CaseSuspension,
    Hearing,
    PreDecisionNotice,
    Recusal,
    Representation,
    ServiceMethod,
    SuspensionKind,
)
from fazhi.cases.services._common import (
    active_handlers,
    case_event,
    ensure_handler,
    ensure_head,
    lock_case,
)
from fazhi.cases.services.consent import electronic_service_consent
from fazhi.core import clock
from fazhi.core.errors import RuleViolation, ValidationError
from fazhi.core.validation import ensure_fits

if TYPE_CHECKING:
    from fazhi.accounts.models import User

# 陈述申辩 period: not fixed by 行政处罚法; 5 working days by default (RULES.md G-9, V2) — a setting.
REPRESENTATION_WORKING_DAYS = getattr(
    settings, "FAZHI_REPRESENTATION_WORKING_DAYS", rules.DEFAULT_REPRESENTATION_WORKING_DAYS
)
HEARING_THRESHOLDS = (
    rules.HearingThresholds(**getattr(settings, "FAZHI_HEARING_THRESHOLDS", {}))
    if getattr(settings, "FAZHI_HEARING_THRESHOLDS", None)
    else rules.DEFAULT_HEARING_THRESHOLDS
)


def _served_on(served_on: date) -> date:
    if served_on > clock.today():
        raise ValidationError("送达日期不能晚于今天。")
    return served_on


@transaction.atomic
def notice_issue(
    *, actor: User, case: Case, method: str, served_on: date, consent_id: int | None = None
) -> PreDecisionNotice:
    """Serve the 事先告知书 with the proposed penalty; add the 听证 notice where 第六十三条 applies.

    电子送达 names the party's signed 确认书 (``consent_id``, 第六十一条第二款).
    """
    case = lock_case(case)
    workflow.guard("notify", case, actor, clock.today())
    if method not in ServiceMethod.values:
        raise ValidationError("送达方式无效。")
    report = workflow.latest_report(case)
    assert report is not None
    served_on = _served_on(served_on)
    consent = electronic_service_consent(case=case, method=method, consent_id=consent_id, served_on=served_on)
    hearing_right = rules.hearing_right(
        case.party.kind, report.fine, report.penalty_kinds, HEARING_THRESHOLDS, confiscation=report.confiscation
    )
    # Stored on the provisional calendar where a year is not entered yet; entering it recomputes both dates
    # (fazhi.core.calendar.recompute_provisional, registered in fazhi.cases.apps).
    with rules.provisional_calendar():
        representation_until = rules.representation_deadline(served_on, REPRESENTATION_WORKING_DAYS)
        hearing_request_until = rules.hearing_request_deadline(served_on) if hearing_right else None
    notice = PreDecisionNotice.objects.create(
        case=case,
        penalty_kinds=report.penalty_kinds,
        fine=report.fine,
        confiscation=report.confiscation,
        hearing_right=hearing_right,
        method=method,
        consent=consent,
        served_on=served_on,
        representation_until=representation_until,
        hearing_request_until=hearing_request_until,
        issued_by=actor,
    )
    workflow.advance(case, "notify")
    summary = f"送达行政处罚事先告知书，陈述申辩期限至{notice.representation_until:%Y年%m月%d日}"
    if hearing_right:
        summary += f"；告知听证权利，申请期限至{notice.hearing_request_until:%Y年%m月%d日}"
    case_event(actor=actor, case=case, action="case.notify", summary=summary, after={"state": case.state})
    return notice


@transaction.atomic
def representation_record(
    *, actor: User, case: Case, received_on: date, content: str, adopted: bool, response: str
) -> Representation:
    """陈述申辩: recorded and answered (第四十五条: 行政机关必须充分听取当事人的意见)."""
    case = lock_case(case)
    ensure_handler(actor, case, action="记录陈述申辩")
    workflow.guard("representation", case, actor, clock.today())
    if not content.strip() or not response.strip():
        raise ValidationError("请记录陈述申辩内容和复核意见。")
    record = Representation.objects.create(
        case=case,
        received_on=_served_on(received_on),
        content=content.strip(),
        adopted=adopted,
        response=response.strip(),
        recorded_by=actor,
    )
    case_event(
        actor=actor,
        case=case,
        action="case.representation",
        summary=f"当事人陈述申辩（{'采纳' if adopted else '不予采纳'}）",
    )
    return record


@transaction.atomic
def notice_waive(*, actor: User, case: Case, on: date) -> PreDecisionNotice:
    """The party waives 陈述申辩 in writing before the period ends (第六十二条: 当事人明确放弃陈述或者申辩权利).

    It does not waive the hearing: that is ``hearing_waive``, its own written record (第六十三条、第六十四条)."""
    case = lock_case(case)
    ensure_handler(actor, case, action="登记放弃陈述申辩")
    workflow.guard("waive", case, actor, clock.today())
    notice = workflow.latest_notice(case)
    assert notice is not None
    notice.waived_on = _served_on(on)
    notice.save(update_fields=["waived_on"])
    case_event(actor=actor, case=case, action="case.waive", summary="当事人书面放弃陈述申辩")
    return notice


@transaction.atomic
def hearing_waive(*, actor: User, case: Case, on: date) -> PreDecisionNotice:
    """The party waives the hearing in writing (第六十三条、第六十四条第一项): a record of its own, separate from the
    waiver of 陈述申辩; from then on the hearing-request period no longer holds back the decision."""
    case = lock_case(case)
    ensure_handler(actor, case, action="登记放弃听证")
    workflow.guard("waive_hearing", case, actor, clock.today())
    notice = workflow.latest_notice(case)
    assert notice is not None
    if not notice.hearing_right:
        raise RuleViolation("本案拟作出的处罚不属于行政处罚法第六十三条规定的听证范围，无需放弃听证。")
    if notice.hearing_waived_on is not None:
        raise RuleViolation(f"当事人已于{notice.hearing_waived_on:%Y年%m月%d日}书面放弃听证。")
    if case.hearings.exists():
        raise RuleViolation("当事人已申请听证：放弃已申请的听证，请在听证记录中登记当事人放弃听证。")
    on = _served_on(on)
    if on < notice.served_on:
        raise ValidationError("放弃听证的日期不能早于事先告知送达日期。")
    notice.hearing_waived_on = on
    notice.save(update_fields=["hearing_waived_on"])
    case_event(actor=actor, case=case, action="case.hearing_waive", summary=f"当事人于{on:%Y年%m月%d日}书面放弃听证")
    return notice


@transaction.atomic
def hearing_request(*, actor: User, case: Case, requested_on: date) -> Hearing:
    """听证申请: within 5 working days of the 告知 (第六十四条(一)). The hearing time does not count in 90 days."""
    case = lock_case(case)
    workflow.guard("request_hearing", case, actor, clock.today())
    notice = workflow.latest_notice(case)
    assert notice is not None and notice.hearing_request_until is not None
    requested_on = _served_on(requested_on)
    if not rules.hearing_request_in_time(notice.served_on, requested_on):
        raise RuleViolation(
            f"听证申请已超过期限：当事人应当在告知后五日内提出（期限至{notice.hearing_request_until:%Y年%m月%d日}，"
            f"申请于{requested_on:%Y年%m月%d日}，行政处罚法第六十四条）。"
        )
    hearing = Hearing.objects.create(case=case, requested_on=requested_on)
    CaseSuspension.objects.create(
        case=case, kind=SuspensionKind.HEARING, start=requested_on, reason="当事人申请听证", recorded_by=actor
    )
    case_event(actor=actor, case=case, action="case.hearing_request", summary=f"当事人申请听证（{requested_on}）")
    return hearing


@transaction.atomic
def hearing_schedule(
    *,
    actor: User,
    hearing: Hearing,
    notice_served_on: date,
    hearing_date: date,
    host: Officer,
    location: str,
    is_public: bool = True,
) -> Hearing:
    """听证通知: served at least 7 days before (第六十四条(二)); the host is not an investigator (第六十四条(四))."""
    case = lock_case(hearing.case)
    ensure_handler(actor, case, action="安排听证")
    workflow.guard("schedule_hearing", case, actor, clock.today())
    _ensure_host(case, hearing, host)
    if hearing.host_id is not None and hearing.host_id != host.pk and _pending_host_recusal(hearing):
        raise RuleViolation("当事人申请听证主持人回避，负责人尚未决定；请先作出回避决定。")
    notice_served_on = _served_on(notice_served_on)
    if not rules.hearing_notice_in_time(notice_served_on, hearing_date):
        earliest = rules.earliest_hearing_date(notice_served_on)
        raise RuleViolation(
            f"听证通知过晚：应当在举行听证的七日前通知当事人（{notice_served_on:%Y年%m月%d日}送达通知，"
            f"听证最早可安排在{earliest:%Y年%m月%d日}，行政处罚法第六十四条）。"
        )
    if not location.strip():
        raise ValidationError("请填写听证地点。")
    hearing.notice_served_on, hearing.hearing_date, hearing.host = notice_served_on, hearing_date, host
    hearing.location, hearing.is_public = location.strip(), is_public
    hearing.save()
    case_event(
        actor=actor,
        case=case,
        action="case.hearing_schedule",
        summary=f"听证定于{hearing_date:%Y年%m月%d日}，主持人{host.name}",
    )
    return hearing


@transaction.atomic
def hearing_record(*, actor: User, hearing: Hearing, held: bool, record: str) -> Hearing:
    """听证笔录 (第六十五条: 听证结束后，行政机关应当根据听证笔录作出决定), or the party's no-show (waiver)."""
    case = lock_case(hearing.case)
    ensure_handler(actor, case, action="记录听证")
    if hearing.held or hearing.waived:
        raise RuleViolation("听证已记录。")
    if held and hearing.hearing_date is None:
        raise RuleViolation("尚未安排听证。")
    if held and hearing.host_id is None:
        raise RuleViolation("听证主持人已回避，请先指定新的主持人（行政处罚法第六十四条第四项）。")
    if held and _pending_host_recusal(hearing):
        raise RuleViolation(
            "当事人申请听证主持人回避，负责人尚未决定，不能举行听证（行政处罚法第四十三条、第六十四条第四项）。"
        )
    if held and clock.today() < hearing.hearing_date:  # type: ignore[operator]
        raise RuleViolation("听证日期未到。")
    if not record.strip():
        raise ValidationError("请填写听证笔录或当事人未到场的情况。")
    hearing.held, hearing.waived, hearing.record = held, not held, record.strip()
    hearing.save(update_fields=["held", "waived", "record"])
    end = hearing.hearing_date if held and hearing.hearing_date else clock.today()
    case.suspensions.filter(kind=SuspensionKind.HEARING, end__isnull=True).update(end=end)
    case_event(
        actor=actor,
        case=case,
        action="case.hearing_record",
        summary="举行听证" if held else "当事人放弃听证或无正当理由未到场",
    )
    return hearing


# --- 听证主持人回避 (第六十四条第四项) ------------------------------------------------------------------------------


def _ensure_host(case: Case, hearing: Hearing, host: Officer) -> None:
    """The host is not an investigator (第六十四条第四项), belongs to the legal subject, and was not recused."""
    if any(h.officer_id == host.pk for h in active_handlers(case)):
        raise RuleViolation(f"{host.name}是本案承办人，听证应当由非本案调查人员主持（行政处罚法第六十四条）。")
    if host.agency.legal_subject().pk != case.legal_subject_id:
        raise ValidationError(f"{host.name}不属于{case.legal_subject.name}。")
    if hearing.pk and hearing.host_recusals.filter(officer=host, granted=True).exists():
        raise RuleViolation(f"{host.name}已决定回避，不能主持本次听证（行政处罚法第六十四条第四项）。")


def _pending_host_recusal(hearing: Hearing) -> bool:
    return hearing.host_recusals.filter(granted__isnull=True).exists()


@transaction.atomic
def hearing_host_recusal_apply(*, actor: User, hearing: Hearing, reason: str, on: date | None = None) -> Recusal:
    """The party applies for the host's recusal (第六十四条第四项: 当事人认为主持人与本案有直接利害关系的，有权申请
    回避); a handler records it and the head decides (第四十三条第三款). Until then the hearing is not held."""
    case = lock_case(hearing.case)
    ensure_handler(actor, case, action="登记听证主持人回避申请")
    workflow.guard("host_recusal", case, actor, clock.today())
    hearing = Hearing.objects.select_for_update(of=("self",)).select_related("host").get(pk=hearing.pk)
    if hearing.held or hearing.waived:
        raise RuleViolation("听证已结束，不能再申请主持人回避。")
    if hearing.host is None:
        raise RuleViolation("尚未指定听证主持人。")
    if _pending_host_recusal(hearing):
        raise RuleViolation("已有待负责人决定的听证主持人回避申请。")
    if not reason.strip():
        raise ValidationError("请写明申请回避的理由（主持人与本案有直接利害关系的情形）。")
    applied_on = _served_on(on or clock.today())
    if applied_on < hearing.requested_on:
        raise ValidationError("回避申请日期不能早于听证申请日期。")
    recusal = Recusal(
        case=case,
        officer=hearing.host,
        applicant=Recusal.Applicant.PARTY,
        reason=reason.strip(),
        applied_on=applied_on,
        hearing=hearing,
    )
    ensure_fits(recusal)
    recusal.save()
    case_event(
        actor=actor,
        case=case,
        action="case.host_recusal_apply",
        summary=f"当事人申请听证主持人{hearing.host.name}回避：{reason.strip()}",
    )
    return recusal


@transaction.atomic
def hearing_host_recusal_decide(
    *, actor: User, recusal: Recusal, granted: bool, replacement: Officer | None = None
) -> Recusal:
    """The head decides (第四十三条第三款). A granted recusal removes the host; the replacement, if named, must
    again be a non-investigator (第六十四条第四项). Without one, a new host is set when the hearing is scheduled."""
    case = lock_case(recusal.case)
    ensure_head(actor, case, action="听证主持人回避决定")
    recusal = Recusal.objects.select_for_update(of=("self",)).select_related("officer").get(pk=recusal.pk)
    if recusal.granted is not None:
        raise RuleViolation("该回避申请已作出决定。")
    assert recusal.hearing_id is not None
    hearing = Hearing.objects.select_for_update(of=("self",)).get(pk=recusal.hearing_id)
    if hearing.held or hearing.waived:
        raise RuleViolation("听证已结束。")
    if granted and replacement is not None:
        if replacement.pk == recusal.officer_id:
            raise ValidationError("替换的主持人不能是被申请回避的人员。")
        _ensure_host(case, hearing, replacement)
    recusal.granted, recusal.decided_by, recusal.decided_on = granted, actor, clock.today()
    recusal.save(update_fields=["granted", "decided_by", "decided_on"])
    summary = f"{'决定' if granted else '驳回'}听证主持人{recusal.officer.name}回避"
    if granted:
        hearing.host = replacement
        hearing.save(update_fields=["host"])
        summary += f"，改由{replacement.name}主持" if replacement is not None else "，须另行指定主持人"
    case_event(actor=actor, case=case, action="case.host_recusal_decide", summary=summary)
    return recusal
