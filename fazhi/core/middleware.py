from __future__ import annotations

import ipaddress
import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

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
