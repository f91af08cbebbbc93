"""The case API's simple procedure: 当场处罚, 备案, 领用当场处罚决定书."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from fazhi.accounts.request import request_actor
from fazhi.agencies.selectors import access_agency, access_officer
from fazhi.cases import actions, services
from fazhi.cases import schemas as s
from fazhi.cases.api._common import CaseOut, CreatedOut, created, run
from fazhi.cases.models import Case

router = Router(tags=["案件"])


@router.post("/simple", response={201: CaseOut}, summary="简易程序：当场作出处罚决定")
def simple_decide(request: HttpRequest, payload: s.SimpleCaseIn) -> Status[Case]:
    actor = request_actor(request)
    data = payload.dict()
    agency = access_agency(actor=actor, agency_id=data.pop("agency_id"))
    handlers = [access_officer(actor=actor, officer_id=i) for i in data.pop("handler_ids")]
    return Status(201, services.simple_case_decide(actor=actor, agency=agency, handlers=handlers, **data))


@router.post("/{int:case_id}/file", response=CaseOut, summary="简易程序案件备案")
def simple_file(request: HttpRequest, case_id: int) -> Case:
    return run(request, case_id, actions.file, s.NoInput())


@router.post("/form-stocks", response={201: CreatedOut}, summary="领用当场处罚决定书（预定格式、编有号码）")
def form_stock(request: HttpRequest, payload: s.FormStockIn) -> Status[dict[str, int]]:
    actor = request_actor(request)
    data = payload.dict()
    agency = access_agency(actor=actor, agency_id=data.pop("agency_id"))
    return created(services.form_stock_receive(actor=actor, agency=agency, **data))
