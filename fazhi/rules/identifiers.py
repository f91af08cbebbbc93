"""Check digits: 公民身份号码 (GB 11643-1999), 统一社会信用代码 (GB 32100-2015), 组织机构代码 (GB 11714-1997).

Validators are strict about form: they accept only the canonical spelling (upper-case letters, no spaces or
hyphens). User input goes through ``normalize_resident_id`` / ``normalize_uscc`` first, and the normalised
value is what gets stored, so one person or organisation never appears under two spellings. Validators return
``False`` for any wrong input (including non-strings); the ``*_check_char`` helpers raise :class:`RulesError`.
"""

from __future__ import annotations

import re
from datetime import date

from .errors import RulesError

__all__ = [
    "ORG_CODE_WEIGHTS",
    "RESIDENT_ID_WEIGHTS",
    "USCC_ALPHABET",
    "USCC_WEIGHTS",
    "normalize_resident_id",
    "normalize_uscc",
    "org_code_check_char",
    "resident_id_birth_date",
    "resident_id_check_char",
    "uscc_check_char",
    "validate_org_code",
    "validate_phone",
    "validate_resident_id",
    "validate_uscc",
]

#: GB 11643-1999 MOD 11-2 weights Wi = 2^(18-i) mod 11 for positions 1..17 (RULES.md §13, V2).
RESIDENT_ID_WEIGHTS: tuple[int, ...] = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)  # GB 11643-1999
#: Check character for (Σ ai·Wi) mod 11 = 0..10 (GB 11643-1999).
_RESIDENT_ID_CHECK = "10X98765432"
#: GB 32100-2015 character set, values 0..30 (no I, O, Z, S, V).
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100-2015
#: GB 32100-2015 weights Wi = 3^(i-1) mod 31.
USCC_WEIGHTS: tuple[int, ...] = (
    1,
    3,
    9,
    27,
    19,
    26,
    16,
    17,
    20,
    29,
    25,
    13,
    8,
    24,
    10,
    30,
    28,
)  # GB 32100-2015
#: GB 11714-1997 weights for the eight body characters of an organisation code.
ORG_CODE_WEIGHTS: tuple[int, ...] = (3, 7, 9, 10, 5, 8, 4, 2)  # GB 11714-1997

_RESIDENT_ID_RE = re.compile(r"[0-9]{17}[0-9X]")
_USCC_RE = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}")
_ORG_BODY_RE = re.compile(r"[0-9A-Z]{8}")
_ORG_CODE_RE = re.compile(r"([0-9A-Z]{8})-?([0-9X])")
_EARLIEST_BIRTH_YEAR = 1800
_ORG_MODULUS = 11
_USCC_MODULUS = 31


# Each position's term of the weighted sums, by character: Σ by table lookups in C (``map``), the import's hot path.
_RESIDENT_ID_TERMS: tuple[dict[str, int], ...] = tuple({str(d): d * w for d in range(10)} for w in RESIDENT_ID_WEIGHTS)
_USCC_TERMS: tuple[dict[str, int], ...] = tuple({ch: i * w for i, ch in enumerate(USCC_ALPHABET)} for w in USCC_WEIGHTS)


def normalize_resident_id(s: str) -> str:
    """Strip surrounding whitespace and upper-case a trailing ``x``; call before validating and storing."""
    return s.strip().upper()


def normalize_uscc(s: str) -> str:
    """Strip surrounding whitespace and upper-case; call before validating and storing."""
    return s.strip().upper()


def resident_id_check_char(first17: str) -> str:
    """The 18th character (MOD 11-2) for the first 17 digits of a resident ID."""
    if not isinstance(first17, str) or not re.fullmatch(r"[0-9]{17}", first17):
        raise RulesError(f"身份证号前17位必须是17位数字：{first17!r}")
    return _resident_id_check(first17)


def _resident_id_check(first17: str) -> str:
    """MOD 11-2 of 17 digits already checked."""
    return _RESIDENT_ID_CHECK[sum(map(dict.__getitem__, _RESIDENT_ID_TERMS, first17)) % 11]


def resident_id_birth_date(s: str) -> date | None:
    """The birth date in positions 7-14 (YYYYMMDD), or ``None`` if it is not a real date from 1800 on."""
    try:
        born = date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        return None
    return born if born.year >= _EARLIEST_BIRTH_YEAR else None


def validate_resident_id(s: str, *, today: date | None = None) -> bool:
    """Whether ``s`` is a well-formed 18-character 公民身份号码 (GB 11643-1999).

    Checks: 17 digits + a digit or upper-case ``X``; positions 7-14 a real date (year ≥ 1800, and not after
    ``today`` when given — the core never reads the clock); the MOD 11-2 check character. A lower-case ``x``
    is refused: normalise first (:func:`normalize_resident_id`). The region code is not checked against GB/T
    2260: codes are retired over time while old IDs stay valid.
    """
    if not isinstance(s, str) or not _RESIDENT_ID_RE.fullmatch(s):
        return False
    born = resident_id_birth_date(s)
    if born is None or (today is not None and born > today):
        return False
    return _resident_id_check(s) == s[17]  # map stops at the 17 weights


def uscc_check_char(first17: str) -> str:
    """The 18th character of a 统一社会信用代码 for its first 17 characters (GB 32100-2015).

    C18 = (31 − Σ Ci·Wi mod 31) mod 31, written with :data:`USCC_ALPHABET`.
    """
    if not isinstance(first17, str) or not _USCC_RE.fullmatch(first17 + "0"):
        raise RulesError(f"统一社会信用代码前17位格式不正确：{first17!r}")
    return _uscc_check(first17)


def _uscc_check(first17: str) -> str:
    """C18 of 17 characters already checked (at most the first 17 are read)."""
    total = sum(map(dict.__getitem__, _USCC_TERMS, first17))
    return USCC_ALPHABET[(_USCC_MODULUS - total % _USCC_MODULUS) % _USCC_MODULUS]


def validate_uscc(s: str) -> bool:
    """Whether ``s`` is a well-formed 18-character 统一社会信用代码 with the right check character (GB 32100).

    The embedded organisation code (positions 9-17) is not required to pass GB 11714: check it separately and
    softly with :func:`validate_org_code` (RULES.md §13: "use only as a soft warning").
    """
    if not isinstance(s, str) or not _USCC_RE.fullmatch(s):
        return False
    return _uscc_check(s) == s[17]


def org_code_check_char(body: str) -> str:
    """The 9th character of a 组织机构代码 for its eight body characters (GB 11714-1997).

    Letters count A=10 … Z=35; C9 = 11 − Σ mod 11, with 10 written ``X`` and 11 written ``0``.
    """
    if not isinstance(body, str) or not _ORG_BODY_RE.fullmatch(body):
        raise RulesError(f"组织机构代码本体必须是8位数字或大写字母：{body!r}")
    total = sum(int(ch, 36) * w for ch, w in zip(body, ORG_CODE_WEIGHTS, strict=True))
    check = _ORG_MODULUS - total % _ORG_MODULUS
    return {10: "X", 11: "0"}.get(check, str(check))


def validate_org_code(s: str) -> bool:
    """Whether ``s`` is a 组织机构代码 with a correct check character (``XXXXXXXX-C`` or ``XXXXXXXXC``).

    A soft check only (RULES.md §13, status U): show a warning, do not refuse the record. Pass ``uscc[8:17]``
    to check the code embedded in a 统一社会信用代码.
    """
    match = _ORG_CODE_RE.fullmatch(s) if isinstance(s, str) else None
    if match is None:
        return False
    return org_code_check_char(match.group(1)) == match.group(2)


_PHONE_RE = re.compile(r"1[3-9]\d{9}|0\d{2,3}-?\d{7,8}")


def validate_phone(s: str) -> bool:
    """Whether ``s`` is a mainland mobile number (11 digits, 1[3-9]…) or a landline with area code (0xx-xxxxxxx).

    Only the shape is checked: numbering plans change, and a wrong but well-formed number is caught by calling it.
    """
    return isinstance(s, str) and _PHONE_RE.fullmatch(s) is not None
