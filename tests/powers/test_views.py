"""The web pages of the power list."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from fazhi.powers.models import PowerItem, RuleSet

from .conftest import item_row, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(bureau: Any) -> Client:
    c = Client()
    c.force_login(bureau.admin)
    return c


def test_login_is_required(db: None) -> None:
    response = Client().get(reverse("powers:item_list"))
    assert response.status_code == 302


def test_item_list_shows_the_sample_badge(client: Client, sample: RuleSet) -> None:
    html = client.get(reverse("powers:item_list"), {"on": "2026-03-01"}).content.decode()
    assert "示例清单，须以本局公布的权责清单替换" in html and "SL-GH-001" in html


def test_item_detail_and_the_htmx_explanation(client: Client, sample: RuleSet) -> None:
    item = PowerItem.objects.get(rule_set=sample, code="SL-GH-001")
    assert "裁量说明" in client.get(reverse("powers:item_detail", args=[item.pk])).content.decode()
    html = client.post(
        reverse("powers:item_explain", args=[item.pk]),
        {
            "on": "2026-03-01",
            "fact_area_m2": "35",
            "fact_construction_cost": "50000",
        },
    ).content.decode()
    assert "一般阶次" in html and "3000.00元至4000.00元" in html


def test_the_import_page_lists_row_errors_and_says_nothing_was_imported(client: Client, bureau: Any) -> None:
    data = workbook([item_row("A"), item_row("A")])
    html = client.post(
        reverse("powers:import"),
        {
            "owner": bureau.bureau.pk,
            "file": SimpleUploadedFile("x.xlsx", data),
            "version_label": "v",
            "effective_from": "2026-01-01",
        },
    ).content.decode()
    assert "未导入任何内容" in html and "第3行" in html and "事项编码「A」与第2行重复" in html
    assert RuleSet.objects.count() == 0


def test_version_and_delegation_pages_render(client: Client, sample: RuleSet) -> None:
    assert client.get(reverse("powers:rule_set_list")).status_code == 200
    assert client.get(reverse("powers:delegation_list")).status_code == 200
    assert client.get(reverse("powers:export")).status_code == 200
    assert client.get(reverse("powers:template")).status_code == 200
