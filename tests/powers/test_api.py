"""The /api/powers endpoints, through the test client with a logged-in user."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from fazhi.powers.models import Delegation, PowerItem, RuleSet

from .conftest import item_row, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(bureau: Any) -> Client:
    c = Client()
    c.force_login(bureau.admin)
    return c


def test_items_of_the_version_in_force_are_listed_with_filters(client: Client, sample: RuleSet) -> None:
    response = client.get("/api/powers/items", {"on": "2026-03-01", "domain": "planning"})
    assert response.status_code == 200
    body = response.json()
    assert body["rule_set"]["version_label"] == "示例版"
    assert body["rule_set"]["sample_notice"] == "示例清单，须以本局公布的权责清单替换"
    assert {i["code"] for i in body["items"]} == {"SL-GH-001", "SL-GH-002"}


def test_item_detail_has_tiers_and_exemptions(client: Client, sample: RuleSet) -> None:
    item = PowerItem.objects.get(rule_set=sample, code="SL-SZ-001")
    body = client.get(f"/api/powers/items/{item.pk}").json()
    assert [t["tier_label"] for t in body["tiers"]] == ["从轻", "一般", "从重"]
    assert body["exemptions"][0]["kind_label"] == "首违不罚"


def test_explain_returns_the_tier_range_and_reasons(client: Client, sample: RuleSet) -> None:
    response = client.post(
        "/api/powers/explain",
        {
            "item_code": "SL-GH-001",
            "on": "2026-03-01",
            "facts": {"area_m2": "35", "construction_cost": "50000"},
        },
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["tier"] == "ordinary" and body["fine_min"] == "3000.00" and body["fine_max"] == "4000.00"
    assert body["rule_set_version"] == "示例版" and body["is_sample"] is True


def test_explain_refuses_unknown_facts_with_a_chinese_message(client: Client, sample: RuleSet) -> None:
    response = client.post(
        "/api/powers/explain",
        {
            "item_code": "SL-GH-001",
            "on": "2026-03-01",
            "facts": {"高度": "3"},
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["message"].startswith("未知的事实「高度」")


def test_exemption_check_endpoint(client: Client, sample: RuleSet) -> None:
    response = client.post(
        "/api/powers/exemption-check",
        {
            "item_code": "SL-SR-001",
            "on": "2026-03-01",
            "facts": {"harm": "none", "corrected": "是", "party_kind": "person", "prior_violations": "0"},
        },
        content_type="application/json",
    )
    body = response.json()
    assert body["applies"] is True and body["kind"] == "minor" and body["mandatory"] is True


def test_import_with_errors_answers_400_with_every_row_error(client: Client, bureau: Any) -> None:
    data = workbook([item_row("A"), item_row("A"), item_row("B", 领域="未知")])
    response = client.post(
        "/api/powers/import",
        {
            "file": SimpleUploadedFile("list.xlsx", data),
            "version_label": "v1",
            "effective_from": "2026-01-01",
        },
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_workbook" and "未导入任何内容" in body["message"]
    assert [(e["sheet"], e["row"], e["column"]) for e in body["errors"]] == [
        ("权责清单", 3, "事项编码"),
        ("权责清单", 4, "领域"),
    ]
    assert RuleSet.objects.count() == 0


def test_import_success_and_export_download(client: Client, bureau: Any) -> None:
    response = client.post(
        "/api/powers/import",
        {
            "file": SimpleUploadedFile("list.xlsx", workbook([item_row()])),
            "version_label": "v1",
            "effective_from": "2026-01-01",
            "activate": "true",
        },
    )
    assert response.status_code == 201 and response.json()["status"] == "active"
    export = client.get("/api/powers/export", {"on": "2026-02-01"})
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxml")
    assert client.get("/api/powers/template").status_code == 200


def test_delegations_are_granted_listed_and_refused_over_the_api(client: Client, bureau: Any, sample: RuleSet) -> None:
    response = client.post(
        "/api/powers/delegations",
        {
            "township_id": bureau.township.pk,
            "item_code": "SL-HJ-001",
            "valid_from": "2026-01-01",
            "document_number": "示政发〔2025〕12号",
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    assert client.get("/api/powers/delegations").json()[0]["item_code"] == "SL-HJ-001"
    refused = client.post(
        "/api/powers/delegations",
        {
            "township_id": bureau.township.pk,
            "item_code": "NOPE",
            "valid_from": "2026-01-01",
            "document_number": "x",
        },
        content_type="application/json",
    )
    assert refused.status_code == 400 and "不在" in refused.json()["message"]
    assert Delegation.objects.count() == 1


def test_an_officer_cannot_import(bureau: Any, make_user: Any) -> None:
    from fazhi.accounts.models import Role

    c = Client()
    c.force_login(make_user(bureau.squad, Role.OFFICER))
    response = c.post(
        "/api/powers/import",
        {
            "file": SimpleUploadedFile("list.xlsx", workbook([item_row()])),
            "version_label": "v1",
            "effective_from": date(2026, 1, 1).isoformat(),
        },
    )
    assert response.status_code == 403
    assert RuleSet.objects.count() == 0
