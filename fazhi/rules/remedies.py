"""Remedies (行政复议, 行政诉讼) and what they do to the court-enforcement window of a penalty decision.

The agency without enforcement power may apply to the court only once the party can no longer challenge the
decision: "当事人在法定期限内不申请行政复议或者提起行政诉讼，又不履行行政决定的 … 可以自期限届满之日起三个月内
… 申请人民法院强制执行" (行政强制法 第五十三条; 行诉解释 第一百五十六条 "自被执行人的法定起诉期限届满之日起三个
月内"). Which period has to lapse depends on the path the decision took; each path below returns the LAST day
of that period (the agency may apply from the next day):

* no remedy, 一般程序 decision: the 6-month 起诉期限 (行政诉讼法 第四十六条第一款);
* no remedy, 当场 decision: the 60-day 复议 period (行政复议法 第二十条第一款), because a 当场 penalty may be
  taken to court only after 复议 (行政复议法 第二十三条第一款第一项): once the 复议 period lapsed the party has no
  remedy left, so the 6-month period is not the one that matters;
* 复议 decided (维持/驳回) and no suit: 15 days after the 复议决定书 is received (行政诉讼法 第四十五条);
* suit decided at first instance and no appeal: 15 days after the 判决书 is served, 10 after a 裁定书
  (行政诉讼法 第八十五条: "逾期不提起上诉的 … 第一审判决或者裁定发生法律效力");
* appeal: the second-instance judgment is final when served (行政诉讼法 第七条 两审终审), a zero-length period.

What the agency applies for after a lawsuit it won: a judgment that 驳回诉讼请求 or 维持 imposes nothing on the
party, so there is nothing in it to enforce under 行诉解释 第一百五十二条、第一百五十三条 (two years for a judgment's
own 可执行内容). The agency still executes its own decision, which is 非诉执行 (行政诉讼法 第九十七条; 行诉解释
第一百五十五条 "行政行为已经生效并具有可执行内容"). We therefore keep the three months of 行政强制法 第五十三条 /
行诉解释 第一百五十六条 and count them from the day the last remedy period lapsed: it is the shortest reading, so an
application inside it is accepted under every reading.

A deferral or instalment approved under 行政处罚法 第六十六条 moves the window: "申请人民法院强制执行的期限，自暂缓
或者分期缴纳罚款期限结束之日起计算" (行政处罚法 第七十二条第二款). The window is counted from the later of the
remedy period's end and the deferral's end: the deferral can only make the party's time longer, and the
remedy period must lapse in any case (行政强制法 第五十三条).
"""

from __future__ import annotations

from datetime import date, timedelta

from .calendar import HolidayTable, _require_date
from .errors import RulesError
from .periods import add_working_days, months_end, period_end
from .procedure import (
    COURT_ENFORCEMENT_MONTHS,
    REMINDER_WORKING_DAYS,
    lawsuit_deadline,
    reconsideration_deadline,
)

__all__ = [
    "APPEAL_JUDGMENT_DAYS",
    "APPEAL_RULING_DAYS",
    "DEFENCE_DAYS",
    "RECONSIDERATION_REPLY_WORKING_DAYS",
    "SIMPLIFIED_REPLY_WORKING_DAYS",
    "SUIT_AFTER_RECONSIDERATION_DAYS",
    "appeal_period_end",
    "defence_deadline",
    "enforcement_window",
    "final_judgment_period_end",
    "reconsideration_reply_deadline",
    "suit_after_reconsideration_end",
    "unchallenged_period_end",
]

#: "不服复议决定的，可以在收到复议决定书之日起十五日内向人民法院提起诉讼" (行政诉讼法 第四十五条); calendar days.
SUIT_AFTER_RECONSIDERATION_DAYS = 15  # 行政诉讼法 第四十五条
#: "在判决书送达之日起十五日内向上一级人民法院提起上诉" (行政诉讼法 第八十五条); calendar days.
APPEAL_JUDGMENT_DAYS = 15  # 行政诉讼法 第八十五条
#: "在裁定书送达之日起十日内向上一级人民法院提起上诉" (行政诉讼法 第八十五条); calendar days.
APPEAL_RULING_DAYS = 10  # 行政诉讼法 第八十五条
#: "被申请人应当自收到行政复议申请书副本 … 之日起十日内，提出书面答复" (行政复议法 第四十八条), working days
#: by 第八十八条第二款.
RECONSIDERATION_REPLY_WORKING_DAYS = 10  # 行政复议法 第四十八条、第八十八条
#: 简易程序: "自收到 … 之日起五日内，提出书面答复" (行政复议法 第五十四条), working days by 第八十八条第二款.
SIMPLIFIED_REPLY_WORKING_DAYS = 5  # 行政复议法 第五十四条、第八十八条
#: "被告应当在收到起诉状副本之日起十五日内 … 提出答辩状" (行政诉讼法 第六十七条); calendar days.
DEFENCE_DAYS = 15  # 行政诉讼法 第六十七条


def unchallenged_period_end(
    decision_served: date, *, on_the_spot: bool = False, overrides: HolidayTable | None = None
) -> date:
    """Last day of the period that must lapse when the party used no remedy (行政强制法 第五十三条).

    一般程序: the 6-month 起诉期限 (行政诉讼法 第四十六条). 当场 decision: the 60-day 复议 period (行政复议法
    第二十条), since 第二十三条第一款第一项 requires 复议 before any suit.
    """
    if on_the_spot:
        return reconsideration_deadline(decision_served, overrides=overrides)
    return lawsuit_deadline(decision_served, overrides=overrides)


def suit_after_reconsideration_end(reconsideration_served: date, *, overrides: HolidayTable | None = None) -> date:
    """Last day to sue after a 复议决定: 15 days after the party received it (行政诉讼法 第四十五条)."""
    return period_end(reconsideration_served, SUIT_AFTER_RECONSIDERATION_DAYS, overrides=overrides)


def appeal_period_end(judgment_served: date, *, ruling: bool = False, overrides: HolidayTable | None = None) -> date:
    """Last day to appeal a first-instance judgment (15 days) or ruling (10 days) (行政诉讼法 第八十五条)."""
    days = APPEAL_RULING_DAYS if ruling else APPEAL_JUDGMENT_DAYS
    return period_end(judgment_served, days, overrides=overrides)


def final_judgment_period_end(appeal_judgment_served: date) -> date:
    """A second-instance judgment is final (两审终审, 行政诉讼法 第七条): nothing is left to lapse after service."""
    return _require_date(appeal_judgment_served, "二审裁判送达日")


def enforcement_window(
    lapse_end: date,
    reminder_served: date,
    *,
    deferred_until: date | None = None,
    overrides: HolidayTable | None = None,
) -> tuple[date, date]:
    """(earliest, latest) days to apply for court enforcement once the remedy period of the path ends on
    ``lapse_end`` (see the module docstring for each path).

    Earliest: the day after the later of ``lapse_end``, the 10 working days after the 催告书 (行政强制法
    第五十四条、第六十九条) and the end of an approved deferral. Latest: three months after the later of
    ``lapse_end`` and ``deferred_until`` (行政强制法 第五十三条; 行政处罚法 第七十二条第二款). An empty window (the
    reminder was served too late) raises :class:`RulesError`.
    """
    lapse_end = _require_date(lapse_end, "法定期限届满日")
    base = lapse_end
    if deferred_until is not None:
        base = max(base, _require_date(deferred_until, "暂缓或者分期缴纳期限届满日"))
    reminder_end = add_working_days(reminder_served, REMINDER_WORKING_DAYS, overrides=overrides)
    earliest = max(base, reminder_end) + timedelta(days=1)
    latest = months_end(base, COURT_ENFORCEMENT_MONTHS, overrides=overrides)
    if earliest > latest:
        raise RulesError(
            f"催告书送达过晚：催告期满后的最早申请日（{earliest.isoformat()}）已晚于申请法院强制执行的最后期限"
            f"（{latest.isoformat()}），请核对日期或说明正当理由"
        )
    return earliest, latest


def reconsideration_reply_deadline(
    received: date, *, simplified: bool = False, overrides: HolidayTable | None = None
) -> date:
    """Last day for the agency's written 答复 in a 复议: 10 working days after it received the application copy,
    5 in the simplified procedure (行政复议法 第四十八条、第五十四条; working days by 第八十八条第二款)."""
    days = SIMPLIFIED_REPLY_WORKING_DAYS if simplified else RECONSIDERATION_REPLY_WORKING_DAYS
    return add_working_days(received, days, overrides=overrides)


def defence_deadline(complaint_received: date) -> date:
    """Last day for the agency's 答辩状 and evidence: 15 days after it received the 起诉状副本 (行政诉讼法
    第六十七条).

    Calendar days, no rest-day extension: like the other duties of the agency that supervision watches, the
    alert fires on the strict day (see :mod:`fazhi.rules.procedure`). The evidence is also due then: evidence
    filed late counts as none (行政诉讼法 第三十四条第二款).
    """
    complaint_received = _require_date(complaint_received, "收到起诉状副本日")
    return complaint_received + timedelta(days=DEFENCE_DAYS)

