"""一公开: the public pages of 双随机 (no login) — commitments, revealed seeds, assignments and results, masked.

Everything a third party needs to re-run a draw is here: the JSON of a draw is the input of ``fazhi inspections
verify-draw --file`` and of any re-implementation of docs/inspections.md. Personal data is masked (the targets'
addresses, and any 身份证号, phone or address written in the findings); the snapshot holds ids and levels only.
Responses carry a short public ``Cache-Control`` so that a proxy in front absorbs repeated reads.
"""

from __future__ import annotations

import json

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from fazhi.agencies.models import Officer
from fazhi.core.errors import ApplicationError
from fazhi.inspections import selectors
from fazhi.inspections.draws import draw_published, draw_verify
from fazhi.inspections.models import InspectionTarget
from fazhi.rules import mask_address, mask_text

PUBLIC_MAX_AGE = 60  # seconds: a draw's page changes only at its commitment, its draw and its results


@require_GET
@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
def public_index(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.public_draw_list(), 20).get_page(request.GET.get("page"))
    return render(request, "inspections/public_index.html", {"page": page})


@require_GET
@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
def public_draw(request: HttpRequest, draw_id: int) -> HttpResponse:
    try:
        draw = selectors.public_draw(draw_id=draw_id)
    except ApplicationError as exc:
        return render(request, "core/error.html", {"message": exc.message}, status=exc.status_code)
    officers = dict(Officer.objects.filter(pk__in=draw.officers.values("pk")).values_list("pk", "name"))
    targets = InspectionTarget.objects.in_bulk([int(t) for t in draw.order])
    tasks = {t.target_id: t for t in selectors.public_draw_tasks(draw=draw)}
    rows = []
    for target_id in draw.order:
        target = targets.get(int(target_id))
        task = tasks.get(int(target_id))
        published = task is not None and task.published_at is not None
        rows.append(
            {
                "target": target.name if target else str(target_id),
                "address": mask_address(target.address) if target and target.address else "",
                "inspectors": "、".join(officers.get(i, str(i)) for i in draw.assignment.get(str(target_id), [])),
                "result": task.get_result_display() if published and task else "待检查",
                "inspected_on": task.inspected_on if published and task else None,
                "findings": mask_text(task.findings) if published and task else "",
                "items": list(task.item_results.all()) if published and task else [],
            }
        )
    others = selectors.public_draw_list().filter(plan=draw.plan).exclude(pk=draw.pk)
    return render(
        request,
        "inspections/public_draw.html",
        {"draw": draw, "rows": rows, "check": draw_verify(draw), "others": others},
    )


@require_GET
@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
def public_draw_json(request: HttpRequest, draw_id: int) -> HttpResponse:
    try:
        draw = selectors.public_draw(draw_id=draw_id)
    except ApplicationError as exc:
        return HttpResponse(
            json.dumps({"code": "not_found", "message": exc.message}, ensure_ascii=False),
            status=exc.status_code,
            content_type="application/json; charset=utf-8",
        )
    body = json.dumps(draw_published(draw), ensure_ascii=False, sort_keys=True, indent=1)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="draw-{draw.pk}.json"'
    return response
