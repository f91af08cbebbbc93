"""对接系统密钥 (/publishing/partners/, 系统管理员 only): the keys of the systems that reach fazhi through its partner
APIs (Open311 clients, 12345/数字城管 work orders, 非现场执法 cameras). List, issue (the key is shown once, on the
answer to the POST, and never stored), revoke with a reason. Thin views over ``fazhi.accounts.services``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from fazhi.accounts import selectors
from fazhi.accounts.models import PartnerPurpose
from fazhi.accounts.request import request_actor
from fazhi.accounts.services import partner_key_issue, partner_key_revoke
from fazhi.agencies.models import Agency, AgencyKind
from fazhi.core.errors import ApplicationError, NotFoundOrForbidden, ValidationError
from fazhi.core.forms import parse_id

SHOWN = 500


def _agencies() -> list[Agency]:
    return list(Agency.objects.filter(is_active=True).exclude(kind=AgencyKind.JUSTICE_BUREAU).order_by("path"))


def _page(request: HttpRequest, *, status: int = 200, **extra: Any) -> HttpResponse:
    actor = request_actor(request)
    context = {
        "partners": list(selectors.partner_key_list(actor=actor)[:SHOWN]),
        "agencies": _agencies(),
        "purposes": PartnerPurpose.choices,
        "form": {},
        **extra,
    }
    return render(request, "portal/partner_keys.html", context, status=status)


@login_required
@require_GET
def partner_list(request: HttpRequest) -> HttpResponse:
    return _page(request)


@never_cache
@login_required
@require_POST
def partner_issue(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    selectors.partner_key_list(actor=actor)  # an administrator's page: others are refused before any input is read
    form = {k: request.POST.get(k, "")[:200] for k in ("name", "purpose", "agency")}
    try:
        agency = next((a for a in _agencies() if str(a.pk) == form["agency"].strip()), None)
        if agency is None:
            raise ValidationError("请选择受理机构。")
        partner, key = partner_key_issue(actor=actor, agency=agency, name=form["name"], purpose=form["purpose"])
    except ApplicationError as exc:
        return _page(request, status=exc.status_code, error=exc.message, form=form)
    return _page(request, issued=partner, key=key)


@login_required
@require_POST
def partner_revoke(request: HttpRequest, partner_id: str) -> HttpResponse:
    actor = request_actor(request)
    selectors.partner_key_list(actor=actor)  # others are refused (403) whatever the id
    try:
        pk = parse_id(partner_id, "密钥编号")
    except ApplicationError as exc:  # a non-number is the same "not found" as a missing key
        raise NotFoundOrForbidden("对接系统密钥") from exc
    partner = selectors.access_partner_key(actor=actor, partner_id=pk)
    try:
        partner_key_revoke(actor=actor, partner=partner, reason=request.POST.get("reason", "")[:500])
    except ApplicationError as exc:
        return _page(request, status=exc.status_code, error=exc.message)
    messages.success(request, f"密钥 {partner.prefix}…（{partner.name}）已吊销，立即失效。")
    return redirect("portal_staff:partners")
