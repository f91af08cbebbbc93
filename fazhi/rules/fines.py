"""Fines: the simple procedure, collection on the spot, and the late fee (加处罚款)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from .calendar import _require_date
from .errors import RulesError
from .kinds import PartyKind, parse_party_kind
from .money import require_money, round_money

__all__ = [
    "LATE_FEE_DAILY_RATE",
    "ON_THE_SPOT_COLLECTION_CAP",
    "SIMPLE_PROCEDURE_FINE_CAP_ORGANIZATION",
    "SIMPLE_PROCEDURE_FINE_CAP_PERSON",
    "late_fee",
    "late_fee_days",
    "on_the_spot_collection_allowed",
    "simple_procedure_allowed",
    "simple_procedure_fine_cap",
]

#: 简易程序 cap for a citizen: "对公民处以二百元以下…罚款" (行政处罚法 第五十一条). 以下 includes 200 itself.
SIMPLE_PROCEDURE_FINE_CAP_PERSON = Decimal("200")  # 行政处罚法 第五十一条
#: 简易程序 cap for a legal person or other organisation: "对法人或者其他组织处以三千元以下罚款".
SIMPLE_PROCEDURE_FINE_CAP_ORGANIZATION = Decimal("3000")  # 行政处罚法 第五十一条
#: 当场收缴 is allowed for "依法给予一百元以下罚款的" (行政处罚法 第六十八条(一)); 以下 includes 100.
ON_THE_SPOT_COLLECTION_CAP = Decimal("100")  # 行政处罚法 第六十八条
#: "每日按罚款数额的百分之三加处罚款" (行政处罚法 第七十二条第一款(一)).
LATE_FEE_DAILY_RATE = Decimal("0.03")  # 行政处罚法 第七十二条

_SIMPLE_CAPS: dict[PartyKind, Decimal] = {
    PartyKind.PERSON: SIMPLE_PROCEDURE_FINE_CAP_PERSON,
    PartyKind.ORGANIZATION: SIMPLE_PROCEDURE_FINE_CAP_ORGANIZATION,
}


def simple_procedure_fine_cap(party_kind: str) -> Decimal:
    """The largest fine a 当场 decision may impose on this kind of party (行政处罚法 第五十一条)."""
    return _SIMPLE_CAPS[parse_party_kind(party_kind)]


def simple_procedure_allowed(party_kind: str, fine: Decimal, warning_only: bool = False) -> bool:
    """Whether the simple procedure (当场作出行政处罚决定) may be used, 行政处罚法 第五十一条.

    A warning alone always qualifies; otherwise the fine must not exceed 200 元 (person) or 3000 元
    (organisation); "以下" includes the cap itself. The article's other conditions (违法事实确凿并有法定依据)
    and "法律另有规定的，从其规定" are for the officer to judge; they are not numbers.

    ``warning_only=True`` with a positive fine is a contradiction and raises :class:`RulesError` rather than
    silently approving a fine of any size.
    """
    cap = simple_procedure_fine_cap(party_kind)
    amount = require_money(fine, "罚款金额")
    if warning_only:
        if amount:
            raise RulesError("仅给予警告时不应填写罚款金额；如同时罚款，请取消“仅警告”并按罚款金额判断")
        return True
    return amount <= cap


def on_the_spot_collection_allowed(
    fine: Decimal, hard_to_collect: bool = False, *, party_kind: str | None = None
) -> bool:
    """Whether an officer may collect the fine on the spot (当场收缴), 行政处罚法 第六十八条.

    Only a fine imposed by a 当场 decision under 第五十一条 qualifies, and then only if it is 100 元 or less,
    or would be hard to collect afterwards (不当场收缴事后难以执行).

    Without ``party_kind`` the answer is given only where it does not depend on the kind: up to 100 元 (below
    both 第五十一条 caps) and above 3000 元 (above both). Between 200 and 3000 元 with ``hard_to_collect`` the
    answer depends on whether the party is a person, so :class:`RulesError` asks for ``party_kind`` instead of
    guessing. (The remote-area rule of 第六十九条 is a separate, request-based case and not decided here.)
    """
    amount = require_money(fine, "罚款金额")
    if party_kind is not None:
        if not simple_procedure_allowed(party_kind, amount):
            return False
    elif amount > SIMPLE_PROCEDURE_FINE_CAP_ORGANIZATION:
        return False
    elif hard_to_collect and amount > SIMPLE_PROCEDURE_FINE_CAP_PERSON:
        raise RulesError("罚款超过200元时，能否当场收缴取决于当事人是公民还是组织，请提供当事人类型")
    return amount <= ON_THE_SPOT_COLLECTION_CAP or hard_to_collect


def late_fee_days(due: date, paid_on: date, suspended_days: int = 0) -> int:
    """Days that attract the late fee: days after ``due`` up to ``paid_on``, minus suspended days, at least 0.

    ``due`` is the last day of the payment period (see ``payment_deadline``); paying on it costs nothing.
    ``suspended_days`` are the days of 复议/诉讼, which do not count (行政处罚法 第七十三条第三款), and of an
    approved deferral (第六十六条).
    """
    due = _require_date(due, "缴款期限")
    paid_on = _require_date(paid_on, "缴款日")
    if isinstance(suspended_days, bool) or not isinstance(suspended_days, int) or suspended_days < 0:
        raise RulesError(f"不计算加处罚款的天数必须是非负整数：{suspended_days!r}")
    return max(0, (paid_on - due).days - suspended_days)


def late_fee(fine: Decimal, due: date, paid_on: date, suspended_days: int = 0) -> Decimal:
    """加处罚款: 3% of the fine per overdue day, never more than the fine (行政处罚法 第七十二条第一款(一)).

    The cap "加处罚款的数额不得超出罚款的数额" is also 行政强制法 第四十五条第二款. The result has two places,
    rounded ROUND_HALF_UP. Example: a 1000 元 fine 33 days overdue → 990.00; 34 or more days → 1000.00.
    """
    amount = require_money(fine, "罚款金额")
    days = late_fee_days(due, paid_on, suspended_days)
    return round_money(min(amount * LATE_FEE_DAILY_RATE * days, amount))
