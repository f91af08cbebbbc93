"""Money: validation, rounding, and 人民币大写 (amounts in Chinese capital numerals).

Money is ``Decimal`` in yuan with at most two places (STYLE.md convention 6). ``float`` is refused outright:
``0.1 + 0.2`` is not ``0.3`` and a fine must be exact. Where a rule computes a new amount (the late fee) it is
rounded to fen with ``ROUND_HALF_UP`` (四舍五入), the rounding people expect on a 缴款书.

amount_in_words conventions (docs/rules.md, "Amounts in words"), after
中国人民银行《正确填写票据和结算凭证的基本规定》 (annexed to 《支付结算办法》) and 《发票管理办法实施细则》:

* 到"元"为止 → "元整"; 有"分" → nothing after 分.
* 到"角"为止 → "角整". The 基本规定 allows either ("在'角'之后可以不写'整'(或'正')字"), and
  《发票管理办法实施细则》 requires 整 after 角 ("大写金额数字到元或者角为止的，
  在'元'或者'角'字之后应当写'整'字"), so we write it; the 基本规定's own example ￥1,409.50 →
  "壹仟肆佰零玖元伍角" is the other permitted form.
* Zeros: one 零 for any run of zeros inside the number (￥6,007.14 → 陆仟零柒元壹角肆分); a zero 万 digit
  followed by a non-zero 千 digit takes no 零 (￥107,000.53 → 壹拾万柒仟元零伍角叁分, the 基本规定's first
  form); a zero 元 digit followed by a non-zero 角 takes 零 after 元 (￥1,680.32 → 壹仟陆佰捌拾元零叁角贰分,
  first form); a zero 角 with a non-zero 分 takes 零 after 元 (￥325.04 → 叁佰贰拾伍元零肆分).
* A leading ten is 壹拾 (10 → 壹拾元整, 100000 → 壹拾万元整), as in the 基本规定's "壹拾万柒仟元"; it stops
  anyone writing a digit in front of 拾.
* No 人民币 prefix unless ``prefix=True``; "元" (not "圆"); "整" (not "正").
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .errors import RulesError

__all__ = [
    "AMOUNT_IN_WORDS_MAX",
    "CENT",
    "amount_in_words",
    "require_money",
    "round_money",
]

#: One fen, the smallest unit of 人民币 (中国人民银行法 第十七条: 辅币单位为角、分).
CENT = Decimal("0.01")
#: The largest amount :func:`amount_in_words` writes: 9999万亿元 and 99 fen (below 一亿亿).
AMOUNT_IN_WORDS_MAX = Decimal("9999999999999999.99")

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("", "拾", "佰", "仟")
_TEN_THOUSAND = 10_000
_HUNDRED_MILLION = 100_000_000


def require_money(amount: object, name: str = "金额") -> Decimal:
    """Return ``amount`` as a ``Decimal`` after checking it is a valid amount of money.

    Accepts ``Decimal`` and ``int``; refuses ``float``/``bool``/other types, NaN/infinity, negatives, and more
    than two decimal places. Every refusal is a :class:`RulesError` with a Chinese message.
    """
    if isinstance(amount, bool) or not isinstance(amount, Decimal | int):
        raise RulesError(f"{name}必须是Decimal（精确的十进制数），不能是{type(amount).__name__}：{amount!r}")
    value = Decimal(amount)
    if not value.is_finite():
        raise RulesError(f"{name}不是有效数字：{amount!r}")
    if value < 0:
        raise RulesError(f"{name}不能为负数：{value}")
    try:
        in_fen = value.quantize(CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation:  # more digits than the decimal context holds: no amount of money is that large
        raise RulesError(f"{name}过大，不是有效金额：{value}") from None
    if value != in_fen:
        raise RulesError(f"{name}最多保留两位小数（到分）：{value}")
    return value


def round_money(amount: Decimal) -> Decimal:
    """Round to fen with ROUND_HALF_UP (四舍五入); the result always has exactly two places."""
    try:
        return amount.quantize(CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise RulesError(f"金额无法按分舍入：{amount!r}") from None


def _four_digits(n: int) -> str:
    """1..9999 in capitals, with one 零 per internal run of zeros and no trailing 零."""
    digits = f"{n:04d}"
    parts: list[str] = []
    pending_zero = False
    for position, ch in enumerate(digits):
        digit = int(ch)
        unit = _SMALL_UNITS[3 - position]
        if digit == 0:
            pending_zero = bool(parts)
            continue
        if pending_zero:
            parts.append("零")
            pending_zero = False
        parts.append(_DIGITS[digit] + unit)
    return "".join(parts)


def _integer_words(n: int) -> str:
    """A positive integer in capitals, grouped by 亿 and 万."""
    for unit, size in (("亿", _HUNDRED_MILLION), ("万", _TEN_THOUSAND)):
        if n >= size:
            high, low = divmod(n, size)
            words = _integer_words(high) + unit
            if low:
                # A zero at the top of the lower group (e.g. 万 followed by 百) is read as 零.
                if low < size // 10:
                    words += "零"
                words += _integer_words(low)
            return words
    return _four_digits(n)


def amount_in_words(amount: Decimal, *, prefix: bool = False) -> str:
    """Write ``amount`` (yuan) in 人民币大写, e.g. 12345.60 → "壹万贰仟叁佰肆拾伍元陆角整".

    See the module docstring for the 整 and 零 rules. ``prefix=True`` adds "人民币" (the 基本规定 requires it
    on bills; a 决定书 usually prints it in the template). Negative amounts, more than two decimal places, and
    amounts above :data:`AMOUNT_IN_WORDS_MAX` raise :class:`RulesError`.
    """
    value = require_money(amount)
    if value > AMOUNT_IN_WORDS_MAX:
        raise RulesError(f"金额过大，无法书写大写金额：{value}（上限为{AMOUNT_IN_WORDS_MAX}）")
    cents = int(value * 100)
    yuan, rest = divmod(cents, 100)
    jiao, fen = divmod(rest, 10)

    words = ""
    if yuan:
        words = _integer_words(yuan) + "元"
        # 元 digit zero before a non-zero 角, or 角 zero before a non-zero 分: write 零 after 元.
        if (jiao and yuan % 10 == 0) or (not jiao and fen):
            words += "零"
    elif not jiao and not fen:
        words = "零元"
    if jiao:
        words += _DIGITS[jiao] + "角"
    if fen:
        words += _DIGITS[fen] + "分"
    else:
        words += "整"
    return ("人民币" + words) if prefix else words
