"""合同审查: registration and changes."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, TypedDict, Unpack

from django.db import transaction

from fazhi.agencies.models import Agency
from fazhi.core.audit import snapshot
from fazhi.core.errors import ValidationError
from fazhi.legal_affairs.models import (
    ContractReview,
)

if TYPE_CHECKING:
    from fazhi.accounts.models import User

from fazhi.legal_affairs.services.common import _ensure_legal, _not_before, _text, _write

# --- 合同审查 --------------------------------------------------------------------------------------------------


class ContractReviewFields(TypedDict, total=False):
    """The fields of a 合同审查 a caller may set; an update changes only those it passes."""

    title: str
    counterparty: str
    received_on: date
    reviewed_on: date | None
    opinion_issued: bool
    adviser: str
    note: str


_CONTRACT_FIELDS = frozenset(ContractReviewFields.__annotations__)


def _check_contract(item: ContractReview) -> None:
    _text(item.title, "合同名称")
    _not_before(item.reviewed_on, item.received_on, "审查完成日期", "送审日期")
    if item.opinion_issued and item.reviewed_on is None:
        raise ValidationError("出具书面法律意见的，请填写审查完成日期。")


@transaction.atomic
def contract_review_create(*, actor: User, agency: Agency, **fields: Unpack[ContractReviewFields]) -> ContractReview:
    _ensure_legal(actor, agency, action="登记合同审查")
    unknown = set(fields) - set(_CONTRACT_FIELDS)
    if unknown:
        raise ValidationError(f"未知字段：{'、'.join(sorted(unknown))}。")
    item = ContractReview(agency=agency, created_by=actor, **fields)
    _check_contract(item)
    _write(actor, item, action="contract_review.create", summary=f"登记合同审查：{item.title}", before=None)
    return item


@transaction.atomic
def contract_review_update(
    *, actor: User, review: ContractReview, **fields: Unpack[ContractReviewFields]
) -> ContractReview:
    item = ContractReview.objects.select_for_update(of=("self",)).get(pk=review.pk)
    _ensure_legal(actor, item.agency, action="修改合同审查")
    unknown = set(fields) - set(_CONTRACT_FIELDS)
    if unknown:
        raise ValidationError(f"未知字段：{'、'.join(sorted(unknown))}。")
    before = snapshot(item)
    for name, value in fields.items():
        setattr(item, name, value)
    _check_contract(item)
    _write(actor, item, action="contract_review.update", summary=f"修改合同审查：{item.title}", before=before)
    return item
