"""Procedural deadlines (期限) of a penalty case, from 立案 to court enforcement.

Every function returns the LAST day of the period: an act on that day is in time, on the next day it is late.
How the periods are counted (see :mod:`fazhi.rules.periods` and docs/rules.md):

* "日" periods of 二日/三日/五日/七日 in 行政处罚法 (第八十五条) and of ten days or less in 行政强制法
  (第六十九条) are working days.
* Longer periods are calendar days. Where the period protects the PARTY (payment, 起诉, 复议, the court
  enforcement window that the agency must respect) a last day on a rest day moves to the next working day
  (民事诉讼法 第八十五条第三款, applied through 行政诉讼法 第一百零一条 and 行政复议法 第八十八条).
* Where the period is a DUTY of the agency that the supervision module watches (decide within 90 days, seize
  for at most 30 days, approve a transfer within 3 days) we do not extend it: the alert must fire on the
  strict day, and the extension is not a right the agency should plan on. This is the safe side for the party.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from .calendar import HolidayTable, _require_date
from .errors import RulesError
from .kinds import PenaltyKind
from .periods import _require_length, add_working_days, months_end, period_end

__all__ = [
    "ANNOUNCEMENT_SERVICE_DAYS",
    "CASH_HANDOVER_WORKING_DAYS",
    "COURT_ENFORCEMENT_MONTHS",
    "CRIMINAL_TRANSFER_APPROVAL_DAYS",
    "CRIMINAL_TRANSFER_HOURS",
    "DECISION_PERIOD_DAYS",
    "DEFAULT_PUBLICATION_WORKING_DAYS",
    "DEFAULT_REPRESENTATION_WORKING_DAYS",
    "HEARING_NOTICE_WORKING_DAYS",
    "HEARING_REQUEST_WORKING_DAYS",
    "LAWSUIT_PERIOD_MONTHS",
    "MIN_HANDLERS",
    "PAYMENT_PERIOD_DAYS",
    "POLICE_HANDOVER_DAYS",
    "POLICE_REVIEW_REQUEST_DAYS",
    "PRESERVATION_DECISION_WORKING_DAYS",
    "PRIOR_DECISIONS_NOT_SUSPENDED",
    "PUBLICATION_WITHDRAWAL_WORKING_DAYS",
    "RECONSIDERATION_APPLICATION_DAYS",
    "REMINDER_WORKING_DAYS",
    "SEIZURE_EXTENSION_DAYS",
    "SEIZURE_PERIOD_DAYS",
    "SERVICE_WORKING_DAYS",
    "announcement_deemed_served",
    "cash_handover_deadline",
    "court_enforcement_latest",
    "court_enforcement_window",
    "criminal_transfer_approval_deadline",
    "criminal_transfer_blocks_decision",
    "criminal_transfer_due",
    "decision_blocked_by_hearing_period",
    "decision_blocked_by_legal_review",
    "decision_deadline",
    "decision_overdue",
    "earliest_hearing_date",
    "hearing_notice_in_time",
    "hearing_request_deadline",
    "hearing_request_in_time",
    "lawsuit_deadline",
    "legal_review_required",
    "payment_deadline",
    "police_handover_deadline",
    "police_review_request_deadline",
    "preservation_decision_deadline",
    "publication_deadline",
    "publication_withdrawal_deadline",
    "reconsideration_deadline",
    "representation_deadline",
    "seizure_end",
    "service_deadline",
    "service_late",
]

#: "自行政处罚案件立案之日起九十日内作出行政处罚决定" (行政处罚法 第六十条); calendar days.
DECISION_PERIOD_DAYS = 90  # 行政处罚法 第六十条
#: "执法人员不得少于两人，法律另有规定的除外" (行政处罚法 第四十二条).
MIN_HANDLERS = 2  # 行政处罚法 第四十二条
#: "自发出公告之日起，经过三十日，即视为送达" (民事诉讼法 第九十五条); calendar days.
ANNOUNCEMENT_SERVICE_DAYS = 30  # 民事诉讼法 第九十五条
#: "在七日内…将行政处罚决定书送达当事人" (行政处罚法 第六十一条), working days by 第八十五条.
SERVICE_WORKING_DAYS = 7  # 行政处罚法 第六十一条、第八十五条
#: "自收到行政处罚决定书之日起十五日内…缴纳罚款" (行政处罚法 第六十七条第三款); calendar days.
PAYMENT_PERIOD_DAYS = 15  # 行政处罚法 第六十七条
#: "在行政机关告知后五日内提出" (行政处罚法 第六十四条(一)), working days by 第八十五条.
HEARING_REQUEST_WORKING_DAYS = 5  # 行政处罚法 第六十四条、第八十五条
#: "在举行听证的七日前，通知当事人" (行政处罚法 第六十四条(二)), working days by 第八十五条.
HEARING_NOTICE_WORKING_DAYS = 7  # 行政处罚法 第六十四条、第八十五条
#: 先行登记保存 "应当在七日内及时作出处理决定" (行政处罚法 第五十六条), working days by 第八十五条.
PRESERVATION_DECISION_WORKING_DAYS = 7  # 行政处罚法 第五十六条、第八十五条
#: "在三日内撤回行政处罚决定信息" (行政处罚法 第四十八条第二款), working days by 第八十五条.
PUBLICATION_WITHDRAWAL_WORKING_DAYS = 3  # 行政处罚法 第四十八条、第八十五条
#: 当场收缴的罚款 "自收缴罚款之日起二日内，交至行政机关" (行政处罚法 第七十一条), working days by 第八十五条.
CASH_HANDOVER_WORKING_DAYS = 2  # 行政处罚法 第七十一条、第八十五条
#: "查封、扣押的期限不得超过三十日" (行政强制法 第二十五条第一款); calendar days (第六十九条 covers ≤10 days
#: only).
SEIZURE_PERIOD_DAYS = 30  # 行政强制法 第二十五条
#: "延长期限不得超过三十日" (行政强制法 第二十五条第一款).
SEIZURE_EXTENSION_DAYS = 30  # 行政强制法 第二十五条
#: "催告书送达十日后当事人仍未履行义务的，行政机关可以…申请强制执行" (行政强制法 第五十四条), working days by
#: 第六十九条.
REMINDER_WORKING_DAYS = 10  # 行政强制法 第五十四条、第六十九条
#: "可以自期限届满之日起三个月内…申请人民法院强制执行" (行政强制法 第五十三条; 行诉解释 第一百五十六条).
COURT_ENFORCEMENT_MONTHS = 3  # 行政强制法 第五十三条
#: "应当自知道或者应当知道作出行政行为之日起六个月内提出" (行政诉讼法 第四十六条第一款).
LAWSUIT_PERIOD_MONTHS = 6  # 行政诉讼法 第四十六条
#: "自知道或者应当知道该行政行为之日起六十日内提出行政复议申请" (行政复议法 第二十条第一款).
RECONSIDERATION_APPLICATION_DAYS = 60  # 行政复议法 第二十条
#: "应当自接到报告之日起３日内作出批准移送或者不批准移送的决定" (国务院令第310号 第五条第二款); calendar days.
CRIMINAL_TRANSFER_APPROVAL_DAYS = 3  # 行政执法机关移送涉嫌犯罪案件的规定 第五条
#: "决定批准的，应当在２４小时内向同级公安机关移送" (国务院令第310号 第五条第二款).
CRIMINAL_TRANSFER_HOURS = 24  # 行政执法机关移送涉嫌犯罪案件的规定 第五条
#: "可以自接到不予立案通知书之日起３日内，提请作出不予立案决定的公安机关复议" (国务院令第310号 第九条第一款);
#: calendar days, as in 第五条.
POLICE_REVIEW_REQUEST_DAYS = 3  # 行政执法机关移送涉嫌犯罪案件的规定 第九条
#: "应当自接到立案通知书之日起３日内将涉案物品以及与案件有关的其他材料移交公安机关" (国务院令第310号 第十二条).
POLICE_HANDOVER_DAYS = 3  # 行政执法机关移送涉嫌犯罪案件的规定 第十二条
#: "移送涉嫌犯罪案件前已经作出的警告，责令停产停业，暂扣或者吊销许可证、暂扣或者吊销执照的行政处罚决定，不停止执行"
#: (国务院令第310号 第十一条第二款); a fine already imposed is set off against a 罚金 instead (第三款).
PRIOR_DECISIONS_NOT_SUSPENDED: frozenset[PenaltyKind] = frozenset(
    {PenaltyKind.WARNING, PenaltyKind.ORDER_SUSPENSION, PenaltyKind.SUSPEND_PERMIT, PenaltyKind.REVOKE_PERMIT}
)  # 行政执法机关移送涉嫌犯罪案件的规定 第十一条第二款
#: 陈述申辩 period: not fixed by 行政处罚法; 市场监管 uses 5 working days (RULES.md G-9, V2) — a setting.
DEFAULT_REPRESENTATION_WORKING_DAYS = 5  # RULES.md G-9 (V2), default of a parameter
#: Publication of a penalty decision: 7 working days (国办发〔2018〕118号, RULES.md D-2, V2) — a setting.
DEFAULT_PUBLICATION_WORKING_DAYS = 7  # RULES.md D-2 (V2), default of a parameter


def _days(n: int) -> timedelta:
    _require_length(n, "日")
    return timedelta(days=n)


def _not_before(later: date, earlier: date, message: str) -> None:
    if _require_date(later) < _require_date(earlier):
        raise RulesError(message)


def decision_deadline(registered: date, extensions_days: int = 0, excluded_days: int = 0) -> date:
    """Last day for the penalty decision: 90 calendar days after 立案 (行政处罚法 第六十条).

    Day 1 is the day after ``registered``; day 90 (= ``registered + 90``) is the last day: deciding on day 90
    passes, on day 91 the supervision alert fires. ``extensions_days`` adds approved extensions ("法律、法规、
    规章另有规定的，从其规定", e.g. 市场监管 +30, RULES.md G-11); ``excluded_days`` adds suspended time (中止,
    听证, 公告, testing). No rest-day extension: this is the agency's own duty (module docstring).
    """
    registered = _require_date(registered, "立案日")
    return registered + _days(DECISION_PERIOD_DAYS) + _days(extensions_days) + _days(excluded_days)


def decision_overdue(registered: date, today: date, extensions_days: int = 0, excluded_days: int = 0) -> bool:
    """Whether, on ``today`` with no decision yet, the 90-day period of 第六十条 has run out."""
    return _require_date(today, "今天") > decision_deadline(registered, extensions_days, excluded_days)


def service_deadline(decided: date, *, overrides: HolidayTable | None = None) -> date:
    """Last day to serve a decision on an absent party: 7 working days after it is announced (第六十一条)."""
    return add_working_days(decided, SERVICE_WORKING_DAYS, overrides=overrides)


def announcement_deemed_served(announced: date) -> date:
    """公告送达 counts as served 30 days after the announcement (民事诉讼法 第九十五条).

    "经过三十日" is a lapse of time, not a period ending on a working day: no rest-day extension.
    """
    return _require_date(announced, "公告发出日") + _days(ANNOUNCEMENT_SERVICE_DAYS)


def service_late(decided: date, served: date, *, overrides: HolidayTable | None = None) -> bool:
    """Whether service on ``served`` came after the 7 working days of 行政处罚法 第六十一条."""
    _not_before(served, decided, "送达日期不能早于决定日期，请核对日期")
    return served > service_deadline(decided, overrides=overrides)


def payment_deadline(served: date, *, overrides: HolidayTable | None = None) -> date:
    """Last day to pay the fine: 15 calendar days after service (行政处罚法 第六十七条第三款).

    A last day on a rest day moves to the next working day (民事诉讼法 第八十五条): the bank must be open. The
    late fee (第七十二条) starts the day after.
    """
    return period_end(served, PAYMENT_PERIOD_DAYS, overrides=overrides)


def hearing_request_deadline(notified: date, *, overrides: HolidayTable | None = None) -> date:
    """Last day to ask for a hearing: 5 working days after the 告知 (行政处罚法 第六十四条(一),
    第八十五条)."""
    return add_working_days(notified, HEARING_REQUEST_WORKING_DAYS, overrides=overrides)


def hearing_request_in_time(notified: date, requested: date, *, overrides: HolidayTable | None = None) -> bool:
    """Whether a hearing request made on ``requested`` is in time: working day 5 yes, working day 6 no."""
    _not_before(requested, notified, "听证申请日期不能早于告知日期，请核对日期")
    return requested <= hearing_request_deadline(notified, overrides=overrides)


def earliest_hearing_date(notice_served: date, *, overrides: HolidayTable | None = None) -> date:
    """The first day a hearing may be held after its notice was served (行政处罚法 第六十四条(二)).

    "在举行听证的七日前通知" is read as: at least 7 working days lie in (notice, hearing]. Notice on Monday
    1st (no holidays) → hearing on Wednesday 10th at the earliest, as with calendar days notice on the 1st is
    "七日前" for a hearing on the 8th.
    """
    return add_working_days(notice_served, HEARING_NOTICE_WORKING_DAYS, overrides=overrides)


def hearing_notice_in_time(notice_served: date, hearing_date: date, *, overrides: HolidayTable | None = None) -> bool:
    """Whether the notice came at least 7 working days before the hearing (行政处罚法 第六十四条(二))."""
    _not_before(hearing_date, notice_served, "听证日期不能早于听证通知送达日期，请核对日期")
    return hearing_date >= earliest_hearing_date(notice_served, overrides=overrides)


def representation_deadline(
    notified: date,
    working_days: int = DEFAULT_REPRESENTATION_WORKING_DAYS,
    *,
    overrides: HolidayTable | None = None,
) -> date:
    """Last day for 陈述申辩 after the 事先告知 (行政处罚法 第四十四条、第四十五条 fix no number).

    ``working_days`` is a setting (default 5, 市场监管 practice, RULES.md G-9, V2).
    """
    return add_working_days(notified, working_days, overrides=overrides)


def preservation_decision_deadline(saved: date, *, overrides: HolidayTable | None = None) -> date:
    """Last day to decide on evidence under 先行登记保存: 7 working days (行政处罚法 第五十六条、
    第八十五条)."""
    return add_working_days(saved, PRESERVATION_DECISION_WORKING_DAYS, overrides=overrides)


def seizure_end(start: date, extended: bool = False, *, excluded_days: int = 0) -> date:
    """Last day of a 查封/扣押 (and, by 第三十二条, a 冻结): 30 days, +30 if extended (行政强制法 第二十五条).

    Calendar days from the day after ``start``; ``excluded_days`` is testing/inspection time, which does not
    count (第二十五条第三款). No rest-day extension: it limits the agency's hold on the party's property.
    """
    start = _require_date(start, "查封扣押开始日")
    total = SEIZURE_PERIOD_DAYS + (SEIZURE_EXTENSION_DAYS if extended else 0)
    return start + _days(total) + _days(excluded_days)


def criminal_transfer_approval_deadline(reported: date) -> date:
    """Last day for the head to approve or refuse a criminal transfer: 3 days after the report (310号令
    第五条).

    Calendar days (the 规定 has no working-day rule), start day not counted, no rest-day extension (a duty).
    """
    return _require_date(reported, "报告日") + _days(CRIMINAL_TRANSFER_APPROVAL_DAYS)


def criminal_transfer_due(approved_at: datetime) -> datetime:
    """The moment by which an approved case must reach the police: approval + 24 hours (310号令 第五条).

    ``approved_at`` must be timezone-aware (STYLE.md convention 5); the result keeps its time zone.
    """
    if not isinstance(approved_at, datetime) or approved_at.utcoffset() is None:
        raise RulesError("批准移送的时间必须是带时区的日期时间（Asia/Shanghai）")
    return approved_at + timedelta(hours=CRIMINAL_TRANSFER_HOURS)


def lawsuit_deadline(
    served: date, months: int = LAWSUIT_PERIOD_MONTHS, *, overrides: HolidayTable | None = None
) -> date:
    """Last day of the party's 起诉期限: 6 months after service (行政诉讼法 第四十六条).

    Counted by month (民事诉讼法 第八十五条 via 行政诉讼法 第一百零一条) with the rest-day extension.
    ``months`` is there for "法律另有规定" and for the one-year cap where the party was not told the period
    (行诉解释 第六十四条: 12 months from knowing the content).
    """
    return months_end(served, months, overrides=overrides)


def reconsideration_deadline(known: date, *, overrides: HolidayTable | None = None) -> date:
    """Last day to apply for 行政复议: 60 days after the party knew of the act (行政复议法 第二十条,
    第八十八条)."""
    return period_end(known, RECONSIDERATION_APPLICATION_DAYS, overrides=overrides)


def court_enforcement_latest(
    decision_served: date,
    *,
    lawsuit_months: int = LAWSUIT_PERIOD_MONTHS,
    overrides: HolidayTable | None = None,
) -> date:
    """Last day to apply to the court: 3 months after the 起诉期限 expires (行政强制法 第五十三条; 行诉解释
    第一百五十六条).

    The "法定期限" of 第五十三条 is the later of the 复议 (60 days) and 起诉 (6 months) periods, i.e. the
    起诉期限, as 行诉解释 第一百五十六条 says ("自被执行人的法定起诉期限届满之日起三个月内"). If the party
    filed 复议 or a lawsuit, or a deferral was approved (行政处罚法 第七十二条第二款), the window moves and
    this function does not apply.
    """
    lawsuit_end = lawsuit_deadline(decision_served, lawsuit_months, overrides=overrides)
    return months_end(lawsuit_end, COURT_ENFORCEMENT_MONTHS, overrides=overrides)


def court_enforcement_window(
    decision_served: date,
    reminder_served: date,
    *,
    lawsuit_months: int = LAWSUIT_PERIOD_MONTHS,
    overrides: HolidayTable | None = None,
) -> tuple[date, date]:
    """(earliest, latest) days to apply to the court for enforcement (非诉执行), RULES.md E-6.

    Earliest: the later of the day after the 起诉期限 expires (only then is it certain the party
    "在法定期限内不申请行政复议或者提起行政诉讼", 行政强制法 第五十三条) and the day after 10 working days
    from service of the 催告书 (第五十四条, 第六十九条). Latest: :func:`court_enforcement_latest`. A window
    that is already empty (the reminder was served too late) raises :class:`RulesError`.
    """
    _not_before(reminder_served, decision_served, "催告书送达日期不能早于处罚决定书送达日期，请核对日期")
    one_day = timedelta(days=1)
    lawsuit_end = lawsuit_deadline(decision_served, lawsuit_months, overrides=overrides)
    reminder_end = add_working_days(reminder_served, REMINDER_WORKING_DAYS, overrides=overrides)
    earliest = max(lawsuit_end, reminder_end) + one_day
    latest = months_end(lawsuit_end, COURT_ENFORCEMENT_MONTHS, overrides=overrides)
    if earliest > latest:
        raise RulesError(
            f"催告书送达过晚：催告期满后的最早申请日（{earliest.isoformat()}）已晚于申请法院强制执行的最后期限"
            f"（{latest.isoformat()}），请核对日期或说明正当理由"
        )
    return earliest, latest


def publication_deadline(
    decided: date,
    working_days: int = DEFAULT_PUBLICATION_WORKING_DAYS,
    *,
    overrides: HolidayTable | None = None,
) -> date:
    """Last day to publish a decision (行政处罚法 第四十八条 gives no number).

    ``working_days`` is a setting: 7 (国办发〔2018〕118号, RULES.md D-2, V2); 市场监管 uses 20 (RULES.md D-3).
    """
    return add_working_days(decided, working_days, overrides=overrides)


def publication_withdrawal_deadline(changed: date, *, overrides: HolidayTable | None = None) -> date:
    """Last day to withdraw a published decision that was altered or voided: 3 working days
    (第四十八条第二款)."""
    return add_working_days(changed, PUBLICATION_WITHDRAWAL_WORKING_DAYS, overrides=overrides)


def cash_handover_deadline(collected: date, *, overrides: HolidayTable | None = None) -> date:
    """Last day for the officer to hand cash collected on the spot to the agency: 2 working days
    (第七十一条)."""
    return add_working_days(collected, CASH_HANDOVER_WORKING_DAYS, overrides=overrides)


def police_review_request_deadline(notified: date) -> date:
    """Last day to ask the police to reconsider a 不予立案: 3 days after the agency received the written notice
    (310号令 第九条第一款). Calendar days, start day not counted, no rest-day extension (as 第五条's 3 days).
    After it, the agency may still 建议人民检察院依法进行立案监督 (same article)."""
    return _require_date(notified, "接到不予立案通知书之日") + _days(POLICE_REVIEW_REQUEST_DAYS)


def police_handover_deadline(notified: date) -> date:
    """Last day to hand the seized items and the other materials to the police after their 立案 notice: 3 days
    (310号令 第十二条). Calendar days, start day not counted, no rest-day extension (a duty of the agency)."""
    return _require_date(notified, "接到立案通知书之日") + _days(POLICE_HANDOVER_DAYS)


def decision_blocked_by_hearing_period(
    *, hearing_right: bool, request_until: date | None, today: date, requested: bool, waived: bool
) -> bool:
    """Whether the hearing-request period forbids the decision (行政处罚法 第六十三条、第六十四条第一项).

    The party told of the right may ask for a hearing "在行政机关告知后五日内": until ``request_until`` (the
    last day, see :func:`hearing_request_deadline`) no decision, whatever the 陈述申辩 period is. The block ends
    when the party asked (the hearing itself then blocks) or waived the hearing in writing. Waiving 陈述、申辩
    (第六十二条) is not a waiver of the hearing.
    """
    today = _require_date(today)
    if not hearing_right or requested or waived:
        return False
    if request_until is None:
        raise RulesError("告知了听证权利却没有听证申请期限，请核对事先告知记录")
    return today <= _require_date(request_until)


def criminal_transfer_blocks_decision(*, refused_by_head: bool, police_declined: bool, returned: bool) -> bool:
    """Whether a criminal transfer forbids an administrative decision (310号令 第十一条第一款:
    "不得以行政处罚代替移送").

    A transfer reported or approved blocks the decision until the head refused it (第五条), the police decided
    不予立案 (第八条; after a 复议 request, the 复议 decision counts, 第九条) — the agency then decides itself
    (第十条) — or the police sent the case back after 立案 (第十三条).
    """
    return not (refused_by_head or police_declined or returned)


def legal_review_required(
    *,
    major_public_interest: bool = False,
    major_rights: bool = False,
    heard: bool = False,
    complex_case: bool = False,
    required_by_law: bool = False,
) -> bool:
    """Whether 法制审核 is mandatory before the head decides (行政处罚法 第五十八条第一款).

    (一) 涉及重大公共利益; (二) 直接关系当事人或者第三人重大权益 AND 经过听证程序 — both, hence two flags;
    (三) 案件情况疑难复杂、涉及多个法律关系; (四) required by another law or regulation.
    """
    return major_public_interest or (major_rights and heard) or complex_case or required_by_law


def decision_blocked_by_legal_review(*, review_required: bool, review_passed: bool | None) -> bool:
    """Whether 第五十八条 forbids the decision: "未经法制审核或者审核未通过的，不得作出决定".

    ``review_passed`` is ``None`` when there is no review record, ``False`` when the reviewer disagreed or
    asked for more investigation, ``True`` when the review passed.
    """
    return review_required and review_passed is not True
