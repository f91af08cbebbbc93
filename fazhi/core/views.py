from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from fazhi.accounts.request import request_actor
from fazhi.agencies.scope import scope_for
from fazhi.core import clock


@login_required
def home(request: HttpRequest) -> HttpResponse:
    from fazhi.agencies.models import Agency, Officer
    from fazhi.agencies.selectors import officer_valid_certificate, officers_without_valid_certificate
    from fazhi.powers.selectors import bureau_of, rule_set_in_force

    actor = request_actor(request)
    scope = scope_for(actor)
    today = clock.today()
    officers = scope.filter(Officer.objects.filter(is_active=True))
    soon = today + timedelta(days=30)
    expiring = 0
    for officer in officers.prefetch_related("certificates"):
        certificate = officer_valid_certificate(officer=officer, on=today)
        if certificate is not None and officer_valid_certificate(officer=officer, on=soon) is None:
            expiring += 1
    bureau = bureau_of(actor.agency) if actor.agency else None
    rule_set = rule_set_in_force(owner=bureau, on=today) if bureau else None
    stats = {
        "agencies": scope.filter(Agency.objects.filter(is_active=True), field="").count(),
        "officers": officers.count(),
        "expiring": expiring,
        "invalid": len(officers_without_valid_certificate(officers=officers, on=today)),
        "power_items": rule_set.items.count() if rule_set else None,
        "rule_set": rule_set,
    }
    if scope.sees_all:
        scope_label = "全部机构" + ("（只读）" if scope.read_only else "")
    else:
        scope_label = f"{actor.agency}及下级机构"
    return render(request, "core/home.html", {"stats": stats, "scope_label": scope_label})


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})
