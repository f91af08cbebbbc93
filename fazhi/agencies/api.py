from __future__ import annotations

from datetime import date
from typing import Annotated

from django.http import HttpRequest
from ninja import Router, Schema, Status

from fazhi.accounts.request import request_actor
from fazhi.agencies import selectors, services
from fazhi.agencies.models import Agency, AgencyKind, Certificate, CertificateStatus, Officer
from fazhi.core.codes import CodeOf

router = Router(tags=["机构与人员"])


class AgencyOut(Schema):
    id: int
    kind: Annotated[str, CodeOf(AgencyKind)]
    kind_label: str
    name: str
    short_name: str
    code: str
    region_code: str
    uscc: str
    parent_id: int | None
    is_active: bool

    @staticmethod
    def resolve_kind_label(obj: Agency) -> str:
        return obj.get_kind_display()


class AgencyIn(Schema):
    kind: Annotated[str, CodeOf(AgencyKind)]
    name: str
    code: str
    region_code: str
    uscc: str = ""
    short_name: str = ""
    parent_id: int | None = None


class CertificateOut(Schema):
    id: int
    number: str
    issuer: str
    valid_from: date
    valid_until: date
    status: Annotated[str, CodeOf(CertificateStatus)]


class OfficerOut(Schema):
    id: int
    name: str
    agency_id: int
    masked_resident_id: str
    masked_phone: str
    has_legal_qualification: bool
    is_active: bool
    certificates: list[CertificateOut]

    @staticmethod
    def resolve_certificates(obj: Officer) -> list[Certificate]:
        return list(obj.certificates.all())


class OfficerIn(Schema):
    agency_id: int
    name: str
    resident_id: str = ""
    phone: str = ""
    gender: Annotated[str, CodeOf(Officer.Gender, blank=True)] = ""
    has_legal_qualification: bool = False


class CertificateIn(Schema):
    number: str
    issuer: str
    valid_from: date
    valid_until: date


class CertificateStatusIn(Schema):
    status: Annotated[str, CodeOf(CertificateStatus)]
    on: date
    reason: str


class EligibilityOut(Schema):
    officer_id: int
    on: date
    may_act: bool
    reason: str | None


@router.get("/", response=list[AgencyOut], summary="机构列表（本人可见范围）")
def list_agencies(request: HttpRequest, kind: str | None = None) -> list[Agency]:
    return list(selectors.agency_list(actor=request_actor(request), kind=kind))


@router.post("/", response={201: AgencyOut}, summary="新建机构")
def create_agency(request: HttpRequest, payload: AgencyIn) -> Status[Agency]:
    parent = (
        selectors.access_agency(actor=request_actor(request), agency_id=payload.parent_id)
        if payload.parent_id
        else None
    )
    agency = services.agency_create(
        actor=request_actor(request),
        kind=payload.kind,
        name=payload.name,
        code=payload.code,
        region_code=payload.region_code,
        uscc=payload.uscc,
        short_name=payload.short_name,
        parent=parent,
    )
    return Status(201, agency)


@router.get("/{agency_id}", response=AgencyOut, summary="机构详情")
def get_agency(request: HttpRequest, agency_id: int) -> Agency:
    return selectors.access_agency(actor=request_actor(request), agency_id=agency_id)


@router.get("/officers/", response=list[OfficerOut], summary="执法人员列表")
def list_officers(request: HttpRequest, agency_id: int | None = None, search: str = "") -> list[Officer]:
    agency = selectors.access_agency(actor=request_actor(request), agency_id=agency_id) if agency_id else None
    return list(selectors.officer_list(actor=request_actor(request), agency=agency, search=search)[:500])


@router.post("/officers/", response={201: OfficerOut}, summary="登记执法人员")
def create_officer(request: HttpRequest, payload: OfficerIn) -> Status[Officer]:
    agency = selectors.access_agency(actor=request_actor(request), agency_id=payload.agency_id)
    officer = services.officer_create(
        actor=request_actor(request),
        agency=agency,
        name=payload.name,
        resident_id=payload.resident_id,
        phone=payload.phone,
        gender=payload.gender,
        has_legal_qualification=payload.has_legal_qualification,
    )
    return Status(201, officer)


@router.post("/officers/{officer_id}/certificates", response={201: CertificateOut}, summary="登记执法证")
def issue_certificate(request: HttpRequest, officer_id: int, payload: CertificateIn) -> Status[Certificate]:
    officer = selectors.access_officer(actor=request_actor(request), officer_id=officer_id)
    certificate = services.certificate_issue(actor=request_actor(request), officer=officer, **payload.dict())
    return Status(201, certificate)


@router.post("/certificates/{certificate_id}/status", response=CertificateOut, summary="变更执法证状态（暂扣、吊销）")
def change_certificate_status(request: HttpRequest, certificate_id: int, payload: CertificateStatusIn) -> Certificate:
    certificate = selectors.access_certificate(actor=request_actor(request), certificate_id=certificate_id)
    return services.certificate_change_status(actor=request_actor(request), certificate=certificate, **payload.dict())


@router.get("/officers/{officer_id}/eligibility", response=EligibilityOut, summary="某日能否执法（执法证是否有效）")
def officer_eligibility(request: HttpRequest, officer_id: int, on: date) -> dict[str, object]:
    officer = selectors.access_officer(actor=request_actor(request), officer_id=officer_id)
    reason = selectors.officer_certificate_problem(officer=officer, on=on)
    return {"officer_id": officer.pk, "on": on, "may_act": reason is None, "reason": reason}
