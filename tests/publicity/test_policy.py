"""The publication policy, without a database: what is light, how long, and when 信用修复 may end it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from fazhi.publicity.policy import (
    PublicationPolicy,
    is_light,
    period_months,
    publication_exemption,
    repair_earliest,
    repair_refusal,
)

P = PublicationPolicy()


def test_a_warning_and_a_fine_at_the_person_threshold_is_light() -> None:
    assert is_light(P, penalty_kinds=["warning", "fine"], fine=Decimal("10000"), is_person=True)


def test_a_fine_one_yuan_above_the_person_threshold_is_not_light() -> None:
    assert not is_light(P, penalty_kinds=["fine"], fine=Decimal("10000.01"), is_person=True)


def test_an_organisation_has_its_own_threshold() -> None:
    assert is_light(P, penalty_kinds=["fine"], fine=Decimal("100000"), is_person=False)
    assert not is_light(P, penalty_kinds=["fine"], fine=Decimal("100000.01"), is_person=False)


def test_confiscation_or_revocation_is_never_light() -> None:
    assert not is_light(P, penalty_kinds=["fine", "confiscate_illegal_gains"], fine=Decimal("100"), is_person=True)
    assert not is_light(P, penalty_kinds=["revoke_permit"], fine=Decimal("0"), is_person=False)


def test_public_criticism_alone_is_light() -> None:
    assert is_light(P, penalty_kinds=["public_criticism"], fine=Decimal("0"), is_person=True)


def test_light_penalties_are_published_three_months_and_others_three_years() -> None:
    light = period_months(P, penalty_kinds=["fine"], fine=Decimal("500"), is_person=True, domain="city_appearance")
    heavy = period_months(P, penalty_kinds=["fine"], fine=Decimal("50000"), is_person=True, domain="planning")
    assert light[0] == 3 and heavy[0] == 36


def test_a_listed_domain_raises_a_light_penalty_to_its_one_year_minimum() -> None:
    p = PublicationPolicy(min_months_by_domain={"food": 12})
    months, reason = period_months(p, penalty_kinds=["fine"], fine=Decimal("500"), is_person=True, domain="food")
    assert months == 12 and "最短公示期12个月" in reason


def test_simple_procedure_and_warning_only_decisions_are_not_published_by_default() -> None:
    assert publication_exemption(P, is_penalty=True, is_simple_procedure=True, penalty_kinds=["fine"])
    assert publication_exemption(P, is_penalty=True, is_simple_procedure=False, penalty_kinds=["warning"])
    assert publication_exemption(P, is_penalty=False, is_simple_procedure=False, penalty_kinds=[])
    assert publication_exemption(P, is_penalty=True, is_simple_procedure=False, penalty_kinds=["fine"]) is None


def test_the_settings_can_publish_simple_procedure_and_warning_only_decisions() -> None:
    p = PublicationPolicy(publish_simple_procedure=True, publish_warning_only=True)
    assert publication_exemption(p, is_penalty=True, is_simple_procedure=True, penalty_kinds=["warning"]) is None


def test_credit_repair_is_refused_for_revocation_and_suspension_of_business() -> None:
    for kind in ("revoke_permit", "order_suspension", "order_closure"):
        reason = repair_refusal(
            P, penalty_kinds=["fine", kind], domain="", base=date(2020, 1, 1), today=date(2025, 1, 1)
        )
        assert reason is not None and "不得提前停止公示" in reason


def test_credit_repair_opens_the_day_after_the_three_month_minimum() -> None:
    base = date(2025, 1, 15)
    assert repair_earliest(P, base=base, domain="") == date(2025, 4, 16)
    assert repair_refusal(P, penalty_kinds=["fine"], domain="", base=base, today=date(2025, 4, 15))
    assert repair_refusal(P, penalty_kinds=["fine"], domain="", base=base, today=date(2025, 4, 16)) is None


def test_credit_repair_in_a_listed_domain_waits_one_year() -> None:
    p = PublicationPolicy(min_months_by_domain={"food": 12})
    assert repair_earliest(p, base=date(2025, 1, 15), domain="food") == date(2026, 1, 16)
