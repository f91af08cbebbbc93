"""规范性文件: registration and changes (合法性审核 before 印发, 备案 after)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, TypedDict, Unpack

from django.db import transaction

from fazhi.agencies.models import Agency
from fazhi.core.audit import snapshot
from fazhi.core.errors import RuleViolation, ValidationError
from fazhi.legal_affairs.models import (
    NormativeDocument,
)

if TYPE_CHECKING:
    from fazhi.accounts.models import User

from fazhi.legal_affairs.services.common import _ensure_legal, _not_before, _text, _write

# --- 规范性文件 ------------------------------------------------------------------------------------------------


class NormativeDocumentFields(TypedDict, total=False):
    """The fields of a 规范性文件 a caller may set; an update changes only those it passes."""

    title: str
    number: str
    legality_reviewed: bool
    issued_on: date | None
    filed_on: date | None
    repealed_on: date | None
    note: str


_DOCUMENT_FIELDS = frozenset(NormativeDocumentFields.__annotations__)


def _check_document(doc: NormativeDocument) -> None:
    _text(doc.title, "文件名称")
    if doc.issued_on is not None and not doc.legality_reviewed:
        raise RuleViolation("规范性文件未经合法性审核不得印发（国办发〔2018〕115号），请先登记合法性审核。")
    if doc.filed_on is not None and doc.issued_on is None:
        raise ValidationError("尚未印发的文件不能登记备案，请先填写印发日期。")
    _not_before(doc.filed_on, doc.issued_on, "备案日期", "印发日期")
    _not_before(doc.repealed_on, doc.issued_on, "废止日期", "印发日期")


@transaction.atomic
def normative_document_create(
    *, actor: User, agency: Agency, **fields: Unpack[NormativeDocumentFields]
) -> NormativeDocument:
    _ensure_legal(actor, agency, action="登记规范性文件")
    unknown = set(fields) - set(_DOCUMENT_FIELDS)
    if unknown:
        raise ValidationError(f"未知字段：{'、'.join(sorted(unknown))}。")
    doc = NormativeDocument(agency=agency, created_by=actor, **fields)
    _check_document(doc)
    _write(actor, doc, action="normative_document.create", summary=f"登记规范性文件：{doc.title}", before=None)
    return doc


@transaction.atomic
def normative_document_update(
    *, actor: User, document: NormativeDocument, **fields: Unpack[NormativeDocumentFields]
) -> NormativeDocument:
    doc = NormativeDocument.objects.select_for_update(of=("self",)).get(pk=document.pk)
    _ensure_legal(actor, doc.agency, action="修改规范性文件")
    unknown = set(fields) - set(_DOCUMENT_FIELDS)
    if unknown:
        raise ValidationError(f"未知字段：{'、'.join(sorted(unknown))}。")
    before = snapshot(doc)
    for name, value in fields.items():
        setattr(doc, name, value)
    _check_document(doc)
    _write(actor, doc, action="normative_document.update", summary=f"修改规范性文件：{doc.title}", before=before)
    return doc
