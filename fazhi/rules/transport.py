"""建筑垃圾（渣土）运输: the form of a 机动车号牌 and whether a 准运证 is valid on a day.

号牌 (GA 36-2018《中华人民共和国机动车号牌》): the province's one-character abbreviation, the issuing authority's
letter, then five letters or digits (a 新能源 plate has six: 小型 D or F, a letter or digit, four digits; 大型 five
digits, then D or F); a trailer's plate has four letters or digits and 挂. Letters I and O are never used (they
read as 1 and 0). Input is normalised (spaces, ``·`` and ``-`` removed, upper case) before it is checked and
stored, so one vehicle never has two spellings.

准运证 validity: valid from ``valid_from`` through ``valid_until`` inclusive; a permit revoked on a day is no longer
valid from that day on (the revocation takes effect the day it is made). This is not a legal number but a rule of
the record; it lives here so the check, the page and the annual figure decide it the same way.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from enum import Enum

__all__ = [
    "PermitState",
    "normalize_plate_number",
    "permit_last_valid_day",
    "permit_state",
    "validate_plate_number",
]

#: The 31 provincial abbreviations of GA 36-2018 (mainland provinces, autonomous regions, municipalities).
_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_LETTER = "A-HJ-NP-Z"  # no I, no O (GA 36-2018)
_ORDINARY_RE = re.compile(rf"[{_PROVINCES}][{_LETTER}](?:[0-9{_LETTER}]{{5}}|[0-9{_LETTER}]{{4}}挂)")
_NEW_ENERGY_RE = re.compile(rf"[{_PROVINCES}][{_LETTER}](?:[DF][0-9{_LETTER}][0-9]{{4}}|[0-9]{{5}}[DF])")


def normalize_plate_number(s: str) -> str:
    """Upper case, without spaces, ``·``, ``•`` or ``-`` (as people type a plate)."""
    return re.sub(r"[\s·•\-]", "", s).upper()


def validate_plate_number(s: str) -> bool:
    """True for a plate in canonical form (see the module docstring); False for anything else."""
    if not isinstance(s, str):
        return False
    return bool(_ORDINARY_RE.fullmatch(s) or _NEW_ENERGY_RE.fullmatch(s))


class PermitState(Enum):
    NOT_YET = "not_yet"
    VALID = "valid"
    EXPIRED = "expired"
    REVOKED = "revoked"


def permit_last_valid_day(*, valid_until: date, revoked_on: date | None) -> date:
    """The last day the permit is valid: ``valid_until``, or the day before its revocation if that is earlier."""
    if revoked_on is not None and revoked_on <= valid_until:
        return revoked_on - timedelta(days=1)
    return valid_until


def permit_state(*, valid_from: date, valid_until: date, revoked_on: date | None, on: date) -> PermitState:
    """The permit's state on ``on``: not yet valid, valid, expired (past ``valid_until``) or revoked."""
    if revoked_on is not None and on >= revoked_on:
        return PermitState.REVOKED
    if on < valid_from:
        return PermitState.NOT_YET
    if on > valid_until:
        return PermitState.EXPIRED
    return PermitState.VALID
