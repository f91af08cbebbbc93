"""What every 法制工作 endpoint shares: the router, paging, agency and case lookups, decision and reply inputs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from ninja import Router, Schema

from fazhi.accounts.models import User
from fazhi.agencies.models import Agency
from fazhi.agencies.selectors import access_agency
from fazhi.cases.selectors import access_case
from fazhi.core.codes import CodeOf
from fazhi.legal_affairs.models import ReviewOutcome

router = Router(tags=["法制工作"])


class Page(Schema):
    offset: int = 0
    limit: int = 50
    year: int | None = None


def _page(qs: Any, page: Page) -> list[Any]:
    offset, limit = max(page.offset, 0), min(max(page.limit, 1), 500)
    return list(qs[offset : offset + limit])


def _agency(actor: User, agency_id: int) -> Agency:
    return access_agency(actor=actor, agency_id=agency_id)


def _case(actor: User, case_id: int | None) -> Any:
    if case_id is None:
        return None

    return access_case(actor=actor, case_id=case_id)


class DecideIn(Schema):
    outcome: Annotated[str, CodeOf(ReviewOutcome)]
    on: date
    served_on: date | None = None
    by_ruling: bool = False
    changed_fine: Decimal | None = None
    changed_reasons: str = ""


class ReplyIn(Schema):
    on: date


def _set(data: Schema) -> dict[str, Any]:
    return {k: v for k, v in data.dict(exclude_unset=True).items() if k != "agency_id" and v is not None}
