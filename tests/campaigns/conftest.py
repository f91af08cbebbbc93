from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from fazhi.accounts.models import Role, User
from fazhi.agencies.models import Officer


@pytest.fixture
def power_list(bureau):  # type: ignore[no-untyped-def]
    from fazhi.powers.sample import load_sample_power_list

    return load_sample_power_list(actor=bureau.admin, owner=bureau.bureau, effective_from=date(2024, 1, 1))


@dataclass
class Staff:
    head: User
    clerk: User
    officer_user: User
    officer: Officer
    officer2: Officer
    other_squad: User


@pytest.fixture
def staff(bureau, make_user, make_officer) -> Staff:  # type: ignore[no-untyped-def]
    officer = make_officer(bureau.squad, "李强")
    officer2 = make_officer(bureau.squad, "赵敏")
    return Staff(
        head=make_user(bureau.bureau, Role.HEAD),
        clerk=make_user(bureau.bureau, Role.CLERK),
        officer_user=make_user(bureau.squad, Role.OFFICER, officer=officer),
        officer=officer,
        officer2=officer2,
        other_squad=make_user(bureau.squad2, Role.OFFICER),
    )


@pytest.fixture
def make_case(bureau, staff, power_list):  # type: ignore[no-untyped-def]
    """A lead of the squad discovered on ``on``; registered on ``registered_on`` if given (the clock set to it)."""
    from fazhi.cases.services import case_open, case_register
    from fazhi.core import clock

    def make(on: date, registered_on: date | None = None, agency=None):  # type: ignore[no-untyped-def]
        with clock.frozen_at(registered_on or on):
            case = case_open(
                actor=staff.officer_user if agency is None else staff.head,
                agency=agency or bureau.squad,
                source="patrol",
                power_item_code="SL-SR-001",
                party_kind="person",
                party_name="张三",
                party_id_number="11010519491231002X",
                act_date=on,
                discovered_on=on,
            )
            if registered_on is not None:
                case = case_register(
                    actor=staff.head, case=case, handlers=[staff.officer, staff.officer2], on=registered_on
                )
        return case

    return make
