"""Masking personal information for publication and logs.

Why: 个人信息保护法 requires minimising what is disclosed, and published 处罚决定 must not expose a natural
person's ID number or phone (RULES.md D-1..D-4 concern publication). The conventions (docs/rules.md,
"Masking"):

* 身份证号: keep the first 6 (region) and the last 4 (sequence + check), hide the 8-digit birth date:
  ``110105********002X``. A 15-digit (first-generation) number keeps 6 + last 3 and hides its 6-digit birth
  date. Anything else is masked completely, because we cannot tell which part is sensitive.
* 手机号: ``138****1234`` (first 3, last 4). Other numbers keep only their last 4 characters when longer than
  8, otherwise they are masked completely.
* 姓名 (natural persons only; organisation names are public): keep the surname and mask every other character
  with one ``*`` each: 张* / 张** / 欧阳** (compound surnames from :data:`COMPOUND_SURNAMES`, only when the
  name has at least three characters, so 欧阳 alone is surname 欧). The middle dot of minority and foreign
  names is kept.
* :func:`mask_text` masks 18-character ID numbers and mainland mobile numbers (optionally +86/86 and with
  single spaces or hyphens as 3-4-4) found anywhere in free text, for log records.
"""

from __future__ import annotations

import re

__all__ = [
    "COMPOUND_SURNAMES",
    "MASK_CHAR",
    "mask_name",
    "mask_phone",
    "mask_resident_id",
    "mask_text",
]

MASK_CHAR = "*"

#: Common Chinese compound surnames (复姓); a name starting with one keeps both characters.
COMPOUND_SURNAMES: frozenset[str] = frozenset(
    [
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "司空",
        "夏侯",
        "轩辕",
        "令狐",
        "端木",
        "独孤",
        "南宫",
        "西门",
        "百里",
        "呼延",
        "万俟",
        "澹台",
        "公冶",
        "太史",
        "申屠",
        "闻人",
        "赫连",
        "钟离",
        "宗政",
        "濮阳",
        "淳于",
        "单于",
        "公羊",
        "拓跋",
        "第五",
        "东郭",
        "左丘",
        "梁丘",
        "羊舌",
        "微生",
        "子车",
        "颛孙",
        "壤驷",
        "公良",
        "漆雕",
        "乐正",
        "谷梁",
        "巫马",
        "公西",
        "仲孙",
        "叱干",
        "段干",
        "司寇",
        "亓官",
    ]
)

_MOBILE_RE = re.compile(r"1[3-9][0-9]{9}")
_NAME_SEPARATORS = "·•・"
_RESIDENT_ID_LENGTH = 18
_OLD_RESIDENT_ID_LENGTH = 15
_PHONE_KEEP_LAST = 4
_PHONE_MIN_PARTIAL = 9
_MIN_COMPOUND_NAME = 3

_TEXT_ID_RE = re.compile(r"(?<![0-9])([0-9]{6})[0-9]{8}([0-9]{3}[0-9Xx])(?![0-9])")
_TEXT_MOBILE_RE = re.compile(r"(?<![0-9])((?:\+?86[- ]?)?1[3-9][0-9])([- ]?)[0-9]{4}(\2[0-9]{4})(?![0-9])")


def mask_resident_id(s: str) -> str:
    """``110105194912310021`` → ``110105********0021``; see the module docstring for other lengths."""
    s = s.strip()
    if len(s) == _RESIDENT_ID_LENGTH:
        return s[:6] + MASK_CHAR * 8 + s[-4:]
    if len(s) == _OLD_RESIDENT_ID_LENGTH:
        return s[:6] + MASK_CHAR * 6 + s[-3:]
    return MASK_CHAR * len(s)


def mask_phone(s: str) -> str:
    """``13812341234`` → ``138****1234``; see the module docstring for other numbers."""
    s = s.strip()
    if _MOBILE_RE.fullmatch(s):
        return s[:3] + MASK_CHAR * 4 + s[-4:]
    if len(s) >= _PHONE_MIN_PARTIAL:
        return MASK_CHAR * (len(s) - _PHONE_KEEP_LAST) + s[-_PHONE_KEEP_LAST:]
    return MASK_CHAR * len(s)


_ADDRESS_KEEP = 3
_ADDRESS_MIN_NUMBER = 7


def mask_address(address: str) -> str:
    """An 电子送达 address: an e-mail as ``zh***@example.com``, a mobile as ``138****5678``, another number as its
    first three and last two digits, anything else after its first three characters."""
    if "@" in address:
        local, _, domain = address.partition("@")
        return f"{local[:2]}***@{domain}"
    digits = address.replace(" ", "").replace("-", "")
    if digits.lstrip("+").isascii() and digits.lstrip("+").isdigit() and len(digits) >= _ADDRESS_MIN_NUMBER:
        return mask_phone(digits) if _MOBILE_RE.fullmatch(digits) else f"{digits[:3]}****{digits[-2:]}"
    return address[:_ADDRESS_KEEP] + "***" if len(address) > _ADDRESS_KEEP else "***"


def mask_name(name: str) -> str:
    """Keep a person's surname, mask the rest: 张三 → 张*, 欧阳娜娜 → 欧阳**. For natural persons only."""
    name = name.strip()
    keep = 2 if len(name) >= _MIN_COMPOUND_NAME and name[:2] in COMPOUND_SURNAMES else 1
    rest = "".join(ch if ch in _NAME_SEPARATORS else MASK_CHAR for ch in name[keep:])
    return name[:keep] + rest


def mask_text(s: str) -> str:
    """Mask every ID number and mobile number inside free text (used by the Django logging filter).

    Over-masking is acceptable here (an 18-digit number that is not an ID is masked too, and letters next to
    the number do not protect it: ``ID11010519491231002X`` is masked); under-masking is not. A number must not
    touch other digits, so longer digit runs (bank or order numbers) are left alone. ID numbers are masked
    before phone numbers; the look-arounds stop a phone match inside an ID.
    """
    s = _TEXT_ID_RE.sub(lambda m: m.group(1) + MASK_CHAR * 8 + m.group(2), s)
    return _TEXT_MOBILE_RE.sub(lambda m: m.group(1) + m.group(2) + MASK_CHAR * 4 + m.group(3), s)
