"""渣土准运 API: companies, vehicles, 准运证 (issue, revoke), checks, and the case a check leads to."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from fazhi.accounts.request import request_actor
from fazhi.agencies.selectors import access_agency, access_officer
from fazhi.cases.selectors import access_case
from fazhi.core import clock
from fazhi.waste import selectors, services
from fazhi.waste.models import CheckCase, TransportCompany, TransportPermit, Vehicle, WasteCheck

router = Router(tags=["渣土准运"])


class CompanyOut(Schema):
    id: int
    agency_id: int
    name: str = Field(description="企业名称")
    uscc: str = Field(description="统一社会信用代码")
    address: str = Field(description="住所")


class CompanyIn(Schema):
    agency_id: int = Field(description="登记机构")
    name: str = Field(description="企业名称")
    uscc: str = Field(description="统一社会信用代码（GB 32100-2015，校验位核对）")
    address: str = Field("", description="住所")


class VehicleOut(Schema):
    id: int
    company_id: int
    plate_number: str = Field(description="号牌号码（规范化后）")
    note: str = Field(description="车辆说明")


class VehicleIn(Schema):
    company_id: int = Field(description="所属企业")
    plate_number: str = Field(description="号牌号码，如 湘B12345")
    note: str = Field("", description="车辆说明")


class PermitOut(Schema):
    id: int
    agency_id: int
    number: str = Field(description="准运证编号")
    company_id: int
    vehicle_ids: list[int] = Field(description="准运车辆")
    route: str = Field(description="运输路线")
    site: str = Field(description="工地及消纳场所")
    valid_from: date = Field(description="有效期起")
    valid_until: date = Field(description="有效期止")
    revoked_on: date | None = Field(description="撤销日期")
    revoke_reason: str = Field(description="撤销理由")
    state: str = Field(description="今日状态：not_yet 未生效、valid 有效、expired 已过期、revoked 已撤销")

    @staticmethod
    def resolve_vehicle_ids(obj: TransportPermit) -> list[int]:
        return sorted(v.pk for v in obj.vehicles.all())

    @staticmethod
    def resolve_state(obj: TransportPermit) -> str:
        return obj.state_on(clock.today()).value


class PermitIn(Schema):
    agency_id: int = Field(description="核发机构")
    company_id: int = Field(description="运输企业")
    number: str = Field(description="准运证编号")
    vehicle_ids: list[int] = Field(description="准运车辆（须属于该企业）")
    route: str = Field(description="运输路线")
    site: str = Field(description="工地及消纳场所")
    valid_from: date = Field(description="有效期起")
    valid_until: date = Field(description="有效期止（不早于有效期起）")


class RevokeIn(Schema):
    revoked_on: date = Field(description="撤销日期（当日起失效）")
    reason: str = Field(description="撤销理由")


class CheckOut(Schema):
    id: int
    agency_id: int
    checked_on: date = Field(description="检查日期")
    place: str = Field(description="检查地点")
    plate_number: str = Field(description="号牌号码")
    vehicle_id: int | None = Field(description="登记车辆（未登记的为空）")
    permit_id: int | None = Field(description="所持或最近失效的准运证")
    result: str = Field(description="检查结果：permitted、no_permit、expired、violation")
    result_label: str = Field(description="检查结果（中文）")
    violation: str = Field(description="违规情况")
    officer_id: int = Field(description="检查人员")
    case_ids: list[int] = Field(description="由本次检查立案的案件")

    @staticmethod
    def resolve_result_label(obj: WasteCheck) -> str:
        return obj.get_result_display()

    @staticmethod
    def resolve_case_ids(obj: WasteCheck) -> list[int]:
        return [link.case_id for link in obj.case_links.all()]


class CheckIn(Schema):
    agency_id: int = Field(description="检查机构")
    checked_on: date = Field(description="检查日期")
    place: str = Field(description="检查地点")
    plate_number: str = Field(description="号牌号码")
    officer_id: int = Field(description="检查人员")
    violation: str = Field("", description="违规情况（抛洒滴漏、未密闭、偏离路线等）")
    result: str = Field("", description="检查结果（可不填，由系统按准运证计算；填写的与准运证不符的，拒绝登记）")


class CaseOpenIn(Schema):
    power_item_code: str = Field(description="权责清单事项编码")
    party_kind: str = Field("", description="当事人类型（person 个人、organization 单位），默认车辆所属企业")
    party_name: str = Field("", description="当事人名称，默认车辆所属企业")
    party_id_number: str = Field("", description="身份证号或统一社会信用代码")
    facts: str = Field("", description="违法事实（默认取检查情况）")


class CaseLinkIn(Schema):
    case_id: int = Field(description="已登记的案件")


class CheckCaseOut(Schema):
    check_id: int = Field(description="检查记录")
    case_id: int = Field(description="案件")
    lead_number: str = Field(description="案源编号")

    @staticmethod
    def resolve_check_id(obj: CheckCase) -> int:
        return obj.check_record_id

    @staticmethod
    def resolve_lead_number(obj: CheckCase) -> str:
        return obj.case.lead_number


class Page(Schema):
    offset: int = 0
    limit: int = 50


def _page(qs: QuerySet[Any], query: Page) -> list[Any]:
    offset, limit = max(query.offset, 0), min(max(query.limit, 1), 500)
    return list(qs[offset : offset + limit])


@router.get("/companies", response=list[CompanyOut], summary="运输企业列表")
def company_list(request: HttpRequest, query: Query[Page], q: str = "") -> list[TransportCompany]:
    return _page(selectors.company_list(actor=request_actor(request), search=q.strip()[:60]), query)


@router.post("/companies", response={201: CompanyOut}, summary="登记运输企业")
def company_create(request: HttpRequest, payload: CompanyIn) -> Status[TransportCompany]:
    actor = request_actor(request)
    agency = access_agency(actor=actor, agency_id=payload.agency_id)
    company = services.company_create(
        actor=actor, agency=agency, name=payload.name, uscc=payload.uscc, address=payload.address
    )
    return Status(201, company)


@router.get("/vehicles", response=list[VehicleOut], summary="运输车辆列表")
def vehicle_list(request: HttpRequest, query: Query[Page], company_id: int = 0, q: str = "") -> list[Vehicle]:
    qs = selectors.vehicle_list(actor=request_actor(request), company_id=company_id or None, search=q.strip()[:12])
    return _page(qs, query)


@router.post("/vehicles", response={201: VehicleOut}, summary="登记运输车辆")
def vehicle_create(request: HttpRequest, payload: VehicleIn) -> Status[Vehicle]:
    actor = request_actor(request)
    company = selectors.access_company(actor=actor, company_id=payload.company_id)
    return Status(
        201, services.vehicle_create(actor=actor, company=company, plate_number=payload.plate_number, note=payload.note)
    )


@router.get("/permits", response=list[PermitOut], summary="准运证列表")
def permit_list(request: HttpRequest, query: Query[Page], company_id: int = 0) -> list[TransportPermit]:
    return _page(selectors.permit_list(actor=request_actor(request), company_id=company_id or None), query)


@router.post("/permits", response={201: PermitOut}, summary="核发准运证")
def permit_issue(request: HttpRequest, payload: PermitIn) -> Status[TransportPermit]:
    actor = request_actor(request)
    agency = access_agency(actor=actor, agency_id=payload.agency_id)
    company = selectors.access_company(actor=actor, company_id=payload.company_id)
    vehicles = [selectors.access_vehicle(actor=actor, vehicle_id=pk) for pk in dict.fromkeys(payload.vehicle_ids)]
    permit = services.permit_issue(
        actor=actor,
        agency=agency,
        company=company,
        number=payload.number,
        vehicles=vehicles,
        route=payload.route,
        site=payload.site,
        valid_from=payload.valid_from,
        valid_until=payload.valid_until,
    )
    return Status(201, permit)


@router.get("/permits/{permit_id}", response=PermitOut, summary="准运证详情")
def permit_get(request: HttpRequest, permit_id: int) -> TransportPermit:
    return selectors.access_permit(actor=request_actor(request), permit_id=permit_id)


@router.post("/permits/{permit_id}/revoke", response=PermitOut, summary="撤销准运证")
def permit_revoke(request: HttpRequest, permit_id: int, payload: RevokeIn) -> TransportPermit:
    actor = request_actor(request)
    permit = selectors.access_permit(actor=actor, permit_id=permit_id)
    return services.permit_revoke(actor=actor, permit=permit, revoked_on=payload.revoked_on, reason=payload.reason)


@router.get("/checks", response=list[CheckOut], summary="渣土车辆检查列表")
def check_list(request: HttpRequest, query: Query[Page], result: str = "") -> list[WasteCheck]:
    qs = selectors.check_list(actor=request_actor(request), result=result).prefetch_related("case_links")
    return _page(qs, query)


@router.post("/checks", response={201: CheckOut}, summary="登记渣土车辆检查（结果按准运证计算）")
def check_create(request: HttpRequest, payload: CheckIn) -> Status[WasteCheck]:
    actor = request_actor(request)
    agency = access_agency(actor=actor, agency_id=payload.agency_id)
    officer = access_officer(actor=actor, officer_id=payload.officer_id)
    check = services.check_record(
        actor=actor,
        agency=agency,
        checked_on=payload.checked_on,
        place=payload.place,
        plate_number=payload.plate_number,
        officer=officer,
        violation=payload.violation,
        result=payload.result,
    )
    return Status(201, check)


@router.get("/checks/{check_id}", response=CheckOut, summary="检查详情")
def check_get(request: HttpRequest, check_id: int) -> WasteCheck:
    return selectors.access_check(actor=request_actor(request), check_id=check_id)


@router.post("/checks/{check_id}/case", response={201: CheckCaseOut}, summary="由检查立案（案源登记并关联）")
def check_case_open(request: HttpRequest, check_id: int, payload: CaseOpenIn) -> Status[CheckCase]:
    actor = request_actor(request)
    check = selectors.access_check(actor=actor, check_id=check_id)
    link = services.check_case_open(actor=actor, check=check, **payload.dict())
    return Status(201, link)


@router.post("/checks/{check_id}/link", response={201: CheckCaseOut}, summary="关联已登记的案件")
def check_case_link(request: HttpRequest, check_id: int, payload: CaseLinkIn) -> Status[CheckCase]:
    actor = request_actor(request)
    check = selectors.access_check(actor=actor, check_id=check_id)
    case = access_case(actor=actor, case_id=payload.case_id)
    return Status(201, services.check_case_link(actor=actor, check=check, case=case))
