"""The case API's intake: 案源登记, 立案/不予立案, 认定, 承办人, 回避, 期限（延长、中止）."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from fazhi.accounts.request import request_actor
from fazhi.agencies.selectors import access_agency
from fazhi.cases import actions, selectors, services
from fazhi.cases import schemas as s
from fazhi.cases.api._common import CaseOut, CreatedOut, created, run
from fazhi.cases.models import Case
from fazhi.core import clock

router = Router(tags=["案件"])


class ExtensionProvisionOut(Schema):
    id: int
    citation: str
    max_days: int
    condition: str
    effective_from: date
    effective_until: date | None


@router.get("/", response=list[CaseOut], summary="案件列表（本人可见范围）")
def list_cases(
    request: HttpRequest,
    state: str | None = None,
    search: str = "",
    offset: int = Query(0, ge=0),
    limit: int = Query(50, ge=1, le=200),
) -> list[Case]:
    qs = selectors.case_list(actor=request_actor(request), state=state, search=search)
    return list(qs.prefetch_related("handlers")[offset : offset + limit])


@router.post("/", response={201: CaseOut}, summary="案源登记")
def open_case(request: HttpRequest, payload: s.CaseOpenIn) -> Status[Case]:
    data = payload.dict()
    agency = access_agency(actor=request_actor(request), agency_id=data.pop("agency_id"))
    case = services.case_open(actor=request_actor(request), agency=agency, **data)
    return Status(201, case)


@router.post("/{int:case_id}/register", response=CaseOut, summary="立案（负责人批准，指派两名以上承办人）")
def register_case(request: HttpRequest, case_id: int, payload: s.CaseRegisterIn) -> Case:
    return run(request, case_id, actions.register, payload)


@router.post("/{int:case_id}/decline", response=CaseOut, summary="不予立案")
def decline_case(request: HttpRequest, case_id: int, payload: s.CaseDeclineIn) -> Case:
    return run(request, case_id, actions.decline, payload)


@router.post("/{int:case_id}/flags", response=CaseOut, summary="认定重大、复杂案件（负责人或法制审核人员）")
def flags(request: HttpRequest, case_id: int, payload: s.FlagsIn) -> Case:
    return run(request, case_id, actions.flags, payload)


@router.post("/{int:case_id}/add-handler", response={201: CreatedOut}, summary="增派承办人（负责人）")
def handler_add(request: HttpRequest, case_id: int, payload: s.OfficerIdIn) -> Status[dict[str, int]]:
    return created(run(request, case_id, actions.add_handler, payload))


@router.post("/{int:case_id}/recusal", response={201: CreatedOut}, summary="申请回避")
def recusal_apply(request: HttpRequest, case_id: int, payload: s.RecusalIn) -> Status[dict[str, int]]:
    return created(run(request, case_id, actions.recusal, payload))


@router.post("/{int:case_id}/recusals/{int:item_id}/decide", response={201: CreatedOut}, summary="回避决定（负责人）")
def recusal_decide(
    request: HttpRequest, case_id: int, item_id: int, payload: s.RecusalDecideIn
) -> Status[dict[str, int]]:
    return created(run(request, case_id, actions.recusal_decide, payload, item_id))


@router.get("/extension-provisions", response=list[ExtensionProvisionOut], summary="现行有效的延长办案期限依据")
def extension_provisions(request: HttpRequest) -> list[Any]:
    request_actor(request)
    return selectors.extension_provisions_in_force(on=clock.today())


@router.post("/{int:case_id}/extend", response={201: CreatedOut}, summary="延长办案期限（负责人）")
def extension(request: HttpRequest, case_id: int, payload: s.ExtensionIn) -> Status[dict[str, int]]:
    return created(run(request, case_id, actions.extend, payload))


@router.post("/{int:case_id}/suspend", response={201: CreatedOut}, summary="登记不计入期限的期间")
def suspension(request: HttpRequest, case_id: int, payload: s.SuspensionIn) -> Status[dict[str, int]]:
    return created(run(request, case_id, actions.suspend, payload))


@router.post("/{int:case_id}/suspensions/{int:item_id}/end", response={201: CreatedOut}, summary="结束该期间")
def suspension_end(
    request: HttpRequest, case_id: int, item_id: int, payload: s.SuspensionEndIn
) -> Status[dict[str, int]]:
    return created(run(request, case_id, actions.resume, payload, item_id))
