"""How a 文书 writes values: dates 2026年3月2日, money 1000.00 with its 大写, numbers 十五, labels and citations.

Pure functions of plain values; the context (``fazhi.documents.context``) and the sample case use them alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings

from fazhi import rules
from fazhi.core.formatting import cn_date, cn_datetime

_CN_DIGITS = "零一二三四五六七八九"


def cn_int(n: int) -> str:
    """0–99 in ordinary Chinese numerals as written in legal texts: 15 → 十五, 60 → 六十."""
    if not 0 <= n < 100:
        raise ValueError(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _CN_DIGITS[ones]
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


def fmt_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    return cn_datetime(value) if isinstance(value, datetime) else cn_date(value)


def fmt_money(value: Decimal | None) -> str:
    return f"{value:.2f}" if value is not None else ""


def money_words(value: Decimal | None) -> str:
    return rules.amount_in_words(value) if value is not None else ""


def person_name(user: Any) -> str:
    if user is None:
        return ""
    return str(getattr(user, "display_name", "") or getattr(user, "username", ""))


def kinds_text(kinds: Iterable[str]) -> str:
    labels = []
    for k in kinds:
        try:
            labels.append(rules.PenaltyKind(k).label)
        except ValueError:
            labels.append(str(k))
    return "、".join(labels)


def choice_label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def document_setting(name: str, default: str) -> str:
    """Wording a bureau sets once (``FAZHI_DOCUMENTS`` in the settings): 复议机关, 法院, 缴款银行."""
    return str(getattr(settings, "FAZHI_DOCUMENTS", {}).get(name) or default)


def article_cite(basis: str) -> str:
    """The citation part of a basis text: "《城乡规划法》第四十条第一款：在城市…" → "《城乡规划法》第四十条第一款".

    Each line that starts with 《…》 and has a "：" contributes its citation; a text without that shape is returned
    whole (without a final 。), so a sentence "违反了{cite}的规定" always reads.
    """
    cites: list[str] = []
    for raw in basis.splitlines():
        line = raw.strip()
        head, colon, _ = line.partition("：")
        if line.startswith("《") and colon and head not in cites:
            cites.append(head)
    return "、".join(cites) if cites else basis.strip().rstrip("。")
