"""The REST API: one NinjaAPI, one router per app, OpenAPI at /api/docs.

Authentication: a bearer token (``Authorization: Bearer fz_…``) for integrations, or the browser session (with
CSRF) for the web UI. Refusals are ``ApplicationError``s rendered as ``{"code", "message"}`` with the same
Chinese message the UI shows.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import HttpBearer, SessionAuth

from fazhi.core.errors import ApplicationError


class ApiTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from fazhi.accounts.services import api_token_authenticate

        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="fazhi 法治 API",
    version="1",
    description="综合行政执法办案、监督与统计接口。所有拒绝均以 {code, message} 返回，message 为中文说明。",
    auth=[ApiTokenAuth(), SessionAuth()],
    docs_url="/docs",
    urls_namespace="api",
)


@api.exception_handler(ApplicationError)
def _application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=exc.status_code)


def _register_routers() -> None:
    from fazhi.accounts.api import router as accounts_router
    from fazhi.agencies.api import router as agencies_router
    from fazhi.cases.api import router as cases_router
    from fazhi.complaints.api import router as complaints_router
    from fazhi.documents.api import router as documents_router
    from fazhi.evidence.api import router as evidence_router
    from fazhi.inspections.api import router as inspections_router
    from fazhi.legal_affairs.api import router as legal_affairs_router
    from fazhi.powers.api import router as powers_router
    from fazhi.publicity.api import router as publicity_router
    from fazhi.reports.api import router as reports_router
    from fazhi.supervision.api import router as supervision_router

    api.add_router("/accounts", accounts_router)
    api.add_router("/agencies", agencies_router)
    api.add_router("/powers", powers_router)
    api.add_router("/cases", cases_router)
    api.add_router("/evidence", evidence_router)
    api.add_router("/documents", documents_router)
    api.add_router("/publicity", publicity_router)
    api.add_router("/reports", reports_router)
    api.add_router("/supervision", supervision_router)
    api.add_router("/legal-affairs", legal_affairs_router)
    api.add_router("/complaints", complaints_router)
    api.add_router("/inspections", inspections_router)


_register_routers()
