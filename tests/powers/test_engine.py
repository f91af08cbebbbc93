"""The pure discretion engine: no database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fazhi.powers.conditions import ConditionSyntaxError, parse_conditions
from fazhi.powers.domain import DiscretionTier, ExemptionKind, FineMode
from fazhi.powers.engine import (
    ExemptionSpec,
    FineSpec,
    ItemSpec,
    RuleSetRef,
    TierSpec,
    exemption_check,
    explain,
)

D = Decimal
REF = RuleSetRef(id=7, version_label="2025版", effective_from=date(2025, 1, 1))
ACT = date(2026, 3, 1)


def planning_item(**kw: object) -> ItemSpec:
    fine = FineSpec(FineMode.RATE, coef_min=D(5), coef_max=D(10), base_fact="construction_cost")
    tiers = (
        TierSpec(DiscretionTier.LIGHTER, 1, "", parse_conditions("面积<30"), coef_min=D(5), coef_max=D(6)),
        TierSpec(DiscretionTier.ORDINARY, 2, "", parse_conditions("面积>=30；面积<100"), coef_min=D(6), coef_max=D(8)),
        TierSpec(DiscretionTier.HEAVIER, 3, "", parse_conditions("面积>=100"), coef_min=D(8), coef_max=D(10)),
    )
    return ItemSpec(
        code="GH-001",
        name="未取得建设工程规划许可证进行建设",
        penalty_basis="城乡规划法第六十四条",
        fine=fine,
        rule_set=REF,
        tiers=tiers,
        **kw,
    )  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("area", "tier"),
    [
        ("29.99", DiscretionTier.LIGHTER),
        ("30", DiscretionTier.ORDINARY),
        ("99.99", DiscretionTier.ORDINARY),
        ("100", DiscretionTier.HEAVIER),
    ],
)
def test_tier_changes_exactly_at_the_boundary_of_the_area(area: str, tier: DiscretionTier) -> None:
    result = explain(planning_item(), {"area_m2": area, "construction_cost": "100000"}, on=ACT)
    assert result.tier is tier
    assert not result.manual_required


def test_explanation_cites_the_matched_condition_the_fact_and_the_rule_version() -> None:
    result = explain(planning_item(), {"面积": "35", "工程造价": "50000"}, on=ACT)
    assert result.fine_min == D("3000.00") and result.fine_max == D("4000.00")
    assert result.legal_min == D("2500.00") and result.legal_max == D("5000.00")
    assert (
        "面积 35㎡，满足「面积≥30㎡且面积<100㎡」，适用一般阶次：罚款为工程造价的6%–8%"
        "（裁量基准 2025版，2025年1月1日起施行）。" in result.reasons
    )
    assert result.rule_set_version == "2025版" and result.rule_set_id == 7


def test_a_rate_range_rounds_inwards_so_it_never_leaves_the_legal_range() -> None:
    result = explain(planning_item(), {"area_m2": "10", "construction_cost": "12345.67"}, on=ACT)
    # 5% = 617.2835 → up to 617.29; 6% = 740.7402 → down to 740.74
    assert (result.fine_min, result.fine_max) == (D("617.29"), D("740.74"))


def test_a_minor_of_sixteen_must_get_the_lighter_tier_instead_of_the_ordinary_one() -> None:
    result = explain(planning_item(), {"area_m2": "35", "construction_cost": "50000", "age": "16"}, on=ACT)
    assert result.tier is DiscretionTier.LIGHTER
    assert (result.fine_min, result.fine_max) == (D("2500.00"), D("3000.00"))
    assert any("行政处罚法第三十条" in r and "应当从轻或者减轻" in r and "不适用一般阶次" in r for r in result.reasons)


def test_age_is_computed_from_the_birth_date_on_the_day_of_the_act() -> None:
    facts = {"area_m2": "35", "construction_cost": "50000"}
    turns_18 = explain(planning_item(), {**facts, "birth_date": "2008-03-01"}, on=ACT)
    day_before = explain(planning_item(), {**facts, "birth_date": "2008-03-02"}, on=ACT)
    assert turns_18.tier is DiscretionTier.ORDINARY
    assert day_before.tier is DiscretionTier.LIGHTER


def test_a_child_under_fourteen_is_not_punished() -> None:
    result = explain(planning_item(), {"area_m2": "35", "construction_cost": "50000", "age": "13"}, on=ACT)
    assert result.no_penalty and result.tier is None and result.fine_min is None
    assert "不满十四周岁，依照行政处罚法第三十条不予行政处罚" in result.reasons[0]


def test_eliminating_the_harm_obliges_mitigation_under_article_32() -> None:
    result = explain(
        planning_item(), {"area_m2": "150", "construction_cost": "100000", "eliminated_harm": "是"}, on=ACT
    )
    assert result.tier is DiscretionTier.LIGHTER
    assert result.mandatory_grounds == ("主动消除或者减轻违法行为危害后果（行政处罚法第三十二条第（一）项）",)


def test_mandatory_mitigation_without_a_lighter_tier_needs_manual_discretion() -> None:
    item = planning_item()
    only_ordinary = ItemSpec(
        code=item.code, name=item.name, penalty_basis="", fine=item.fine, rule_set=REF, tiers=item.tiers[1:2]
    )
    result = explain(only_ordinary, {"area_m2": "35", "construction_cost": "1", "coerced": "是"}, on=ACT)
    assert result.manual_required and result.tier is None
    assert "需人工裁量并书面说明理由" in result.reasons[-1]


def test_no_matching_tier_asks_for_manual_discretion_and_names_the_missing_fact() -> None:
    result = explain(planning_item(), {"construction_cost": "100000"}, on=ACT)
    assert result.manual_required and result.tier is None
    assert "缺少事实：面积" in result.reasons[-1] and "需人工裁量并书面说明理由" in result.reasons[-1]


def test_a_missing_base_amount_is_reported() -> None:
    result = explain(planning_item(), {"area_m2": "35"}, on=ACT)
    assert result.manual_required
    assert any("缺少计罚基数「工程造价」" in r for r in result.reasons)


def test_an_act_outside_the_version_period_is_refused() -> None:
    with pytest.raises(ValueError, match="不在裁量基准 2025版"):
        explain(planning_item(), {"area_m2": "35"}, on=date(2024, 12, 31))


def test_float_facts_are_refused_because_money_must_be_exact() -> None:
    with pytest.raises(ValueError, match="应为数字的文本形式"):
        explain(planning_item(), {"area_m2": 35.5}, on=ACT)


def first_violation_item(look_back: int = 12) -> ItemSpec:
    ex = ExemptionSpec(ExemptionKind.FIRST_VIOLATION, 1, "", parse_conditions("面积<5"), look_back)
    return ItemSpec(
        code="SZ",
        name="占道",
        penalty_basis="",
        fine=FineSpec(FineMode.FIXED, D(0), D(20000)),
        rule_set=REF,
        exemptions=(ex,),
    )


def test_first_violation_applies_when_first_minor_and_corrected() -> None:
    result = exemption_check(
        first_violation_item(), {"面积": "3", "前次违法次数": "0", "危害后果": "轻微", "及时改正": "是"}, on=ACT
    )
    assert result.applies and result.kind is ExemptionKind.FIRST_VIOLATION and not result.mandatory
    assert "可以不予行政处罚" in result.reasons[-1] and "第三十三条第三款" in result.reasons[-1]


@pytest.mark.parametrize(("prior", "first"), [("2025-03-01", False), ("2025-02-28", True)])
def test_the_look_back_window_ends_exactly_twelve_months_after_the_prior_act(prior: str, first: bool) -> None:
    facts = {"area_m2": "3", "prior_violation_date": prior, "harm": "minor", "corrected": "是"}
    assert exemption_check(first_violation_item(), facts, on=ACT).applies is first


def test_first_violation_does_not_apply_beyond_the_bureaus_own_condition() -> None:
    facts = {"area_m2": "5", "prior_violations": "0", "harm": "minor", "corrected": "是"}
    result = exemption_check(first_violation_item(), facts, on=ACT)
    assert not result.applies
    assert "不满足本局免罚清单条件「面积<5㎡」" in result.reasons[0]


def test_minor_exemption_is_mandatory_and_preferred() -> None:
    item = first_violation_item()
    minor = ExemptionSpec(ExemptionKind.MINOR, 2)
    both = ItemSpec(
        code="SZ", name="占道", penalty_basis="", fine=item.fine, rule_set=REF, exemptions=(*item.exemptions, minor)
    )
    facts = {"area_m2": "3", "prior_violations": "0", "harm": "none", "corrected": "是"}
    result = exemption_check(both, facts, on=ACT)
    assert result.applies and result.kind is ExemptionKind.MINOR and result.mandatory


def test_condition_syntax_errors_name_the_clause() -> None:
    with pytest.raises(ConditionSyntaxError, match="「高度>3」中的事实「高度」不在事实词表中"):
        parse_conditions("面积>=30；高度>3")
    with pytest.raises(ConditionSyntaxError, match="不是「危害后果」的选项"):
        parse_conditions("危害后果 属于 无、很大")
    with pytest.raises(ConditionSyntaxError, match="不能比较大小"):
        parse_conditions("及时改正>1")
