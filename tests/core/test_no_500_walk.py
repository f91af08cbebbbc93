"""Walk every page URL and every API operation with garbage parameters: nothing answers 5xx.

Pages come from the URL resolver, API operations from the ninja OpenAPI document; each is called as a system
administrator and as a plain 执法队员 with years out of range, ids and offsets beyond bigint, NUL bytes and lone
surrogates (in query strings, form fields and JSON bodies).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from fazhi.accounts.models import Role
from fazhi.site.api import api

HUGE = "99999999999999999999"
GARBAGE_VALUES: tuple[str, ...] = ("0", "-1", HUGE, "a\x00b", "abc")
QUERY_NAMES: tuple[str, ...] = ("year", "month", "page", "offset", "limit", "q", "agency", "state", "start", "end")
SKIP_PREFIXES: tuple[str, ...] = ("admin/", "api/", "static/", "media/")


def _page_routes(patterns: list[Any] | None = None, prefix: str = "") -> Iterator[str]:
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _page_routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route


def _fill(route: str, value: str) -> str:
    route = re.sub(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>", lambda m: "1" if m["conv"] in (None, "str", "slug") and value == HUGE else value, route)
    return "/" + route.lstrip("^").rstrip("$")


def _pages() -> list[str]:
    routes = sorted({r for r in _page_routes() if not r.startswith(SKIP_PREFIXES) and "(?P" not in r})
    return routes


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    schema = api.get_openapi_schema(path_prefix="/api")
    ops = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            ops.append((method.upper(), path, operation))
    return ops


def _garbage_body(operation: dict[str, Any], value: Any) -> dict[str, Any]:
    body = operation.get("requestBody", {}).get("content", {})
    schema = next(iter(body.values()), {}).get("schema", {})
    ref = schema.get("$ref", "")
    components = api.get_openapi_schema()["components"]["schemas"]
    properties = components.get(ref.rsplit("/", 1)[-1], {}).get("properties", {}) if ref else {}
    return {name: value for name in properties} or {"year": value}


@pytest.fixture
def principals(bureau, make_user, make_officer) -> dict[str, Client]:  # type: ignore[no-untyped-def]
    officer_user = make_user(bureau.squad, Role.OFFICER, officer=make_officer())
    clients = {}
    for name, user in (("admin", bureau.admin), ("officer", officer_user)):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        clients[name] = client
    return clients


def _assert_no_5xx(failures: list[str]) -> None:
    assert failures == [], "5xx answers:\n" + "\n".join(failures[:60])


@pytest.mark.django_db
def test_every_page_survives_garbage(principals: dict[str, Client]) -> None:
    failures = []
    pages = _pages()
    assert len(pages) > 50
    for who, client in principals.items():
        for route in pages:
            for value in ("0", HUGE):
                url = _fill(route, value)
                for name in QUERY_NAMES:
                    for garbage in GARBAGE_VALUES:
                        response = client.get(url, {name: garbage})
                        if response.status_code >= 500:
                            failures.append(f"{who} GET {url}?{name}={garbage!r} → {response.status_code}")
                    if "<" not in route:
                        break
                response = client.post(url, {name: "a\x00b" for name in ("title", "name", "year", "q", "facts")})
                if response.status_code >= 500:
                    failures.append(f"{who} POST {url} (NUL form) → {response.status_code}")
                response = client.post(url, {"year": "0", "page": HUGE, "offset": HUGE, "id": HUGE})
                if response.status_code >= 500:
                    failures.append(f"{who} POST {url} (numbers) → {response.status_code}")
    _assert_no_5xx(failures)


@pytest.mark.django_db
def test_every_api_operation_survives_garbage(principals: dict[str, Client]) -> None:
    failures = []
    operations = _operations()
    assert len(operations) > 50
    for who, client in principals.items():
        for method, path, operation in operations:
            query = [p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"] + ["offset", "year"]
            for value in ("0", "-1", HUGE):
                url = re.sub(r"\{\w+\}", value, path)
                if method == "GET":
                    for garbage in GARBAGE_VALUES:
                        response = client.get(url, {name: garbage for name in query})
                        if response.status_code >= 500:
                            failures.append(f"{who} GET {url} {query}={garbage!r} → {response.status_code}")
                    continue
                for payload in (_garbage_body(operation, v) for v in (0, -1, int(HUGE), "a\x00b", "x" * 20000)):
                    response = client.generic(method, url, json.dumps(payload), content_type="application/json")
                    if response.status_code >= 500:
                        failures.append(f"{who} {method} {url} {str(payload)[:80]} → {response.status_code}")
                raw = '{"title": "\\ud800", "name": "\\udfff", "year": 0}'
                response = client.generic(method, url, raw, content_type="application/json")
                if response.status_code >= 500:
                    failures.append(f"{who} {method} {url} lone surrogate → {response.status_code}")
    _assert_no_5xx(failures)
