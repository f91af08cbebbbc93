"""The REST API: one NinjaAPI, one router per app, OpenAPI at /api/docs.

Authentication: a bearer token (``Authorization: Bearer fz_…``) for integrations, or the browser session (with
CSRF) for the web UI. Refusals are ``ApplicationError``s rendered as ``{"code", "message"}`` with the same
Chinese message the UI shows.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, SessionAuth

from fazhi.accounts.services import api_token_authenticate, api_token_check
from fazhi.core.errors import ApplicationError
from fazhi.rules import RulesError
from fazhi.site.openapi import FazhiNinjaAPI


class ApiTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_check(token)  # refuses with a Chinese 401: revoked, expired, disabled or locked account
        request.user = user
        return user


def _docs_for_users(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """``/api/docs`` and ``/api/openapi.json`` for logged-in users (or a valid bearer token) only, unless
    ``FAZHI_API_DOCS_PUBLIC`` (on with ``FAZHI_DEBUG``): the API's map is no business of anonymous visitors.
    The page sends a stranger to the login page; the JSON answers 401 as the API does."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(settings, "FAZHI_API_DOCS_PUBLIC", False) or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        header = request.headers.get("Authorization", "")
        if header.lower().startswith("bearer ") and api_token_authenticate(header[7:].strip()) is not None:
            return view(request, *args, **kwargs)
        if request.path.endswith(".json"):
            return JsonResponse({"code": "unauthorized", "message": "请先登录或提供有效的 API 令牌。"}, status=401)
        return redirect_to_login(request.get_full_path())

    return wrapped


api = FazhiNinjaAPI(
    title="fazhi 法治 API",
    version="1",
    description="综合行政执法办案、监督与统计接口。所有拒绝均以 {code, message} 返回，message 为中文说明。",
    auth=[ApiTokenAuth(), SessionAuth()],
    docs_url="/docs",
    docs_decorator=_docs_for_users,
    urls_namespace="api",
)


@api.exception_handler(ApplicationError)
def _application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=exc.status_code)


@api.exception_handler(RulesError)
def _rules_error(request: HttpRequest, exc: RulesError) -> HttpResponse:
    """A rule of the rules core that cannot answer (a year whose holidays are not entered, so no working day can be
    counted) reached an operation uncaught: its Chinese message as a 400, not a 500."""
    return api.create_response(request, {"code": "invalid", "message": str(exc)}, status=400)


# ninja's own refusals (no credentials, a failed CSRF check, throttling, a 404 raised by a view) in fazhi's form
# rather than ninja's English ``{"detail": …}``: the document promises ``{code, message}`` for every refusal.
_HTTP_REFUSALS: dict[int, tuple[str, str]] = {
    401: ("unauthorized", "请先登录或提供有效的 API 令牌。"),
    403: ("forbidden", "请求被拒绝（登录会话的请求须带 CSRF 令牌）。"),
    404: ("not_found", "记录不存在或您无权访问。"),
    405: ("method_not_allowed", "此地址不支持该请求方法。"),
    429: ("throttled", "请求过于频繁，请稍后再试。"),
}


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code, message = _HTTP_REFUSALS.get(exc.status_code, ("invalid", "请求无效。"))
    return api.create_response(request, {"code": code, "message": message}, status=exc.status_code)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"code": "not_found", "message": "记录不存在或您无权访问。"}, status=404)


_PYDANTIC_REASONS: dict[str, str] = {
    "missing": "为必填项",
    "int_parsing": "须为整数",
    "int_type": "须为整数",
    "int_from_float": "须为整数",
    "float_parsing": "须为数字",
    "float_type": "须为数字",
    "decimal_parsing": "须为数字",
    "bool_parsing": "须为是或否（true/false）",
    "bool_type": "须为是或否（true/false）",
    "string_type": "须为文字",
    "date_parsing": "须为日期（YYYY-MM-DD）",
    "date_from_datetime_parsing": "须为日期（YYYY-MM-DD）",
    "datetime_parsing": "须为带时区的日期时间（ISO 8601）",
    "datetime_from_date_parsing": "须为带时区的日期时间（ISO 8601）",
    "list_type": "须为列表",
    "dict_type": "须为对象",
    "model_attributes_type": "须为对象",
    "json_invalid": "不是有效的JSON",
    "enum": "不是允许的取值",
    "literal_error": "不是允许的取值",
    "uuid_parsing": "须为UUID",
    "extra_forbidden": "不是可接受的字段",
}


def _pydantic_reason(error: dict[str, Any]) -> str:
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind == "string_too_long":
        return f"不能超过{ctx.get('max_length')}个字符"
    if kind == "string_too_short":
        return "不能为空" if ctx.get("min_length") == 1 else f"不能少于{ctx.get('min_length')}个字符"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        sign = {"greater_than": ">", "greater_than_equal": "≥", "less_than": "<", "less_than_equal": "≤"}[kind]
        bound = next(iter(ctx.values()), "")
        return f"须{sign}{bound}"
    if kind in ("enum", "literal_error") and ctx.get("expected"):
        return f"应为 {ctx['expected']} 之一"
    return _PYDANTIC_REASONS.get(kind, "无效")


def _field_name(loc: Any) -> str:
    parts = [str(p) for p in (loc or ()) if p not in ("body", "query", "path", "form", "file", "payload", "data")]
    return ".".join(parts) or "请求内容"


def validation_message(errors: list[dict[str, Any]]) -> str:
    """ninja/pydantic errors as one Chinese sentence naming each field: 「year」须为整数；「title」为必填项。"""
    parts = [f"「{_field_name(e.get('loc'))}」{_pydantic_reason(e)}" for e in errors[:10]]
    return "；".join(parts) + "。" if parts else "请求参数无效。"


@api.exception_handler(NinjaValidationError)
def _validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = [dict(e) for e in exc.errors]
    fields = [{"field": _field_name(e.get("loc")), "reason": _pydantic_reason(e)} for e in errors]
    body = {"code": "invalid", "message": validation_message(errors), "errors": fields}
    return api.create_response(request, body, status=422)


# (prefix, app): an app's router is mounted when the app is installed, so settings alone decide what is live.
ROUTERS: tuple[tuple[str, str], ...] = (
    ("/accounts", "fazhi.accounts"),
    ("/agencies", "fazhi.agencies"),
    ("/powers", "fazhi.powers"),
    ("/cases", "fazhi.cases"),
    ("/evidence", "fazhi.evidence"),
    ("/documents", "fazhi.documents"),
    ("/publicity", "fazhi.publicity"),
    ("/legal-affairs", "fazhi.legal_affairs"),
    ("/complaints", "fazhi.complaints"),
    ("/inspections", "fazhi.inspections"),
    ("/delivery", "fazhi.delivery"),
    ("/urban", "fazhi.urban"),
    ("/waste", "fazhi.waste"),
    ("/campaigns", "fazhi.campaigns"),
    ("/counsel", "fazhi.counsel"),
    ("/supervision", "fazhi.supervision"),
    ("/reports", "fazhi.reports"),
    ("/imports", "fazhi.imports"),
    ("/field", "fazhi.field"),
    ("/exchange", "fazhi.exchange"),
)


def _register_routers() -> None:
    for prefix, app in ROUTERS:
        if apps.is_installed(app) and find_spec(f"{app}.api") is not None:
            api.add_router(prefix, import_module(f"{app}.api").router)


_register_routers()
