"""Reads of agencies and officers, always through the actor's scope."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet

from fazhi.agencies.models import Agency, AgencyKind, Certificate, Officer
from fazhi.agencies.scope import scope_for
from fazhi.core.errors import NotFoundOrForbidden

if TYPE_CHECKING:
    from fazhi.accounts.models import User


def bureau_of(agency: Agency, *, agencies: Mapping[int, Agency] | None = None) -> Agency | None:
    """The bureau whose power list ``agency`` works under: itself or the nearest bureau above it; None above none.

    ``agencies`` (every agency by pk), when given, resolves the parents without a query (the import checks each row).
    """
    node: Agency | None = agency
    while node is not None:
        if node.kind == AgencyKind.BUREAU:
            return node
        if node.parent_id is None:
            return None
        node = agencies.get(node.parent_id) if agencies is not None else node.parent
    return None


def agency_list(*, actor: User, kind: str | None = None, include_inactive: bool = False) -> QuerySet[Agency]:
    qs = scope_for(actor).filter(Agency.objects.select_related("parent"), field="")
    if kind:
        qs = qs.filter(kind=kind)
    if not include_inactive:
        qs = qs.filter(is_active=True)
    return qs.order_by("path")


def access_agency(*, actor: User, agency_id: int) -> Agency:
    agency = Agency.objects.select_related("parent").filter(pk=agency_id).first()
    if agency is None or not scope_for(actor).sees(agency):
        raise NotFoundOrForbidden("机构")
    return agency


def agency_subtree(*, agency: Agency) -> QuerySet[Agency]:
    return Agency.objects.filter(path__startswith=agency.path).order_by("path")


def officer_list(
    *, actor: User, agency: Agency | None = None, search: str = "", include_subordinates: bool = True
) -> QuerySet[Officer]:
    qs = scope_for(actor).filter(Officer.objects.select_related("agency"))
    if agency is not None:
        qs = qs.filter(agency__path__startswith=agency.path) if include_subordinates else qs.filter(agency=agency)
    if search:
        qs = qs.filter(name__contains=search)
    return qs.prefetch_related(
        Prefetch("certificates", queryset=Certificate.objects.order_by("-valid_until"))
    ).order_by("agency__path", "name")


def access_officer(*, actor: User, officer_id: int) -> Officer:
    officer = Officer.objects.select_related("agency").filter(pk=officer_id).first()
    if officer is None or not scope_for(actor).sees(officer.agency):
        raise NotFoundOrForbidden("执法人员")
    return officer


def access_certificate(*, actor: User, certificate_id: int) -> Certificate:
    certificate = Certificate.objects.select_related("officer__agency").filter(pk=certificate_id).first()
    if certificate is None or not scope_for(actor).sees(certificate.officer.agency):
        raise NotFoundOrForbidden("执法证")
    return certificate


def officers_without_valid_certificate(*, officers: QuerySet[Officer], on: date) -> list[Officer]:
    """The active officers among ``officers`` who may not act on ``on`` (same test as every case action)."""
    return [o for o in officers.prefetch_related("certificates") if officer_certificate_problem(officer=o, on=on)]


def officer_certificate_problem(*, officer: Officer, on: date) -> str | None:
    """Why ``officer`` may not act on ``on`` (None if he may): he needs one certificate valid that day."""
    if not officer.is_active:
        return f"执法人员{officer.name}已不在岗"
    certificates = list(officer.certificates.all())
    if not certificates:
        return f"执法人员{officer.name}未取得行政执法证"
    problems = []
    for certificate in certificates:
        problem = certificate.problem_on(on)
        if problem is None:
            return None
        problems.append(problem)
    return f"执法人员{officer.name}的" + "；".join(problems)


def officer_valid_certificate(*, officer: Officer, on: date) -> Certificate | None:
    for certificate in officer.certificates.all():
        if certificate.problem_on(on) is None:
            return certificate
    return None
