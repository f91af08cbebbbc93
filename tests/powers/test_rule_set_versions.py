"""Versioning: the version in force on a date, publishing, immutability."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from fazhi.core.errors import RuleViolation, ValidationError
from fazhi.powers import selectors
from fazhi.powers.domain import RuleSetStatus
from fazhi.powers.models import PowerItem, PublishedRuleSetError, RuleSet
from fazhi.powers.services import (
    power_item_update,
    power_list_import,
    rule_set_activate,
    rule_set_copy_as_draft,
)

from .conftest import SAMPLE_FROM, item_row, workbook

pytestmark = pytest.mark.django_db

NEW_FROM = date(2026, 7, 1)


@pytest.fixture
def newer(bureau: Any, sample: RuleSet) -> RuleSet:
    """A 2026 version of SL-SZ-001 with a stricter ordinary tier."""
    data = workbook(
        [item_row("SL-SZ-001", 事项名称="擅自占用或者挖掘城市道路")],
        [
            {
                "事项编码": "SL-SZ-001",
                "阶次": "一般",
                "条件表达式": "面积>=10",
                "罚款下限(元)": 5000,
                "罚款上限(元)": 15000,
            }
        ],
    )
    draft = power_list_import(
        actor=bureau.admin, owner=bureau.bureau, file=data, version_label="2026版", effective_from=NEW_FROM
    )
    return rule_set_activate(actor=bureau.admin, rule_set=draft)


def test_publishing_a_new_version_closes_the_previous_one_the_day_before(sample: RuleSet, newer: RuleSet) -> None:
    sample.refresh_from_db()
    assert sample.effective_until == date(2026, 6, 30) and sample.status == RuleSetStatus.RETIRED
    assert newer.status == RuleSetStatus.ACTIVE and newer.effective_until is None
    owner = sample.owner
    assert selectors.rule_set_in_force(owner=owner, on=date(2026, 6, 30)) == sample
    assert selectors.rule_set_in_force(owner=owner, on=NEW_FROM) == newer
    assert selectors.rule_set_in_force(owner=owner, on=date(2024, 12, 31)) is None


@pytest.mark.parametrize(
    ("on", "version", "low"), [(date(2026, 6, 30), "示例版", "2000.00"), (NEW_FROM, "2026版", "5000.00")]
)
def test_a_case_date_before_or_after_a_new_version_uses_and_cites_the_right_version(
    newer: RuleSet, on: date, version: str, low: str
) -> None:
    result = selectors.discretion_explain(owner=newer.owner, item_code="SL-SZ-001", facts={"面积": "20"}, on=on)
    assert result.rule_set_version == version
    assert str(result.fine_min) == low
    assert any(f"裁量基准 {version}" in r for r in result.reasons)


def test_explaining_with_a_row_of_another_version_is_refused(sample: RuleSet, newer: RuleSet) -> None:
    old_item = PowerItem.objects.get(rule_set=sample, code="SL-SZ-001")
    with pytest.raises(ValidationError, match="不在权责清单版本「示例版」的施行期间"):
        selectors.explain(old_item, {"面积": "20"}, on=NEW_FROM)


def test_a_published_version_cannot_be_edited(bureau: Any, sample: RuleSet) -> None:
    item = PowerItem.objects.get(rule_set=sample, code="SL-SZ-001")
    with pytest.raises(RuleViolation, match="已发布，不能修改"):
        power_item_update(actor=bureau.admin, item=item, name="改名")
    item.refresh_from_db()
    assert item.name == "擅自占用或者挖掘城市道路"
    item.name = "绕过服务直接保存"
    with pytest.raises(PublishedRuleSetError):
        item.save()
    tier = item.discretion_rules.first()
    assert tier is not None
    with pytest.raises(PublishedRuleSetError):
        tier.delete()


def test_edits_go_into_a_new_draft_copy(bureau: Any, sample: RuleSet) -> None:
    draft = rule_set_copy_as_draft(
        actor=bureau.admin, rule_set=sample, version_label="2027版", effective_from=date(2027, 1, 1)
    )
    assert draft.status == RuleSetStatus.DRAFT
    copied = PowerItem.objects.filter(rule_set=draft).count()
    assert copied == PowerItem.objects.filter(rule_set=sample).count()
    item = PowerItem.objects.get(rule_set=draft, code="SL-SZ-001")
    power_item_update(actor=bureau.admin, item=item, remark="2027年调整")
    assert item.discretion_rules.count() == 3
    assert PowerItem.objects.get(rule_set=sample, code="SL-SZ-001").remark == ""


def test_a_new_version_must_start_after_the_current_one(bureau: Any, sample: RuleSet) -> None:
    draft = power_list_import(
        actor=bureau.admin,
        owner=bureau.bureau,
        file=workbook([item_row()]),
        version_label="早",
        effective_from=SAMPLE_FROM,
    )
    with pytest.raises(ValidationError, match="须晚于现行版本「示例版」的施行日期"):
        rule_set_activate(actor=bureau.admin, rule_set=draft)
    draft.refresh_from_db()
    assert draft.status == RuleSetStatus.DRAFT
