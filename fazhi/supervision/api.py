"""API of supervision: the board and the open alerts, scoped like the page."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router, Schema

from fazhi.accounts.request import request_actor
from fazhi.core.codes import CodeOf
from fazhi.supervision import selectors
from fazhi.supervision.models import Severity

router = Router(tags=["执法监督"])


class AlertOut(Schema):
    id: int
    rule_id: str
    severity: Annotated[str, CodeOf(Severity)]
    article: str
    record_type: str
    object_id: int
    record_label: str
    agency_id: int
    case_id: int | None
    explanation: str


@router.get("/board")
def board(request: HttpRequest) -> dict[str, Any]:
    return selectors.alert_board(actor=request_actor(request))


@router.get("/alerts", response=list[AlertOut])
def alerts(request: HttpRequest, rule: str = "", agency: int | None = None) -> Any:
    return list(selectors.alert_list(actor=request_actor(request), rule_id=rule, agency_id=agency)[:500])
