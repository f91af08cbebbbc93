"""Explaining the discretion tier of a case and checking the exemptions: pure functions over loaded rules.

``explain`` and ``exemption_check`` take an :class:`ItemSpec` (one power item with its tiers and exemptions,
read from the database once by the selectors) and the facts of the case. They read no clock and no database,
so the same rules and facts always give the same answer, and every answer cites the version of the rules it
used.

Statutory grounds are applied here, whatever the bureau's sheet says, because the law binds the sheet:

* 行政处罚法 第三十条: under 14 → 不予行政处罚; 14–17 → 应当从轻或者减轻;
* 第三十二条: 主动消除或者减轻危害后果, 受他人胁迫或者诱骗, 主动供述, 立功 → 应当从轻或者减轻;
* 第三十三条: the statutory elements of each exemption (轻微/及时改正/无危害后果; 初次/危害后果轻微/及时改正;
  没有主观过错) are checked in addition to the bureau's own conditions.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from fazhi.powers.conditions import Condition, describe_conditions, evaluate
from fazhi.powers.domain import DiscretionTier, ExemptionKind, FineMode
from fazhi.powers.facts import FactValue, find_fact, format_value, normalize_facts
from fazhi.powers.specs import (
    ExemptionResult,
    ExemptionSpec,
    Explanation,
    FineSpec,
    ItemSpec,
    RuleSetRef,
    TierSpec,
    format_date,
    format_money,
)
from fazhi.rules.periods import add_calendar_months
from fazhi.rules.persons import age_on, minor_treatment

__all__ = [
    "ExemptionResult",
    "ExemptionSpec",
    "Explanation",
    "FineSpec",
    "ItemSpec",
    "RuleSetRef",
    "TierSpec",
    "exemption_check",
    "explain",
    "format_money",
]


def _facts_text(conditions: tuple[Condition, ...], facts: Mapping[str, FactValue]) -> str:
    seen: list[str] = []
    parts = []
    for c in conditions:
        if c.fact in seen or c.fact not in facts:
            continue
        seen.append(c.fact)
        fact = c.fact_def
        parts.append(f"{fact.name} {format_value(fact, facts[c.fact])}")
    return "、".join(parts)


def _evaluate_all(conditions: tuple[Condition, ...], facts: Mapping[str, FactValue]) -> tuple[bool, list[str]]:
    """(all hold, names of missing facts). A condition on a missing fact does not hold."""
    missing = []
    ok = True
    for c in conditions:
        result = evaluate(c, facts)
        if result is None:
            missing.append(c.fact_def.name)
            ok = False
        elif not result:
            ok = False
    return ok, missing


_ARTICLE_32 = (
    ("eliminated_harm", "主动消除或者减轻违法行为危害后果（行政处罚法第三十二条第（一）项）"),
    ("coerced", "受他人胁迫或者诱骗实施违法行为（第三十二条第（二）项）"),
    ("confessed", "主动供述行政机关尚未掌握的违法行为（第三十二条第（三）项）"),
    ("meritorious", "配合行政机关查处违法行为有立功表现（第三十二条第（四）项）"),
)


def _age(facts: Mapping[str, FactValue], on: date) -> int | None:
    age = facts.get("age")
    if isinstance(age, int) and not isinstance(age, bool):
        return age
    birth = facts.get("birth_date")
    if isinstance(birth, date):
        return age_on(birth, on)
    return None


def _legal_range_reason(item: ItemSpec, legal: tuple[Decimal, Decimal] | None) -> list[str]:
    """The statutory range of this case, or why it cannot be computed (nothing when the item has no fine)."""
    fine = item.fine
    if fine.mode is not FineMode.NONE and legal is None:
        return [f"缺少计罚基数「{fine.base_name}」，无法计算法定罚款幅度（{fine.legal_text()}），请补充该事实。"]
    if legal is not None:
        return [
            f"法定处罚幅度：{fine.legal_text()}，本案为{format_money(legal[0])}至{format_money(legal[1])}"
            f"（{item.code}「{item.name}」）。"
        ]
    return []


def _matching_tiers(item: ItemSpec, typed: Mapping[str, FactValue]) -> tuple[list[TierSpec], list[str]]:
    """The tiers whose conditions all hold, in the sheet's order, and the facts missing to decide the others."""
    matched: list[TierSpec] = []
    missing: list[str] = []
    for tier in sorted(item.tiers, key=lambda t: t.position):
        ok, lacking = _evaluate_all(tier.conditions, typed)
        missing.extend(m for m in lacking if m not in missing)
        if ok:
            matched.append(tier)
    return matched, missing


def _matched_reasons(
    matched: list[TierSpec], typed: Mapping[str, FactValue], fine: FineSpec, citation: str
) -> list[str]:
    """Why the first matching tier applies, and which later ones also held."""
    if not matched:
        return []
    chosen = matched[0]
    shown = _facts_text(chosen.conditions, typed)
    desc = f"（{chosen.description}）" if chosen.description else ""
    condition = describe_conditions(chosen.conditions)
    reasons = [
        f"{shown + '，' if shown else ''}满足「{condition}」{desc}，适用{chosen.tier.label}"
        "阶次："
        f"{chosen.range_text(fine)}（{citation}）。"
    ]
    reasons.extend(
        f"另有{other.tier.label}阶次的条件「{describe_conditions(other.conditions)}」亦满足，"
        "按裁量基准所列顺序适用在先的阶次。"
        for other in matched[1:]
    )
    return reasons


def explain(item: ItemSpec, facts: Mapping[str, Any], *, on: date) -> Explanation:
    """The tier and fine range for an act on ``on`` with ``facts``, and the reasons, in Chinese.

    The tiers are tried in the order of the bureau's sheet; the first whose conditions all hold applies (a
    later one that also holds is named in the reasons). Mandatory mitigation (第三十条、第三十二条) moves an
    ordinary or heavier result to the lighter tier (or the mitigated tier if there is no lighter one). When
    nothing applies the answer says that the discretion must be exercised by hand with written reasons.
    """
    typed = normalize_facts(facts)
    ref = item.rule_set
    citation = ref.citation()
    if not ref.covers(on):
        raise ValueError(f"违法行为发生日{format_date(on)}不在{citation}的施行期间内")
    fine = item.fine
    reasons: list[str] = []
    legal = fine.legal_range(typed)

    def result(tier: TierSpec | None, rng: tuple[Decimal, Decimal] | None, **kw: Any) -> Explanation:
        return Explanation(
            item_code=item.code,
            item_name=item.name,
            tier=tier.tier if tier else None,
            fine_min=rng[0] if rng else None,
            fine_max=rng[1] if rng else None,
            legal_min=legal[0] if legal else None,
            legal_max=legal[1] if legal else None,
            reasons=tuple(reasons),
            rule_set_version=ref.version_label,
            rule_set_id=ref.id,
            effective_from=ref.effective_from,
            basis=item.penalty_basis,
            is_sample=ref.is_sample,
            **kw,
        )

    # 第三十条: age on the day of the act.
    grounds: list[str] = []
    age = _age(typed, on)
    if age is not None:
        treatment = minor_treatment(age)
        if treatment == "no_penalty":
            reasons.append(
                f"当事人违法行为发生时{age}周岁，不满十四周岁，依照行政处罚法第三十条不予行政处罚，"
                "应当责令监护人加以管教。"
            )
            return result(None, None, no_penalty=True)
        if treatment == "must_mitigate":
            grounds.append(f"已满十四周岁不满十八周岁（{age}周岁）的未成年人（行政处罚法第三十条）")
    grounds.extend(text for code, text in _ARTICLE_32 if typed.get(code) is True)

    reasons.extend(_legal_range_reason(item, legal))

    matched, missing = _matching_tiers(item, typed)
    chosen = matched[0] if matched else None
    reasons.extend(_matched_reasons(matched, typed, fine, citation))

    if grounds:
        law = "依照行政处罚法第三十条、第三十二条" if len(grounds) > 1 else "依法"
        ground_text = "；".join(grounds)
        if chosen is None or chosen.tier in (DiscretionTier.ORDINARY, DiscretionTier.HEAVIER):
            lighter = next(
                (t for t in sorted(item.tiers, key=lambda t: t.position) if t.tier is DiscretionTier.LIGHTER), None
            )
            mitigated = next(
                (t for t in sorted(item.tiers, key=lambda t: t.position) if t.tier is DiscretionTier.MITIGATED), None
            )
            replacement = lighter or mitigated
            before = f"不适用{chosen.tier.label}阶次，" if chosen else ""
            if replacement is None:
                reasons.append(
                    f"当事人有下列情形：{ground_text}，{law}应当从轻或者减轻行政处罚；{before}本裁量基准未设"
                    "从轻、减轻阶次，需人工裁量并书面说明理由。"
                )
                return result(None, legal, manual_required=True, mandatory_grounds=tuple(grounds))
            reasons.append(
                f"当事人有下列情形：{ground_text}，{law}应当从轻或者减轻行政处罚；{before}"
                f"改按{replacement.tier.label}阶次：{replacement.range_text(fine)}（{citation}）。"
            )
            if lighter is not None and mitigated is not None:
                reasons.append(f"也可依法减轻处罚，适用减轻阶次：{mitigated.range_text(fine)}，并书面说明理由。")
            chosen = replacement
        else:
            reasons.append(
                f"当事人有下列情形：{ground_text}，{law}应当从轻或者减轻行政处罚，"
                f"所适用的{chosen.tier.label}阶次符合该要求。"
            )

    if chosen is None:
        lacking_text = f"（缺少事实：{'、'.join(missing)}，补充后可重新计算）" if missing else ""
        reasons.append(
            f"本案事实未满足裁量基准中任何阶次的适用条件{lacking_text}，需人工裁量并书面说明理由（{citation}）。"
        )
        return result(None, legal, manual_required=True, mandatory_grounds=tuple(grounds))

    rng = fine.range_for(
        typed, fine_min=chosen.fine_min, fine_max=chosen.fine_max, coef_min=chosen.coef_min, coef_max=chosen.coef_max
    )
    if rng is not None:
        reasons.append(f"本案罚款幅度：{format_money(rng[0])}至{format_money(rng[1])}。")
    elif fine.mode is not FineMode.NONE:
        return result(chosen, None, manual_required=True, mandatory_grounds=tuple(grounds))
    return result(chosen, rng, mandatory_grounds=tuple(grounds))


def _first_time(spec: ExemptionSpec, facts: Mapping[str, FactValue], on: date) -> tuple[bool | None, str]:
    prior_date = facts.get("prior_violation_date")
    if isinstance(prior_date, date):
        if spec.look_back_months is None:
            return False, f"当事人曾于{format_date(prior_date)}有同类违法行为，不属初次违法"
        window_end = add_calendar_months(prior_date, spec.look_back_months)
        if window_end < on:
            return True, (
                f"前次同类违法行为发生于{format_date(prior_date)}，已超过{spec.look_back_months}个"
                "月的"
                "初次认定回溯期，视为初次违法"
            )
        return False, (
            f"前次同类违法行为发生于{format_date(prior_date)}，在{spec.look_back_months}个月的"
            "初次认定回溯期内，不属初次违法"
        )
    prior = facts.get("prior_violations")
    if isinstance(prior, int) and not isinstance(prior, bool):
        if prior == 0:
            return True, "当事人此前无同类违法记录，属初次违法"
        return False, f"当事人此前有{prior}次同类违法记录，不属初次违法"
    return None, "缺少事实「前次违法日期」或「前次违法次数」，无法认定是否初次违法"


def _statutory_elements(
    spec: ExemptionSpec, facts: Mapping[str, FactValue], on: date
) -> tuple[bool, list[str], list[str]]:
    """(all statutory elements hold, reasons, missing facts) for the kind of exemption."""
    reasons: list[str] = []
    missing: list[str] = []
    ok = True

    def need(code: str, expected: object, text_ok: str, text_no: str) -> None:
        nonlocal ok
        fact = find_fact(code)
        assert fact is not None
        value = facts.get(code)
        if value is None:
            missing.append(fact.name)
            ok = False
            reasons.append(f"缺少事实「{fact.name}」")
        elif (value in expected) if isinstance(expected, tuple) else (value == expected):
            reasons.append(text_ok)
        else:
            ok = False
            reasons.append(text_no)

    if spec.kind is ExemptionKind.NO_FAULT:
        need("no_fault", True, "当事人有证据足以证明没有主观过错", "当事人未能证明没有主观过错")
    elif spec.kind is ExemptionKind.MINOR:
        need("harm", "none", "未造成危害后果", "造成了危害后果，不属“没有造成危害后果”")
        need("corrected", True, "已及时改正", "未及时改正")
    else:
        first, text = _first_time(spec, facts, on)
        reasons.append(text)
        if first is None:
            ok = False
            missing.append("前次违法日期")
        elif not first:
            ok = False
        need("harm", ("none", "minor"), "危害后果轻微", "危害后果不属轻微")
        need("corrected", True, "已及时改正", "未及时改正")
    return ok, reasons, missing


def exemption_check(item: ItemSpec, facts: Mapping[str, Any], *, on: date) -> ExemptionResult:
    """Whether an exemption of the bureau's list (免罚清单) applies to the act, and why or why not.

    Each exemption rule must meet both the statutory elements of its kind and the bureau's own conditions.
    Mandatory grounds (轻微不罚, 无主观过错) are preferred over 首违不罚, which only permits not punishing.
    """
    typed = normalize_facts(facts)
    ref = item.rule_set
    if not ref.covers(on):
        raise ValueError(f"违法行为发生日{format_date(on)}不在{ref.citation()}的施行期间内")
    reasons: list[str] = []
    missing: list[str] = []
    applicable: list[ExemptionSpec] = []
    for spec in sorted(item.exemptions, key=lambda s: s.position):
        statutory_ok, statutory_reasons, lacking = _statutory_elements(spec, typed, on)
        own_ok, own_lacking = _evaluate_all(spec.conditions, typed)
        missing.extend(m for m in [*lacking, *own_lacking] if m not in missing)
        shown = _facts_text(spec.conditions, typed)
        own = (
            (
                f"{shown + '，' if shown else ''}{'满足' if own_ok else '不满足'}本局免罚清单条件"
                f"「{describe_conditions(spec.conditions)}」"
            )
            if spec.conditions
            else "本局免罚清单未设附加条件"
        )
        verdict = "适用" if statutory_ok and own_ok else "不适用"
        reasons.append(f"{spec.kind.label}：{'；'.join(statutory_reasons)}；{own}——{verdict}。")
        if statutory_ok and own_ok:
            applicable.append(spec)
    if not item.exemptions:
        reasons.append(f"本事项在{ref.citation()}中未列入免罚清单。")
    chosen = next((s for s in applicable if s.kind.mandatory), applicable[0] if applicable else None)
    if chosen is None:
        return ExemptionResult(
            item_code=item.code,
            applies=False,
            kind=None,
            mandatory=False,
            reasons=tuple(reasons),
            rule_set_version=ref.version_label,
            rule_set_id=ref.id,
            effective_from=ref.effective_from,
            missing_facts=tuple(missing),
        )
    verb = "不予行政处罚" if chosen.kind.mandatory else "可以不予行政处罚"
    reasons.append(
        f"依照{chosen.kind.article}，本案{verb}（{chosen.kind.label}，{ref.citation()}）；"
        "对当事人应当进行教育（行政处罚法第三十三条第三款）。"
    )
    return ExemptionResult(
        item_code=item.code,
        applies=True,
        kind=chosen.kind,
        mandatory=chosen.kind.mandatory,
        reasons=tuple(reasons),
        rule_set_version=ref.version_label,
        rule_set_id=ref.id,
        effective_from=ref.effective_from,
        rule_description=chosen.description,
        missing_facts=tuple(missing),
    )
