"""普法: registration of an activity and its views."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction

from fazhi.agencies.models import Agency
from fazhi.agencies.scope import scope_for
from fazhi.core.audit import snapshot
from fazhi.core.errors import ValidationError
from fazhi.legal_affairs.models import (
    LegalEducation,
    LegalEducationKind,
)

if TYPE_CHECKING:
    from fazhi.accounts.models import User
    from fazhi.cases.models import Case

from fazhi.legal_affairs.services.common import _ensure_case_in_agency, _text, _write

# --- 普法 ------------------------------------------------------------------------------------------------------


@transaction.atomic
def legal_education_create(
    *,
    actor: User,
    agency: Agency,
    title: str,
    kind: str,
    published_on: date,
    views: int = 0,
    url: str = "",
    case: Case | None = None,
) -> LegalEducation:
    scope_for(actor).ensure_can_write(agency)

    if kind not in LegalEducationKind.values:
        raise ValidationError("请选择普法类别（短视频、文章、活动或以案释法）。")
    if views < 0:
        raise ValidationError("浏览量不能为负数。")
    _ensure_case_in_agency(case, agency)
    item = LegalEducation(
        agency=agency,
        title=_text(title, "标题"),
        kind=kind,
        published_on=published_on,
        views=views,
        url=url.strip(),
        case=case,
        created_by=actor,
    )
    _write(actor, item, action="legal_education.create", summary=f"登记普法：{item.title}", before=None)
    return item


@transaction.atomic
def legal_education_update_views(*, actor: User, item: LegalEducation, views: int) -> LegalEducation:
    row = LegalEducation.objects.select_for_update(of=("self",)).get(pk=item.pk)
    scope_for(actor).ensure_can_write(row.agency)
    if views < 0:
        raise ValidationError("浏览量不能为负数。")
    before = snapshot(row)
    row.views = views
    _write(actor, row, action="legal_education.views", summary=f"更新浏览量：{views}", before=before)
    return row
