"""The field client's pages: the app shell (a PWA working offline), its manifest and service worker, and the page
where an officer or the 内勤 reserves pre-numbered 当场处罚决定书 to a device."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_http_methods

from fazhi.accounts.models import Role
from fazhi.accounts.request import request_actor
from fazhi.agencies.selectors import access_officer, officer_list
from fazhi.cases.models.execution import FormBlock
from fazhi.cases.services.simple import FORM_BLOCK_MAX, form_block_reserve
from fazhi.core.errors import ApplicationError, ValidationError
from fazhi.core.forms import parse_id

# The static files the shell needs offline; the two of the field-records helper are used when installed.
SHELL_STATIC = (
    "field/field.css",
    "field/store.js",
    "field/field.js",
    "field/icons/icon-192.png",
    "field/icons/icon-512.png",
)
OPTIONAL_STATIC = (
    "vendor/exifr-7.1.3.lite.umd.js",
    "vendor/js-sha256-1.0.0.min.js",
    "fazhi/capture.js",
    "fazhi/signature.js",
    "fazhi/field-records.css",
)
CACHE_VERSION = "fazhi-field-v1"


def _static_url(name: str) -> str | None:
    """The URL of a static file, or None when it is not there (a manifest storage raises for a missing file)."""
    if not (finders.find(name) or staticfiles_storage.exists(name)):
        return None
    try:
        return staticfiles_storage.url(name)
    except ValueError:
        return None


def _static_urls() -> dict[str, str]:
    urls = {name: _static_url(name) for name in (*SHELL_STATIC, *OPTIONAL_STATIC)}
    return {name: url for name, url in urls.items() if url}


@login_required
@ensure_csrf_cookie
def shell(request: HttpRequest) -> HttpResponse:
    """现场执法: the app shell. Everything it shows comes from the bundle, cached for offline use."""
    static = _static_urls()
    config = {
        "bundle": reverse("api:field_bundle"),
        "submissions": reverse("api:field_submissions"),
        "blocks": reverse("api:field_form_blocks"),
        "sw": reverse("field:sw"),
        "scope": reverse("field:shell"),
        "case": reverse("cases:case_detail", kwargs={"case_id": 0}).replace("/0/", "/{id}/"),
        "user": request.user.pk,  # the device's store is per user: another officer never sees or sends this queue
    }
    styles = [static[n] for n in OPTIONAL_STATIC if n in static and n.endswith(".css")]
    context = {"static": static, "config_json": json.dumps(config), "scripts": _scripts(static), "styles": styles}
    response = render(request, "field/shell.html", context)
    response["Cache-Control"] = "no-cache"
    return response


def _scripts(static: dict[str, str]) -> list[str]:
    return [static[n] for n in OPTIONAL_STATIC if n in static and n.endswith(".js")]


def manifest(request: HttpRequest) -> HttpResponse:
    static = _static_urls()
    icons = [
        {"src": static[f"field/icons/icon-{size}.png"], "sizes": f"{size}x{size}", "type": "image/png"}
        for size in (192, 512)
        if f"field/icons/icon-{size}.png" in static
    ]
    data = {
        "name": "法治·现场执法",
        "short_name": "现场执法",
        "lang": "zh-CN",
        "start_url": reverse("field:shell"),
        "scope": reverse("field:shell"),
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1f4e79",
        "icons": icons,
    }
    return HttpResponse(json.dumps(data, ensure_ascii=False), content_type="application/manifest+json")


def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, scope /field/: the shell and its static files cached, the bundle network-first."""
    precache = [reverse("field:shell"), reverse("field:manifest"), *_static_urls().values()]
    body = render_to_string(
        "field/sw.js",
        {
            "precache_json": json.dumps(precache),
            "version": CACHE_VERSION,
            "shell": reverse("field:shell"),
            "bundle": reverse("api:field_bundle"),
        },
    )
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = reverse("field:shell")
    response["Cache-Control"] = "no-cache"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def blocks(request: HttpRequest) -> HttpResponse:
    """预留当场处罚决定书: an officer for his device, or the 内勤/负责人 for an officer's device."""
    actor = request_actor(request)
    if request.method == "POST":
        try:
            officer_id = parse_id(request.POST.get("officer"), "执法人员") if request.POST.get("officer") else None
            officer = access_officer(actor=actor, officer_id=officer_id) if officer_id else actor.officer
            if officer is None:
                raise ValidationError("请选择执法人员。")
            raw = (request.POST.get("count") or "").strip()
            count = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 6 else 0
            block = form_block_reserve(
                actor=actor, officer=officer, device_id=request.POST.get("device_id", ""), count=count
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已为{officer.name}的设备预留当场处罚决定书 {block}。")
            return redirect("field:blocks")
    clerk = actor.has_role(Role.CLERK, Role.HEAD, Role.SYSTEM_ADMIN)
    officers = list(officer_list(actor=actor)) if clerk else [o for o in [actor.officer] if o is not None]
    recent = FormBlock.objects.filter(officer__in=officers).select_related("stock", "officer").order_by("-pk")[:50]
    context: dict[str, Any] = {"officers": officers, "blocks": recent, "max": FORM_BLOCK_MAX, "clerk": clerk}
    return render(request, "field/blocks.html", context)
