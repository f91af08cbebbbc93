"""Tests of fazhi.rules.kinds: stable codes and Chinese labels."""

from __future__ import annotations

import pytest

from fazhi.rules import PartyKind, PenaltyKind, RulesError, parse_party_kind, parse_penalty_kinds


def test_every_penalty_kind_of_article_9_has_a_stable_code_and_a_label() -> None:
    assert {k.value for k in PenaltyKind} == {
        "warning",
        "public_criticism",
        "fine",
        "confiscate_illegal_gains",
        "confiscate_illegal_property",
        "suspend_permit",
        "lower_qualification",
        "revoke_permit",
        "restrict_business",
        "order_suspension",
        "order_closure",
        "restrict_employment",
        "detention",
        "other",
    }
    assert PenaltyKind.REVOKE_PERMIT.label == "吊销许可证件"
    assert all(k.label for k in PenaltyKind)


def test_party_kinds_have_labels() -> None:
    assert PartyKind.PERSON.label == "公民"
    assert PartyKind.ORGANIZATION.label == "法人或者其他组织"


def test_codes_parse_and_unknown_codes_are_refused() -> None:
    assert parse_party_kind("organization") is PartyKind.ORGANIZATION
    assert parse_penalty_kinds(["fine", PenaltyKind.WARNING]) == {PenaltyKind.FINE, PenaltyKind.WARNING}
    with pytest.raises(RulesError):
        parse_party_kind("PERSON")
