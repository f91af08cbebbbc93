"""Open311 GeoReport v2 at /open311/v2/: the complaint categories as services, and the public's requests.

The specification (https://wiki.open311.org/GeoReport_v2) fixes the resources, their fields and the error format;
this module follows it and adds nothing a client would have to know. Every resource answers in JSON or XML by its
extension (``services.json``, ``services.xml``), UTF-8, datetimes in W3C form with their offset (+08:00).

- ``GET services``: the active ``ComplaintCategory`` rows; ``service_code`` is ``<kind>-<小类代码>`` (``event-0102``),
  ``group`` the 大类, ``type`` realtime (a request is a complaint at once), ``metadata`` false (no attributes).
- ``GET services/{service_code}``: the service definition, with an empty ``attributes`` list.
- ``POST requests`` (form-encoded, ``api_key`` of a ``PartnerKey`` of purpose open311): the complaint is received in
  the key's agency through ``fazhi.complaints.public`` (source 网上), and the answer carries its
  ``service_request_id``, its ``token`` and, in ``service_notice``, the receipt code the complainant follows it by.
- ``GET requests`` (no key, as the specification allows): the requests the public submitted (portal or Open311),
  filtered by ``service_request_id`` (a comma list; the other filters are then ignored), ``service_code``,
  ``start_date``/``end_date`` (on ``requested_datetime``, at most 90 days apart; by default the last 90 days) and
  ``status`` (open, closed); newest first, at most 1000. No contact data; description and address masked.
- ``GET requests/{id}``, ``GET tokens/{token}``.

Errors are ``[{"code": 400, "description": "…"}]`` (XML ``<errors><error>``) with the same HTTP status: 400 for a bad
or missing ``service_code``, location or filter, 403 for a missing, unknown or revoked ``api_key``, 404 for an
unknown request, token or service, 429 beyond the rate.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from functools import wraps
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited

from fazhi.accounts.models import PartnerPurpose
from fazhi.accounts.services import partner_key_check
from fazhi.complaints.models import ComplaintCategory, ComplaintStatus, PublicChannel, PublicReceipt
from fazhi.complaints.public import (
    partner_actor,
    public_categories,
    public_category,
    public_complaint_submit,
    public_receipts,
    public_status_notes,
    service_code,
)
from fazhi.core import clock
from fazhi.core.errors import ApplicationError
from fazhi.core.middleware import client_ip
from fazhi.rules.masking import mask_text

FORMATS = ("json", "xml")
MAX_REQUESTS = 1000  # GeoReport v2: "the maximum number of requests returned … 1000"
WINDOW_DAYS = 90  # GeoReport v2: the default range, and the longest a start_date–end_date range may span
MAX_IDS = 1000
GENERATED_PLACES = ("经纬度 ", "地址编号 ")  # the complaint's 地点 made from lat/long or address_id, not an address

Row = dict[str, Any]


class Open311Error(ApplicationError):
    """A request the specification answers with an error of its own code (400, 404, 405)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status_code = status


# --- rendering --------------------------------------------------------------------------------------------------


def _xml_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _xml(root: str, item: str, rows: Iterable[Row]) -> bytes:
    top = ET.Element(root)
    for row in rows:
        element = ET.SubElement(top, item)
        for key, value in row.items():
            child = ET.SubElement(element, key)
            if isinstance(value, list):
                for entry in value:
                    sub = ET.SubElement(child, "attribute")
                    for k, v in entry.items():
                        ET.SubElement(sub, k).text = _xml_text(v)
            else:
                child.text = _xml_text(value)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(top, encoding="utf-8", xml_declaration=False)


def _render(fmt: str, data: Any, *, root: str, item: str, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        rows = data if isinstance(data, list) else [data]
        if root == "service_definition":  # one element, not a list
            top = ET.Element(root)
            ET.SubElement(top, "service_code").text = str(data["service_code"])
            ET.SubElement(top, "attributes")
            body = b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(top, encoding="utf-8")
        else:
            body = _xml(root, item, rows)
        return HttpResponse(body, status=status, content_type="text/xml; charset=utf-8")
    import json  # noqa: PLC0415 — only the JSON branch needs it

    return HttpResponse(
        json.dumps(data, ensure_ascii=False), status=status, content_type="application/json; charset=utf-8"
    )


def _error(fmt: str, status: int, message: str) -> HttpResponse:
    """The specification's error list; a message of several problems (joined by ；) is one error each."""
    parts = [p.strip().rstrip("。") for p in message.split("；") if p.strip()] or [message]
    rows = [{"code": status, "description": p if p.endswith("。") else p + "。"} for p in parts]
    return _render(fmt if fmt in FORMATS else "json", rows, root="errors", item="error", status=status)


View = Callable[..., HttpResponse]


def open311_view(*methods: str) -> Callable[[View], View]:
    """Rate-limited per client address like the portal; the format from the path; every refusal (an
    ``ApplicationError``, e.g. ``PartnerKeyRefused`` 403) in the specification's error format."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, fmt: str = "json", **kwargs: Any) -> HttpResponse:
            if fmt not in FORMATS:
                return _error("json", 404, f"不支持的格式“{fmt[:20]}”，请使用 .json 或 .xml。")
            if request.method not in methods:
                return _error(fmt, 405, f"此资源只接受 {'、'.join(methods)} 请求。")
            if is_ratelimited(
                request,
                group="open311",
                key=lambda group, r: client_ip(r),
                rate=settings.FAZHI_PORTAL_RATE,
                method=ALL,
                increment=True,
            ):
                return _error(fmt, 429, "访问过于频繁，请稍后再试。")
            try:
                return view(request, *args, fmt=fmt, **kwargs)
            except ApplicationError as exc:
                return _error(fmt, exc.status_code, exc.message)

        return csrf_exempt(wrapper)

    return decorate


# --- the representation -----------------------------------------------------------------------------------------


def _when(value: datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value is not None else None


def _service(category: ComplaintCategory) -> Row:
    return {
        "service_code": service_code(category),
        "service_name": category.name,
        "description": f"{category.get_kind_display()}{category.code} {category.name}（{category.major_name}），"
        f"处置时限{category.limit_label}",
        "metadata": False,
        "type": "realtime",
        "keywords": ",".join([category.get_kind_display(), category.major_name, category.name]),
        "group": category.major_name,
    }


def _request_row(receipt: PublicReceipt) -> Row:
    c = receipt.complaint
    latest = c.steps.order_by("-at", "-pk").values_list("at", flat=True).first()
    category = c.category_item
    return {
        "service_request_id": str(c.pk),
        "status": "closed" if c.status == ComplaintStatus.CLOSED else "open",
        "status_notes": public_status_notes(c),
        "service_name": category.name if category else c.category,
        "service_code": service_code(category) if category else None,
        "description": mask_text(c.content),
        "agency_responsible": (c.assigned_to or c.agency).name,
        "service_notice": None,
        "requested_datetime": _when(c.received_at),
        "updated_datetime": _when(latest or c.updated_at),
        "expected_datetime": _when(c.current_due_at),
        "address": None if c.location.startswith(GENERATED_PLACES) else mask_text(c.location),
        "address_id": receipt.address_id or None,
        "zipcode": None,
        "lat": float(receipt.latitude) if receipt.latitude is not None else None,
        "long": float(receipt.longitude) if receipt.longitude is not None else None,
        "media_url": receipt.media_url or None,
    }


# --- services ---------------------------------------------------------------------------------------------------


@open311_view("GET")
def services(request: HttpRequest, *, fmt: str) -> HttpResponse:
    rows = [_service(c) for c in public_categories()]
    return _render(fmt, rows, root="services", item="service")


@open311_view("GET")
def service_definition(request: HttpRequest, code: str, *, fmt: str) -> HttpResponse:
    try:
        category = public_category(code)
    except ApplicationError as exc:
        raise Open311Error(404, f"没有service_code为“{code[:40]}”的服务。") from exc
    return _render(fmt, {"service_code": service_code(category), "attributes": []}, root="service_definition", item="")


# --- requests ---------------------------------------------------------------------------------------------------


def _post_fields(request: HttpRequest) -> dict[str, str]:
    p = request.POST
    first, last = p.get("first_name", "").strip(), p.get("last_name", "").strip()
    return {
        "description": p.get("description", ""),
        "address": p.get("address_string", ""),
        "address_id": p.get("address_id", ""),
        "latitude": p.get("lat", ""),
        "longitude": p.get("long", ""),
        # 姓 then 名 without a space for a Chinese name; "first last" for a Latin one.
        "contact_name": " ".join(x for x in (first, last) if x) if (first + last).isascii() else last + first,
        "contact_phone": p.get("phone", ""),
        "contact_email": p.get("email", ""),
        "media_url": p.get("media_url", ""),
        "device_id": p.get("device_id", ""),
        "account_id": p.get("account_id", ""),
    }


def _post(request: HttpRequest, fmt: str) -> HttpResponse:
    partner = partner_key_check(request.POST.get("api_key", ""), PartnerPurpose.OPEN311)
    code = request.POST.get("service_code", "").strip()
    if not code:
        raise Open311Error(400, "缺少service_code（服务类别代码）。")
    try:
        category = public_category(code)
    except ApplicationError as exc:
        raise Open311Error(400, f"service_code“{code[:40]}”无效：请先查询 services 列表。") from exc
    fields = _post_fields(request)
    place = ("address", "address_id", "latitude", "longitude")
    if not any(fields[name].strip() for name in place):
        raise Open311Error(400, "缺少位置：须提供 lat 和 long，或 address_string，或 address_id。")
    if not fields["description"].strip():
        fields["description"] = f"{category.name}（对接系统未填写描述）"
    try:
        receipt, receipt_code = public_complaint_submit(
            actor=partner_actor(partner),
            agency=partner.agency,
            channel=PublicChannel.OPEN311,
            category=category,
            fields=fields,
            partner=partner,
        )
    except ApplicationError as exc:
        raise Open311Error(400, exc.message) from exc
    row = {
        "service_request_id": str(receipt.complaint_id),
        "token": receipt.token,
        "service_notice": f"已受理，工单编号{receipt.complaint.number}；回执码{receipt_code}"
        "（请转告诉求人凭此码在门户网站查询办理进度、评价结果）。",
        "account_id": receipt.account_id or None,
    }
    return _render(fmt, [row], root="service_requests", item="request")


def _parse_when(value: str, name: str) -> datetime:
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00")) if len(text) <= 40 else None
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise Open311Error(400, f"{name}应为带时区的 W3C 日期时间（如 2025-11-03T08:00:00+08:00）。")
    return parsed


def _filtered(request: HttpRequest) -> QuerySet[PublicReceipt]:
    g = request.GET
    qs = public_receipts()
    ids = g.get("service_request_id", "").strip()
    if ids:  # the specification: the other parameters are then ignored
        wanted = [i.strip() for i in ids.split(",")[:MAX_IDS]]
        return qs.filter(complaint_id__in=[int(i) for i in wanted if i.isascii() and i.isdigit() and len(i) < 12])
    codes = [c.strip() for c in g.get("service_code", "").split(",") if c.strip()]
    if codes:
        q = Q(pk__in=[])
        for code in codes[:50]:
            kind, _, small = code.partition("-")
            q |= Q(complaint__category_item__kind=kind, complaint__category_item__code=small)
        qs = qs.filter(q)
    start_text, end_text = g.get("start_date", ""), g.get("end_date", "")
    start = _parse_when(start_text, "start_date") if start_text.strip() else None
    end = _parse_when(end_text, "end_date") if end_text.strip() else None
    if start is not None and end is not None and end < start:
        raise Open311Error(400, "end_date 不能早于 start_date。")
    if start is not None and end is not None and end - start > timedelta(days=WINDOW_DAYS):
        raise Open311Error(400, f"start_date 与 end_date 相隔不能超过{WINDOW_DAYS}天。")
    if start is None and end is None:
        end = clock.now()
    if start is None:
        assert end is not None
        start = end - timedelta(days=WINDOW_DAYS)
    qs = qs.filter(submitted_at__gte=start)
    if end is not None:
        qs = qs.filter(submitted_at__lte=end)
    statuses = [s.strip() for s in g.get("status", "").split(",") if s.strip()]
    if any(s not in ("open", "closed") for s in statuses):
        raise Open311Error(400, "status 只能是 open 或 closed。")
    if statuses == ["open"]:
        qs = qs.exclude(complaint__status=ComplaintStatus.CLOSED)
    elif statuses == ["closed"]:
        qs = qs.filter(complaint__status=ComplaintStatus.CLOSED)
    return qs


@open311_view("GET", "POST")
def requests(request: HttpRequest, *, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _post(request, fmt)
    rows = [_request_row(r) for r in _filtered(request)[:MAX_REQUESTS]]
    return _render(fmt, rows, root="service_requests", item="request")


@open311_view("GET")
def request_detail(request: HttpRequest, request_id: str, *, fmt: str) -> HttpResponse:
    receipt = None
    if request_id.isascii() and request_id.isdigit() and len(request_id) < 12:
        receipt = public_receipts().filter(complaint_id=int(request_id)).first()
    if receipt is None:
        raise Open311Error(404, f"没有编号为“{request_id[:40]}”的诉求。")
    return _render(fmt, [_request_row(receipt)], root="service_requests", item="request")


@open311_view("GET")
def token_detail(request: HttpRequest, token: str, *, fmt: str) -> HttpResponse:
    receipt = None
    if token.isascii() and token.isalnum() and len(token) <= 32:
        receipt = PublicReceipt.objects.filter(token=token).first()
    if receipt is None:
        raise Open311Error(404, f"没有token为“{token[:40]}”的诉求。")
    row = {"service_request_id": str(receipt.complaint_id), "token": receipt.token}
    return _render(fmt, [row], root="service_requests", item="request")
