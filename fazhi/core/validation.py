"""Checks of input, so a bad value is a clear Chinese message and never a 500.

Three layers use them: ``InputSafetyMiddleware`` refuses unsafe text (NUL, lone surrogates), years out of range and
integers beyond bigint anywhere in a request; services run ``ensure_fits`` on a model instance before they write
(the per-field lengths of ``TEXT_LIMITS``, unsafe text, invisible or direction-changing characters in names), so
that all errors come in one message; and ``check_instance`` runs the same checks on every save of a fazhi model, the
wall under a service that forgot. Views taking a year call ``check_year``. The limits are listed in docs/limits.md.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from django.db import models

from fazhi.core import clock
from fazhi.core.errors import ValidationError

BIGINT_MAX = 2**63 - 1
# An operating bound, not a legal number: no record of this platform predates the People's Republic, and plans
# (inspection tasks, study hours) reach a few years ahead at most.
YEAR_MIN = 1949
YEAR_AHEAD = 10
# The longest free text any field accepts when its column is unbounded (违法事实, 说明…): about 25 pages of A4.
TEXT_MAX_LENGTH = 20_000
# 违法事实 and similar narratives in a case: a long 调查终结报告 runs to a few thousand characters.
FACTS_MAX_LENGTH = 10_000

_UNSAFE_TEXT = re.compile("[\x00\ud800-\udfff]")
# Named here so that the message can say which it is; every other Cc/Cf character is refused too (see name_errors).
_NAME_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# Field names (attnames) that hold a name or a title, where invisible characters would deceive a reader: a
# party's name shown "张三" but stored with a right-to-left override, a zero-width space that makes two parties
# look the same. Wherever such a field is saved (see ``check_instance``) these characters are refused.
NAME_FIELDS = frozenset(
    {
        "name",
        "title",
        "short_name",
        "display_name",
        "username",
        "first_name",
        "last_name",
        "party_name",
        "public_name",
        "officer_name",
        "item_name",
        "subject_name",
        "signer_name",
        "witness_name",
        "legal_representative",
        "applicant",
        "plaintiff",
        "parties",
    }
)

# The longest text each unbounded field (TextField) written by users accepts, by field name, or by
# ``app_label.model.field`` where one model's field needs another bound than its namesakes. An operating bound,
# not a legal number: what a real record of that kind holds, with room to spare, so that a pasted book or a
# runaway script is refused with a clear message. The table, and why, is in docs/limits.md. A field that is not
# listed gets TEXT_MAX_LENGTH, the middleware's outer wall.
NOTE_MAX_LENGTH = 2_000  # 备注, 意见, 理由: a paragraph or two
OPINION_MAX_LENGTH = 5_000  # an opinion or a result written out: 审核意见, 处置结果, 理由和依据
RECORD_MAX_LENGTH = 20_000  # a verbatim record: 听证笔录, 询问笔录
TEXT_LIMITS: dict[str, int] = {
    # narratives of a case: 违法事实, 案情摘要, 证据, 调查情况, 结案报告
    "facts": FACTS_MAX_LENGTH,
    "evidence_summary": FACTS_MAX_LENGTH,
    "close_summary": FACTS_MAX_LENGTH,
    "findings": FACTS_MAX_LENGTH,
    "content": FACTS_MAX_LENGTH,  # 陈述申辩内容, 诉求内容
    "evidence.fieldrecord.content": RECORD_MAX_LENGTH,  # 现场检查/询问笔录
    "record": FACTS_MAX_LENGTH,  # 讨论记录
    "cases.hearing.record": RECORD_MAX_LENGTH,  # 听证笔录
    "items": FACTS_MAX_LENGTH,  # 物品清单, 财物清单, 抽查事项: one line per item
    # the legal texts of the power list, quoted in full
    "violation_basis": FACTS_MAX_LENGTH,
    "penalty_basis": FACTS_MAX_LENGTH,
    # opinions and results
    "reasons": OPINION_MAX_LENGTH,
    "text": OPINION_MAX_LENGTH,
    "conclusion_text": OPINION_MAX_LENGTH,
    "party_statement": OPINION_MAX_LENGTH,
    "statement_review": OPINION_MAX_LENGTH,
    "response": OPINION_MAX_LENGTH,
    "handling_result": OPINION_MAX_LENGTH,
    "feedback": OPINION_MAX_LENGTH,
    "comments": OPINION_MAX_LENGTH,
    "rectification": OPINION_MAX_LENGTH,
    "result": OPINION_MAX_LENGTH,
    "grounds": OPINION_MAX_LENGTH,
    "matter": OPINION_MAX_LENGTH,
    "description": OPINION_MAX_LENGTH,  # 证明内容/说明 of a piece of evidence
    # notes, short reasons and subjects
    "note": NOTE_MAX_LENGTH,
    "remark": NOTE_MAX_LENGTH,
    "dispatch_note": NOTE_MAX_LENGTH,
    "escalation_note": NOTE_MAX_LENGTH,
    "verification_note": NOTE_MAX_LENGTH,
    "returned_reason": NOTE_MAX_LENGTH,
    "callback_result": NOTE_MAX_LENGTH,  # 回访结果 of a work order
    "reason": NOTE_MAX_LENGTH,
    "out_of_range_reason": NOTE_MAX_LENGTH,
    "prior_decision_note": NOTE_MAX_LENGTH,
    "absence_explanation": NOTE_MAX_LENGTH,
    "explanation": NOTE_MAX_LENGTH,
    "subject": NOTE_MAX_LENGTH,  # 纠纷事项
    "cause": NOTE_MAX_LENGTH,  # 案由
    "withdrawal_note": NOTE_MAX_LENGTH,
    "extension_reason": NOTE_MAX_LENGTH,
    # the records beside the case (urban, waste, counsel)
    "requirement": OPINION_MAX_LENGTH,  # 责令改正的内容
    "review_note": OPINION_MAX_LENGTH,  # 复查情况
    "violation": OPINION_MAX_LENGTH,  # 渣土检查发现的违法情形
    "summary": OPINION_MAX_LENGTH,  # 法律意见书摘要
    "conclusions": OPINION_MAX_LENGTH,  # 案件会商结论
    "revoke_reason": NOTE_MAX_LENGTH,  # 准运证撤销理由
    "closure_note": NOTE_MAX_LENGTH,  # 督查交办事项的整改情况（销号）
    # the public portal: a typical case told to the public, and the index's words (written by the index, not typed)
    "lesson": OPINION_MAX_LENGTH,  # 以案释法的释法说理
    "portal.searchentry.words": 4 * FACTS_MAX_LENGTH,
}


def text_limit(field: models.Field[Any, Any]) -> int | None:
    """The longest text ``field`` accepts: its ``max_length``, or its entry in ``TEXT_LIMITS``, or None when the
    table does not list it (then only TEXT_MAX_LENGTH bounds it)."""
    if field.max_length:
        return int(field.max_length)
    model = getattr(field, "model", None)
    if model is not None:
        found = TEXT_LIMITS.get(f"{model._meta.label_lower}.{field.attname}")
        if found is not None:
            return found
    return TEXT_LIMITS.get(field.attname)


def year_bounds() -> tuple[int, int]:
    return YEAR_MIN, clock.today().year + YEAR_AHEAD


def check_year(value: Any, label: str = "年度") -> int:
    """``value`` (a string or int) as a year within ``year_bounds()``, or a Chinese ``ValidationError``."""
    low, high = year_bounds()
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError) as exc:
        raise ValidationError(f"{label}「{str(value)[:20]}」不是有效的年份。") from exc
    if not low <= year <= high:
        raise ValidationError(f"{label}应为{low}年至{high}年之间的年份（现为{str(value)[:20]}）。")
    return year


def optional_year(value: Any, default: int, label: str = "年度") -> int:
    """A year from a query parameter: ``default`` when absent or empty."""
    if value is None or str(value).strip() == "":
        return default
    return check_year(value, label)


# Paging parameters: no list holds two billion rows, and offset + limit must stay within bigint for the database.
PAGING_PARAMETERS = frozenset({"offset", "page", "limit"})
PAGING_MAX = 2**31 - 1


def check_paging(value: Any, label: str = "分页参数") -> None:
    """An integer paging parameter must not exceed ``PAGING_MAX``; a non-integer is left to the view's parser."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return
    if number > PAGING_MAX:
        raise ValidationError(f"{label}不能超过{PAGING_MAX}（现为{str(value)[:24]}）。")


def check_bigint(value: int, label: str = "编号") -> int:
    if not -BIGINT_MAX - 1 <= value <= BIGINT_MAX:
        raise ValidationError(f"{label}超出范围。")
    return value


def unsafe_text_reason(value: str) -> str | None:
    """Why ``value`` cannot be stored as text (NUL byte, unpaired surrogate), or None when it can."""
    found = _UNSAFE_TEXT.search(value)
    if found is None:
        return None
    return "含有空字符（NUL）" if found.group() == "\x00" else "含有无效的Unicode字符（孤立代理项）"


def check_text(value: str, label: str) -> str:
    reason = unsafe_text_reason(value)
    if reason:
        raise ValidationError(f"{label}{reason}，请删除后重新提交。")
    return value


def _forbidden_in_name(value: str) -> str | None:
    """The first character of ``value`` a name must not hold: a control (Cc: C0, DEL, C1, tab and newlines too), a
    format character (Cf: bidi embeddings, overrides, isolates and marks, zero-width space/joiners, word joiner,
    BOM, soft hyphen, tags …), a line or paragraph separator, or an unpaired surrogate."""
    found = _NAME_FORBIDDEN.search(value)
    if found is not None:
        return found.group()
    for char in value:
        if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            return char
    return None


def name_errors(value: str, label: str) -> str | None:
    char = _forbidden_in_name(value)
    if char is None:
        return None
    return f"{label}含有不可见或改变文字方向的字符（U+{ord(char):04X}），请删除后重新填写"


def check_name(value: str, label: str) -> str:
    error = name_errors(value, label)
    if error:
        raise ValidationError(error + "。")
    return value


def length_errors(*instances: models.Model, listed_only: bool = False, only: frozenset[str] | None = None) -> list[str]:
    """Text longer than its column or its ``TEXT_LIMITS`` entry (or than ``TEXT_MAX_LENGTH`` for an unlisted
    unbounded one), unsafe text, deceptive names; each message names the field and its limit.

    SQLite would store them, PostgreSQL would refuse a NUL mid-transaction: checked before anything is written.
    ``listed_only`` leaves unlisted unbounded fields alone (text the system writes, such as a run's log); ``only``
    checks just the fields of those names (a save with ``update_fields``).
    """
    errors = []
    for instance in instances:
        for field in instance._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField):
                continue
            if only is not None and field.name not in only and field.attname not in only:
                continue
            value = getattr(instance, field.attname)
            if not isinstance(value, str):
                continue
            label = str(field.verbose_name)
            limit = text_limit(field)
            if limit is None and not listed_only:
                limit = TEXT_MAX_LENGTH
            if limit is not None and len(value) > limit:
                errors.append(f"{label}不能超过{limit}个字符（现有{len(value)}个）")
            reason = unsafe_text_reason(value)
            if reason:
                errors.append(f"{label}{reason}")
            elif field.attname in NAME_FIELDS:
                error = name_errors(value, label)
                if error:
                    errors.append(error)
    return errors


def ensure_fits(*instances: models.Model) -> None:
    errors = length_errors(*instances)
    if errors:
        raise ValidationError("；".join(errors) + "。")


def check_instance(instance: models.Model, update_fields: Iterable[str] | None = None) -> None:
    """The outer wall under the services (``pre_save`` of every fazhi model, see ``fazhi.core.apps``): a service
    that forgot ``ensure_fits`` still cannot store an over-long text, a NUL or a deceptive name. Not business logic:
    a column constraint the database cannot state, refused in Chinese and inside the service's transaction, so
    nothing is half-saved. A save of some fields (``update_fields``: a state change) checks only those, so a row
    stored before a limit existed can still move on."""
    only = frozenset(update_fields) if update_fields is not None else None
    errors = length_errors(instance, listed_only=True, only=only)
    if errors:
        raise ValidationError("；".join(errors) + "。")
