from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("fazhi.request")


class RequestLogMiddleware:
    """One line per request: method, path, status, user id, duration. No bodies, no query strings."""

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
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                }
            },
        )
        return response
