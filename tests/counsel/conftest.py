"""Fixtures of the counsel tests: the sample power list with one item delegated to the township, the people of a
case (tests.cases.flow), a registered case and one that has had its 法制审核, all through the services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from fazhi.accounts.models import Role
from tests.cases.flow import Cast, add_evidence, make_cast, registered_case, travel

LIST_FROM = date(2024, 1, 1)


@pytest.fixture
def power_list(bureau):  # type: ignore[no-untyped-def]
    from fazhi.powers.sample import load_sample_power_list
    from fazhi.powers.services import delegation_grant

    rule_set = load_sample_power_list(actor=bureau.admin, owner=bureau.bureau, effective_from=LIST_FROM)
    delegation_grant(
        actor=bureau.admin,
        township=bureau.township,
        item_code="SL-SR-001",
        valid_from=date(2025, 1, 1),
        document_number="示政发〔2024〕9号",
    )
    return rule_set


@pytest.fixture
def cast(bureau, power_list, make_officer, make_user) -> Cast:  # type: ignore[no-untyped-def]
    return make_cast(bureau, make_officer, make_user)


@pytest.fixture
def case(monkeypatch, bureau, cast):  # type: ignore[no-untyped-def]
    """A case of the squad registered on 2025-03-03, handled by cast.handler1 and cast.handler2; today 2025-06-30."""
    registered = registered_case(monkeypatch, bureau, cast, is_major=True)
    travel(monkeypatch, date(2025, 6, 30))
    return registered


@pytest.fixture
def reviewed_case(monkeypatch, case, cast):  # type: ignore[no-untyped-def]
    """The case after its 法制审核 on 2025-03-12."""
    from fazhi.cases import services

    travel(monkeypatch, date(2025, 3, 10))
    add_evidence(case, cast, date(2025, 3, 10))
    services.investigation_conclude(
        actor=cast.handler1,
        case=case,
        facts="当事人未取得建设工程规划许可证，在城东路1号建设房屋50平方米。",
        evidence_summary="现场检查笔录、询问笔录、照片",
        proposed_outcome="penalty",
        penalty_kinds=["fine"],
        fine=Decimal("50000.00"),
        discretion_facts={"area_m2": 50, "construction_cost": 800000},
    )
    travel(monkeypatch, date(2025, 3, 11))
    services.case_review_record(actor=cast.leader, case=case, opinion="agree", text="事实清楚。")
    travel(monkeypatch, date(2025, 3, 12))
    services.legal_review_record(actor=cast.reviewer, case=case, opinion="agree", text="主体适格，程序合法。")
    return case


@pytest.fixture
def township_case(bureau, power_list, make_user):  # type: ignore[no-untyped-def]
    """A township's lead on the item delegated to it from 2025-01-01 (SL-SR-001), the act on 2025-03-02."""
    from fazhi.cases.services import case_open

    def make(code: str = "SL-SR-001", act_date: date = date(2025, 3, 2)) -> Any:
        return case_open(
            actor=make_user(bureau.township, Role.OFFICER),
            agency=bureau.township,
            source="patrol",
            power_item_code=code,
            party_kind="person",
            party_name="李四",
            party_id_number="11010519491231002X",
            act_date=act_date,
            discovered_on=act_date,
        )

    return make
