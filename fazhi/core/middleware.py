from __future__ import annotations

import ipaddress
import json
import logging
import re
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from fazhi.core import validation
from fazhi.core.errors import ApplicationError, NotFoundOrForbidden, ValidationError

logger = logging.getLogger("fazhi.request")


def _valid_ip(value: str) -> str:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return ""


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, unless it is one of ``FAZHI_TRUSTED_PROXIES`` and
    ``FAZHI_TRUSTED_PROXY_HEADER`` is set; then the right-most address of that header that is not itself a trusted
    proxy (the left part of X-Forwarded-For is written by the client and proves nothing)."""
    remote = _valid_ip(request.META.get("REMOTE_ADDR", "")) or "-"
    header = getattr(settings, "FAZHI_TRUSTED_PROXY_HEADER", "")
    proxies = set(getattr(settings, "FAZHI_TRUSTED_PROXIES", ()))
    if not header or remote not in proxies:
        return remote
    raw = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
    for part in reversed(raw.split(",")):
        address = _valid_ip(part)
        if not address:
            break
        if address not in proxies:
            return address
    return remote


class RequestLogMiddleware:
    """One line per request: method, path, status, user id, client IP, duration. No bodies, no query strings."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        logger.info(
            "request",
            extra={
                "fields": {
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "user": getattr(user, "pk", None) or "-",
                    "ip": client_ip(request),
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                }
            },
        )
        return response


class InputSafetyMiddleware:
    """Refuse, before any view runs, input no view can store or query safely; render refusals as 4xx.

    - NUL bytes and unpaired surrogates in the path, the query string, form fields, file names and JSON bodies
      (PostgreSQL refuses NUL in text; a lone surrogate cannot be encoded): 400 with a Chinese message.
    - Integers beyond bigint in the query string, form fields or JSON: 400; as a path segment: 404.
    - Any text value longer than ``TEXT_MAX_LENGTH``: 400 (a field with a lower limit says so itself).
    - A ``year`` (or ``…_year``) outside ``year_bounds()``: as a query or form parameter, anywhere in a JSON body
      (nested objects and lists too) or as a URL path argument: 400.
    - An id beyond bigint in a JSON body's nested objects and lists: 400 (as for the top level).
    - ``offset``, ``page`` or ``limit`` beyond ``PAGING_MAX`` (so ``offset + limit`` stays within bigint): 400.
    - An ``ApplicationError`` escaping a page view is rendered as its status (403/404/409…), never as a 500.

    API requests (``/api/``) get ``{"code", "message"}`` JSON, pages the error page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            self._check(request)
        except _PathOutOfRange:
            return self._refuse(request, NotFoundOrForbidden())
        except ApplicationError as exc:
            return self._refuse(request, exc)
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> HttpResponse | None:
        """The URL's own arguments, once resolved: a year out of range is a 400, an integer beyond bigint a 404
        (``/reports/annual/0/`` must not reach a query)."""
        for key, value in kwargs.items():
            try:
                if _is_year_key(key) and str(value).strip() != "":
                    validation.check_year(value, "年度")
                elif isinstance(value, int) and not isinstance(value, bool):
                    validation.check_bigint(value)
            except ValidationError as exc:
                return self._refuse(request, exc if _is_year_key(key) else NotFoundOrForbidden())
        return None

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, ApplicationError):
            return self._refuse(request, exception)
        return None

    def _refuse(self, request: HttpRequest, exc: ApplicationError) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse(exc.as_dict(), status=exc.status_code, json_dumps_params={"ensure_ascii": False})
        if request.path.startswith("/open311/"):
            return _open311_error(request, exc)
        return render(request, "core/error.html", {"message": exc.message}, status=exc.status_code)

    def _check(self, request: HttpRequest) -> None:
        path = request.path
        if validation.unsafe_text_reason(path):
            raise ValidationError("地址含有空字符或无效字符。")
        for segment in path.split("/"):
            if segment.isascii() and segment.isdigit() and int(segment) > validation.BIGINT_MAX:
                raise _PathOutOfRange
        for key, values in request.GET.lists():
            for value in values:
                _check_value(key, value, "查询参数")
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            try:
                self._check_body(request)
            except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent) as exc:
                mb = (settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0) // (1024 * 1024)
                fields = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
                raise ValidationError(
                    f"请求内容过大或字段过多（上限{mb}MB、{fields}个字段），请减少照片或分次提交。"
                ) from exc

    def _check_body(self, request: HttpRequest) -> None:
        content_type = request.content_type or ""
        if content_type.startswith("application/json"):
            try:
                payload = json.loads(request.body or b"null")
            except (ValueError, UnicodeDecodeError, RecursionError) as exc:
                raise ValidationError("请求内容不是有效的JSON（或嵌套过深）。") from exc
            _check_json(payload)
        elif content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
            for key, values in request.POST.lists():
                for value in values:
                    _check_value(key, value, "表单字段")
            for _field, uploads in request.FILES.lists():
                for upload in uploads:
                    _check_text(str(getattr(upload, "name", "") or ""), "文件名")


class _PathOutOfRange(Exception):
    pass


def _open311_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    """Open311 GeoReport v2 (docs/open311.md) answers errors as its list of ``code`` and ``description``, in XML when
    the resource asked is ``….xml``."""
    if request.path.endswith(".xml"):
        from xml.sax.saxutils import escape  # noqa: PLC0415 — only this refusal needs it

        body = (
            '<?xml version="1.0" encoding="utf-8"?>\n<errors><error>'
            f"<code>{exc.status_code}</code><description>{escape(exc.message)}</description></error></errors>"
        )
        return HttpResponse(body.encode(), status=exc.status_code, content_type="text/xml; charset=utf-8")
    rows = [{"code": exc.status_code, "description": exc.message}]
    return JsonResponse(rows, safe=False, status=exc.status_code, json_dumps_params={"ensure_ascii": False})


_INT_RE = re.compile(r"-?\d{19,}")
# Parameters that name a row or a position: a string of digits there beyond bigint would reach the database. Other
# digit strings (a hash, a receipt or account number) are text and stay text.
_ID_KEYS = frozenset({"id", "pk", "agency", "case", "officer", "item", "page", "offset", "limit"})


def _names_a_row(key: str) -> bool:
    return key in _ID_KEYS or key.endswith(("_id", "_ids", "_pk"))


def _check_text(value: str, label: str) -> None:
    validation.check_text(value, label)
    if len(value) > validation.TEXT_MAX_LENGTH:
        raise ValidationError(f"{label}不能超过{validation.TEXT_MAX_LENGTH}个字符（现有{len(value)}个）。")


def _is_year_key(key: str) -> bool:
    return key == "year" or key.endswith("_year")


def _check_value(key: str, value: Any, where: str) -> None:
    label = f"{where}「{str(key)[:40]}」"
    if isinstance(key, str):
        validation.check_text(key, where)
    if isinstance(value, bool) or value is None or not isinstance(value, int | str):
        return
    if isinstance(value, str):
        _check_text(value, label)
    if _is_year_key(str(key)) and str(value).strip() != "":
        validation.check_year(value, "年度")
    if isinstance(value, int):
        validation.check_bigint(value, label)
    elif _names_a_row(str(key)) and _INT_RE.fullmatch(value.strip()):
        validation.check_bigint(int(value), label)
    if key in validation.PAGING_PARAMETERS:
        validation.check_paging(value, label)


JSON_MAX_DEPTH = 32  # no request of fazhi nests deeper; deeper bodies are refused before anything recurses on them


def _check_json(payload: Any, depth: int = 0) -> None:
    """Every value of a JSON body, at any depth: a year or an id nested in an object or a list of objects is
    refused exactly as at the top level (a key's meaning does not change with its depth)."""
    if depth > JSON_MAX_DEPTH:
        raise ValidationError(f"请求内容嵌套超过{JSON_MAX_DEPTH}层。")
    if isinstance(payload, dict):
        for key, value in payload.items():
            if isinstance(value, dict | list):
                validation.check_text(str(key), "JSON字段名")
                _check_json(value, depth + 1)
            else:
                _check_value(str(key), value, "字段")
    elif isinstance(payload, list):
        for item in payload:
            _check_json(item, depth + 1) if isinstance(item, dict | list) else _check_value("", item, "字段")
    else:
        _check_value("", payload, "请求内容")
