"""Reads of 渣土准运, always through the actor's scope; ``access_*`` answers "not found" as for a missing row."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet

from fazhi.agencies.scope import scope_for
from fazhi.core.errors import NotFoundOrForbidden
from fazhi.waste.models import CheckCase, TransportCompany, TransportPermit, Vehicle, WasteCheck

if TYPE_CHECKING:
    from fazhi.accounts.models import User


def company_list(*, actor: User, search: str = "") -> QuerySet[TransportCompany]:
    qs = scope_for(actor).filter(TransportCompany.objects.select_related("agency"))
    if search:
        qs = qs.filter(Q(name__contains=search) | Q(uscc__contains=search.upper()))
    return qs.annotate(vehicle_count=Count("vehicles", distinct=True)).order_by("name", "pk")


def access_company(*, actor: User, company_id: int) -> TransportCompany:
    company = scope_for(actor).filter(TransportCompany.objects.select_related("agency")).filter(pk=company_id).first()
    if company is None:
        raise NotFoundOrForbidden("运输企业")
    return company


def vehicle_list(*, actor: User, company_id: int | None = None, search: str = "") -> QuerySet[Vehicle]:
    qs = scope_for(actor).filter(Vehicle.objects.select_related("company", "company__agency"), "company__agency")
    if company_id:
        qs = qs.filter(company_id=company_id)
    if search:
        qs = qs.filter(plate_number__contains=search.upper())
    return qs.order_by("plate_number")


def access_vehicle(*, actor: User, vehicle_id: int) -> Vehicle:
    vehicle = vehicle_list(actor=actor).filter(pk=vehicle_id).first()
    if vehicle is None:
        raise NotFoundOrForbidden("运输车辆")
    return vehicle


def permit_list(*, actor: User, company_id: int | None = None) -> QuerySet[TransportPermit]:
    qs = scope_for(actor).filter(TransportPermit.objects.select_related("agency", "company"))
    if company_id:
        qs = qs.filter(company_id=company_id)
    return qs.prefetch_related("vehicles").order_by("-valid_from", "-pk")


def access_permit(*, actor: User, permit_id: int) -> TransportPermit:
    permit = permit_list(actor=actor).filter(pk=permit_id).first()
    if permit is None:
        raise NotFoundOrForbidden("准运证")
    return permit


def check_list(*, actor: User, result: str = "") -> QuerySet[WasteCheck]:
    qs = scope_for(actor).filter(WasteCheck.objects.select_related("agency", "vehicle__company", "permit", "officer"))
    if result:
        qs = qs.filter(result=result)
    return qs.order_by("-checked_on", "-pk")


def access_check(*, actor: User, check_id: int) -> WasteCheck:
    check = check_list(actor=actor).filter(pk=check_id).first()
    if check is None:
        raise NotFoundOrForbidden("检查记录")
    return check


def check_cases(*, actor: User, check: WasteCheck) -> QuerySet[CheckCase]:
    """The cases opened on the check, those the actor's scope sees."""
    return (
        CheckCase.objects.filter(check_record=check)
        .filter(scope_for(actor).agency_q("case__agency"))
        .select_related("case")
    )
