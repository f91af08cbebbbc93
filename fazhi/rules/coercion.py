"""责令改正 and its 复查; the enforcement of a 责令限期拆除 (强制拆除, 代履行).

* 责令改正 (行政处罚法 第二十八条第一款: "应当责令当事人改正或者限期改正违法行为"): the 复查 checks what the party did
  within the period, so it is made on or after the period's last day, never before (a check before the end
  cannot find "not corrected": the party still had time).
* 强制拆除 (行政强制法 第四十四条): "应当由行政机关予以公告，限期当事人自行拆除。当事人在法定期限内不申请行政复议
  或者提起行政诉讼，又不拆除的，行政机关可以依法强制拆除". Three periods must have lapsed: the 公告's period for
  demolishing oneself, the 60 days to apply for 复议 (行政复议法 第二十条第一款) and the 6 months to sue (行政诉讼法
  第四十六条第一款), both counted from the day the party knew the 责令限期拆除 decision (its service). Demolition
  is lawful from the day after the last of them. A 复议 or 诉讼 the party did bring moves the date (the service
  adds the periods of :mod:`fazhi.rules.remedies`), and while it is pending nothing is lawful.
* 代履行 (行政强制法 第五十条、第五十一条): after a 代履行决定书, "代履行三日前，催告当事人履行" — the 催告 must
  come at least three days before; three is within ten, so working days (第六十九条). The cost is borne by the
  party (第五十一条第二款), which the service records as a ``Decimal``.
"""

from __future__ import annotations

from datetime import date, timedelta

from .calendar import HolidayTable, _require_date
from .errors import RulesError
from .periods import add_working_days
from .procedure import lawsuit_deadline, reconsideration_deadline

__all__ = [
    "SUBSTITUTE_PERFORMANCE_NOTICE_WORKING_DAYS",
    "demolition_remedy_period_end",
    "lawful_from",
    "rectification_review_allowed",
    "substitute_performance_earliest",
]

#: "代履行三日前，催告当事人履行" (行政强制法 第五十一条第一款第二项); working days by 第六十九条.
SUBSTITUTE_PERFORMANCE_NOTICE_WORKING_DAYS = 3  # 行政强制法 第五十一条、第六十九条


def rectification_review_allowed(period_end: date, on: date) -> bool:
    """A 复查 of a 责令改正 may be made on ``on``: on or after the period's last day (行政处罚法 第二十八条)."""
    period_end = _require_date(period_end, "改正期限届满日")
    return _require_date(on, "复查日期") >= period_end


def demolition_remedy_period_end(order_served: date, *, overrides: HolidayTable | None = None) -> date:
    """The last day on which the party may still challenge a 责令限期拆除 served on ``order_served``.

    The later of the 复议 period (60 days, 行政复议法 第二十条) and the 起诉期限 (6 months, 行政诉讼法 第四十六条),
    both from the day the party knew the decision; with the rest-day extension of each.
    """
    order_served = _require_date(order_served, "限期拆除决定送达日")
    return max(
        reconsideration_deadline(order_served, overrides=overrides),
        lawsuit_deadline(order_served, overrides=overrides),
    )


def lawful_from(*period_ends: date) -> date:
    """The first day after every one of ``period_ends`` (行政强制法 第四十四条: only once they have all lapsed)."""
    if not period_ends:
        raise RulesError("至少需要一个期限届满日")
    return max(_require_date(end, "期限届满日") for end in period_ends) + timedelta(days=1)


def substitute_performance_earliest(reminder_served: date, *, overrides: HolidayTable | None = None) -> date:
    """The first day a 代履行 may take place after the 催告 served on ``reminder_served``: three working days
    later (行政强制法 第五十一条第一款第二项、第六十九条)."""
    return add_working_days(reminder_served, SUBSTITUTE_PERFORMANCE_NOTICE_WORKING_DAYS, overrides=overrides)
