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
from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.security import HttpBearer, SessionAuth

from fazhi.accounts.services import api_token_check
from fazhi.core.errors import ApplicationError


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


api = NinjaAPI(
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
    ("/supervision", "fazhi.supervision"),
    ("/reports", "fazhi.reports"),
    ("/imports", "fazhi.imports"),
    ("/field", "fazhi.field"),
)


def _register_routers() -> None:
    for prefix, app in ROUTERS:
        if apps.is_installed(app) and find_spec(f"{app}.api") is not None:
            api.add_router(prefix, import_module(f"{app}.api").router)


_register_routers()
