"""Requests that used to answer 500 before any view: a Unicode digit in the path, a JSON body nested past any
recursion limit, a body over the upload limit — each is a Chinese 4xx now."""

from __future__ import annotations

import json

from django.test import Client


def test_a_superscript_digit_in_the_path_is_not_found(db, client: Client) -> None:
    assert client.get("/cases/²/").status_code == 404
    assert client.get("/api/cases/²").status_code in (401, 404)


def test_json_nested_past_any_limit_is_refused_in_chinese(db, client: Client) -> None:
    for body in ("[" * 5000, "[" * 40 + "]" * 40):  # past the parser's recursion limit; valid but 40 deep
        r = client.post("/api/cases/", body, content_type="application/json")
        assert r.status_code == 400, (body[:50], r.content[:200])
        assert "嵌套" in r.json()["message"]


def test_a_body_over_the_upload_limit_is_refused_in_chinese(db, client: Client, settings) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    r = client.post("/api/cases/", json.dumps({"facts": "占道" * 2000}), content_type="application/json")
    assert r.status_code == 400 and "请求内容过大" in r.json()["message"]
    page = client.post("/accounts/login/", {"username": "x" * 5000, "password": "y"})
    assert page.status_code == 400 and "请求内容过大" in page.content.decode()
