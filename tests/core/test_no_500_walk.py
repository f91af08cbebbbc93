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
SKIP_PREFIXES: tuple[str, ...] = ("admin/", "api/", "static/", "media/")


def _page_routes(patterns: list[Any] | None = None, prefix: str = "") -> Iterator[str]:
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _page_routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route


def _fill(route: str, value: str) -> str:
    def one(match: re.Match[str]) -> str:
        return "x" if match["conv"] in (None, "str", "slug", "path") else value

    route = re.sub(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>", one, route)
    return "/" + route.lstrip("^").rstrip("$")


def _pages() -> list[str]:
    return sorted({r for r in _page_routes() if not r.startswith(SKIP_PREFIXES) and "(?P" not in r})


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    schema = api.get_openapi_schema()
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
    return dict.fromkeys(properties, value) or {"year": value}


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


PAGE_QUERIES: tuple[dict[str, str], ...] = (
    {},
    {"year": "0"},
    {"year": "-1", "month": "13"},
    {"year": HUGE, "offset": HUGE, "page": HUGE},
    {"month": "0", "page": "-1", "offset": "-1", "agency": "abc", "start": "x", "end": "2026-13-45"},
    {"q": "a\x00b", "state": "\x00"},
)


@pytest.mark.django_db
def test_every_page_survives_garbage(principals: dict[str, Client]) -> None:
    failures = []
    pages = _pages()
    assert len(pages) > 50
    for who, client in principals.items():
        for route in pages:
            for value in ("0", HUGE) if "<" in route else ("0",):
                url = _fill(route, value)
                for query in PAGE_QUERIES:
                    response = client.get(url, query)
                    if response.status_code >= 500:
                        failures.append(f"{who} GET {url}?{query} → {response.status_code}")
                for form in ({"title": "a\x00b", "name": "\x00"}, {"year": "0", "page": HUGE, "id": HUGE}):
                    response = client.post(url, form)
                    if response.status_code >= 500:
                        failures.append(f"{who} POST {url} {form} → {response.status_code}")
    _assert_no_5xx(failures)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["admin", "officer"])
def test_every_api_operation_survives_garbage(principals: dict[str, Client], who: str) -> None:
    failures = []
    operations = _operations()
    assert len(operations) > 50
    client = principals[who]
    for method, path, operation in operations:
        query = [p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"] + ["offset", "year"]
        for value in ("0", HUGE):
            url = re.sub(r"\{\w+\}", value, path)
            if method == "GET":
                for garbage in ("-1", "a\x00b") if value == "0" else ("0",):
                    response = client.get(url, dict.fromkeys(query, garbage))
                    if response.status_code >= 500:
                        failures.append(f"{who} GET {url} {query}={garbage!r} → {response.status_code}")
                continue
            payloads = [_garbage_body(operation, v) for v in ((-1, "x" * 300) if value == "0" else (0,))]
            for payload in payloads:
                response = client.generic(method, url, json.dumps(payload), content_type="application/json")
                if response.status_code >= 500:
                    failures.append(f"{who} {method} {url} {str(payload)[:80]} → {response.status_code}")
            raw = '{"title": "\\ud800", "name": "\\udfff", "year": 0}'
            response = client.generic(method, url, raw, content_type="application/json")
            if response.status_code >= 500:
                failures.append(f"{who} {method} {url} lone surrogate → {response.status_code}")
    _assert_no_5xx(failures)


NESTED_GARBAGE: tuple[Any, ...] = (
    {"year": 0, "id": int(HUGE), "items": [{"year": -1, "case_id": int(HUGE), "title": "x"}]},
    [{"year": HUGE, "officer_ids": [1, int(HUGE)]}, [{"agency_id": HUGE}]],
    {"nested": {"deeper": {"year": "0", "start_year": -5, "pk": -int(HUGE)}}},
)


@pytest.mark.django_db
def test_every_api_operation_survives_years_and_ids_nested_in_its_body(principals: dict[str, Client]) -> None:
    """Years and ids inside nested objects and lists of a JSON body, and path ids at and beyond bigint: 4xx."""
    failures = []
    client = principals["officer"]
    for method, path, operation in _operations():
        if method == "GET":
            continue
        for value in ("0", str(2**63 - 1), HUGE):
            url = re.sub(r"\{\w+\}", value, path)
            for garbage in NESTED_GARBAGE:
                payload = _garbage_body(operation, garbage)
                response = client.generic(method, url, json.dumps(payload), content_type="application/json")
                if response.status_code >= 500:
                    failures.append(f"{method} {url} {str(payload)[:80]} → {response.status_code}")
                elif response.status_code == 400 and response["Content-Type"].startswith("application/json"):
                    assert any("\u4e00" <= c <= "\u9fff" for c in response.json()["message"]), (url, response.json())
    _assert_no_5xx(failures)
