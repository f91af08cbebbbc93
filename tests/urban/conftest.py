from __future__ import annotations

import pytest

from fazhi.accounts.models import Role
from tests.cases.conftest import head, open_case, power_list  # noqa: F401  (fixtures shared with the case tests)
from tests.cases.flow import Cast, make_cast


@pytest.fixture
def cast(bureau, power_list, make_officer, make_user) -> Cast:  # type: ignore[no-untyped-def]  # noqa: F811
    return make_cast(bureau, make_officer, make_user)


@pytest.fixture
def officer(bureau, make_user):  # type: ignore[no-untyped-def]
    return make_user(bureau.squad, Role.OFFICER)


@pytest.fixture
def bureau_head(bureau, make_user):  # type: ignore[no-untyped-def]
    return make_user(bureau.bureau, Role.HEAD)
