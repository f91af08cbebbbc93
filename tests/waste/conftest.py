from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from fazhi.accounts.models import Role, User
from fazhi.agencies.models import Officer
from tests.conftest import _uscc


@pytest.fixture
def power_list(bureau):  # type: ignore[no-untyped-def]
    from fazhi.powers.sample import load_sample_power_list

    return load_sample_power_list(actor=bureau.admin, owner=bureau.bureau, effective_from=date(2024, 1, 1))


@dataclass
class Staff:
    clerk: User
    officer_user: User
    officer: Officer
    other_squad: User


@pytest.fixture
def staff(bureau, make_user, make_officer) -> Staff:  # type: ignore[no-untyped-def]
    officer = make_officer(bureau.squad, "李强")
    return Staff(
        clerk=make_user(bureau.bureau, Role.CLERK),
        officer_user=make_user(bureau.squad, Role.OFFICER, officer=officer),
        officer=officer,
        other_squad=make_user(bureau.squad2, Role.OFFICER),
    )


def uscc(seed: str) -> str:
    return _uscc(seed)
