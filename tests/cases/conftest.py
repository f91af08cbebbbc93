from __future__ import annotations

from datetime import date

import pytest

from fazhi.accounts.models import Role

LIST_FROM = date(2024, 1, 1)


@pytest.fixture
def power_list(bureau):  # type: ignore[no-untyped-def]
    """The sample list in force for the bureau from 2024, with one item delegated to the township."""
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
def head(bureau, make_user):  # type: ignore[no-untyped-def]
    return make_user(bureau.bureau, Role.HEAD)


@pytest.fixture
def township_head(bureau, make_user):  # type: ignore[no-untyped-def]
    return make_user(bureau.township, Role.HEAD)


@pytest.fixture
def open_case(bureau, power_list, make_user):  # type: ignore[no-untyped-def]
    from fazhi.cases.services import case_open

    officer_user = make_user(bureau.squad, Role.OFFICER)

    def make(
        agency=None, code="SL-SR-001", act_date=date(2026, 3, 2), discovered_on=date(2026, 3, 2), actor=None, **kw
    ):  # type: ignore[no-untyped-def]
        return case_open(
            actor=actor or officer_user,
            agency=agency or bureau.squad,
            source="patrol",
            power_item_code=code,
            party_kind="person",
            **{"party_name": "张三", "party_id_number": "11010519491231002X", **kw},
            act_date=act_date,
            discovered_on=discovered_on,
        )

    return make
