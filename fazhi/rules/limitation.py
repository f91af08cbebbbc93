"""The limitation period for penalties (追责时效), 行政处罚法 第三十六条."""

from __future__ import annotations

from datetime import date

from .calendar import _require_date
from .errors import RulesError
from .periods import anniversary

__all__ = [
    "LIMITATION_YEARS",
    "LIMITATION_YEARS_GRAVE",
    "limitation_expired",
    "limitation_last_day",
]

#: "违法行为在二年内未被发现的，不再给予行政处罚" (行政处罚法 第三十六条第一款).
LIMITATION_YEARS = 2  # 行政处罚法 第三十六条
#: "涉及公民生命健康安全、金融安全且有危害后果的，上述期限延长至五年" (行政处罚法 第三十六条第一款).
LIMITATION_YEARS_GRAVE = 5  # 行政处罚法 第三十六条


def limitation_last_day(act_ended: date, grave: bool = False, *, years: int | None = None) -> date:
    """The last day on which discovery still allows a penalty.

    The period runs "从违法行为发生之日起计算", or from the end of a continuing act (第三十六条第二款); pass
    that day as ``act_ended``. Counting follows 民法典 第二百零一条/第二百零二条: the start day is not counted
    and a year period ends on the corresponding day (the anniversary), Feb 29 → Feb 28 in a common year. So
    discovery ON the anniversary is still "二年内" and in time; the day after is too late.

    No rest-day extension (民法典 第二百零三条) is applied: discovery is not an act the authority must perform
    in office hours, and extending the period would only work against the party.

    ``years`` replaces the statutory 2/5 years where "法律另有规定" (e.g. 税收征收管理法's five years).
    """
    act_ended = _require_date(act_ended, "违法行为终了日")
    if years is None:
        years = LIMITATION_YEARS_GRAVE if grave else LIMITATION_YEARS
    elif years < 1:
        raise RulesError(f"追责时效年数必须为正整数：{years}")
    return anniversary(act_ended, years)


def limitation_expired(act_ended: date, discovered: date, grave: bool = False, *, years: int | None = None) -> bool:
    """Whether the act was discovered too late to be punished (行政处罚法 第三十六条).

    ``grave`` means the act involves 公民生命健康安全 or 金融安全 AND caused harm (both conditions). Discovery
    before the act ended is impossible and raises :class:`RulesError`.
    """
    discovered = _require_date(discovered, "发现日")
    if discovered < act_ended:
        raise RulesError("发现违法行为的日期不能早于违法行为终了日，请核对日期")
    return discovered > limitation_last_day(act_ended, grave, years=years)
