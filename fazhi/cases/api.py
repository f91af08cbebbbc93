from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from fazhi.accounts.request import request_actor
from fazhi.agencies.selectors import access_agency, access_officer
from fazhi.cases import selectors, services
from fazhi.cases.models import Case

router = Router(tags=["案件"])


class CaseOpenIn(Schema):
    agency_id: int
    source: str
    power_item_code: str
    party_kind: str
    party_name: str
    party_id_number: str = ""
    party_address: str = ""
    party_phone: str = ""
    act_date: date
    act_ended: date | None = None
    discovered_on: date
    grave_harm: bool = False
    location: str = ""
    facts: str = ""


class CaseRegisterIn(Schema):
    handler_ids: list[int]
    lead_handler_id: int | None = None
    on: date


class CaseDeclineIn(Schema):
    reason: str


class CaseOut(Schema):
    id: int
    state: str
    state_label: str
    lead_number: str
    register_number: str
    registered_on: date | None
    agency_id: int
    power_item_code: str
    power_item_name: str
    rule_set_version: str
    party_kind: str
    party_name: str
    act_date: date
    discovered_on: date
    handler_ids: list[int]

    @staticmethod
    def resolve_state_label(obj: Case) -> str:
        return obj.get_state_display()

    @staticmethod
    def resolve_power_item_code(obj: Case) -> str:
        return obj.power_item.code

    @staticmethod
    def resolve_power_item_name(obj: Case) -> str:
        return obj.power_item.name

    @staticmethod
    def resolve_rule_set_version(obj: Case) -> str:
        return obj.power_item.rule_set.version_label

    @staticmethod
    def resolve_party_kind(obj: Case) -> str:
        return obj.party.kind

    @staticmethod
    def resolve_party_name(obj: Case) -> str:
        return obj.party.public_name

    @staticmethod
    def resolve_handler_ids(obj: Case) -> list[int]:
        return sorted(h.officer_id for h in obj.handlers.all())


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
def open_case(request: HttpRequest, payload: CaseOpenIn) -> Status[Case]:
    data = payload.dict()
    agency = access_agency(actor=request_actor(request), agency_id=data.pop("agency_id"))
    case = services.case_open(actor=request_actor(request), agency=agency, **data)
    return Status(201, case)


@router.get("/{case_id}", response=CaseOut, summary="案件详情")
def get_case(request: HttpRequest, case_id: int) -> Case:
    return selectors.access_case(actor=request_actor(request), case_id=case_id)


@router.post("/{case_id}/register", response=CaseOut, summary="立案（负责人批准，指派两名以上承办人）")
def register_case(request: HttpRequest, case_id: int, payload: CaseRegisterIn) -> Case:
    actor = request_actor(request)
    case = selectors.access_case(actor=actor, case_id=case_id)
    handlers = [access_officer(actor=actor, officer_id=i) for i in payload.handler_ids]
    lead = access_officer(actor=actor, officer_id=payload.lead_handler_id) if payload.lead_handler_id else None
    return services.case_register(actor=actor, case=case, handlers=handlers, on=payload.on, lead_handler=lead)


@router.post("/{case_id}/decline", response=CaseOut, summary="不予立案")
def decline_case(request: HttpRequest, case_id: int, payload: CaseDeclineIn) -> Case:
    case = selectors.access_case(actor=request_actor(request), case_id=case_id)
    return services.case_decline(actor=request_actor(request), case=case, reason=payload.reason)
