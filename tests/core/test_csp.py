"""Headers and surface: a strict Content-Security-Policy on every page, no inline script in any template,
``check --deploy`` clean under production settings, and the API's docs for logged-in users only."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from fazhi.accounts.models import Role

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted((ROOT / "fazhi").glob("**/templates/**/*.html"))
_SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
_HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE)


def _policy(response) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    header = response["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in (p.strip() for p in header.split(";")) if d}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/accounts/login/", "/", "/cases/", "/reports/", "/imports/", "/field/"])
def test_every_page_has_a_strict_policy(client, bureau, path: str) -> None:
    client.force_login(bureau.admin)
    response = client.get(path, follow=True)
    assert response.status_code == 200
    policy = _policy(response)
    assert policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert policy["worker-src"] == ["'self'"] and policy["connect-src"] == ["'self'"]
    assert {"'self'", "data:", "blob:"} <= set(policy["img-src"])


def test_the_templates_were_found() -> None:
    assert len(TEMPLATES) > 50


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_has_an_inline_script_or_handler(template: Path) -> None:
    text = template.read_text(encoding="utf-8")
    for attrs in _SCRIPT.findall(text):
        assert "src=" in attrs or "application/json" in attrs or "csp_nonce" in attrs, (template, attrs)
    assert not _HANDLER.search(text), template
    assert "javascript:" not in text.lower(), template


def test_htmx_is_told_not_to_inject_its_indicator_style() -> None:
    base = (ROOT / "fazhi/core/templates/core/base.html").read_text(encoding="utf-8")
    assert '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false, "allowEval": false}\'>' in base


@pytest.mark.django_db
def test_the_api_docs_are_for_logged_in_users(bureau, make_user) -> None:
    anonymous = Client()
    docs = anonymous.get("/api/docs")
    assert docs.status_code == 302 and "/accounts/login/" in docs["Location"]
    schema = anonymous.get("/api/openapi.json")
    assert schema.status_code == 401 and schema.json()["code"] == "unauthorized"
    user = Client()
    user.force_login(make_user(bureau.squad, Role.OFFICER))
    assert user.get("/api/docs").status_code == 200
    assert "/api/agencies/" in user.get("/api/openapi.json").json()["paths"]


@pytest.mark.django_db
def test_the_api_docs_can_be_made_public(settings) -> None:
    settings.FAZHI_API_DOCS_PUBLIC = True
    assert Client().get("/api/openapi.json").status_code == 200


def test_check_deploy_is_clean_under_production_settings(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FAZHI_", "DJANGO_", "PYTEST")) or k == "PATH"}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        FAZHI_SECRET_KEY="x" * 20 + "production-secret-key-for-the-check-only-0123456789",
        FAZHI_HTTPS="1",
        FAZHI_AUDIT_KEY="audit-key-for-the-check-only-0123456789",
        FAZHI_VAR_DIR=str(tmp_path),
        PYTHONPATH=str(ROOT),
    )
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
