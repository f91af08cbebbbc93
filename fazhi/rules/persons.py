"""Age and the treatment of minors, 行政处罚法 第三十条."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from .calendar import _require_date
from .errors import RulesError
from .periods import anniversary

__all__ = [
    "ADULT_AGE",
    "MINOR_NO_PENALTY_AGE",
    "MinorTreatment",
    "age_on",
    "minor_treatment",
]

#: "不满十四周岁的未成年人有违法行为的，不予行政处罚" (行政处罚法 第三十条).
MINOR_NO_PENALTY_AGE = 14  # 行政处罚法 第三十条
#: "已满十四周岁不满十八周岁的未成年人有违法行为的，应当从轻或者减轻行政处罚" (行政处罚法 第三十条).
ADULT_AGE = 18  # 行政处罚法 第三十条

MinorTreatment = Literal["no_penalty", "must_mitigate"]


def age_on(birth: date, on: date, *, from_day_after_birthday: bool = False) -> int:
    """Age in full years (周岁) on the day ``on``.

    Default convention: the age goes up ON the birthday, so on the 14th birthday a person is 已满十四周岁.
    Someone born on Feb 29 has the birthday on Feb 28 in a common year (the month-end rule of
    民法典 第二百零二条, which :func:`fazhi.rules.periods.anniversary` applies).

    ``from_day_after_birthday=True`` applies the criminal-law convention "周岁…从周岁生日的第二天起算"
    (最高人民法院关于审理未成年人刑事案件具体应用法律若干问题的解释 第二条); whether it governs 行政处罚 is
    unverified (status U), so it is a setting.
    """
    birth = _require_date(birth, "出生日期")
    on = _require_date(on, "计算日")
    if on < birth:
        raise RulesError("计算年龄的日期不能早于出生日期，请核对日期")
    if from_day_after_birthday:
        on -= timedelta(days=1)
    age = on.year - birth.year
    if age > 0 and anniversary(birth, age) > on:
        age -= 1
    return max(age, 0)


def minor_treatment(age: int) -> MinorTreatment | None:
    """What 行政处罚法 第三十条 requires for a party of ``age`` full years on the day of the act.

    ``"no_penalty"`` under 14 (不予行政处罚, 责令监护人加以管教); ``"must_mitigate"`` from 14 to 17
    (应当从轻或者减轻); ``None`` from 18.
    """
    if isinstance(age, bool) or not isinstance(age, int) or age < 0:
        raise RulesError(f"年龄必须是非负整数：{age!r}")
    if age < MINOR_NO_PENALTY_AGE:
        return "no_penalty"
    if age < ADULT_AGE:
        return "must_mitigate"
    return None
