from __future__ import annotations

import pytest

from tests.cases.conftest import head, open_case, power_list, township_head  # noqa: F401 - shared fixtures
from tests.cases.flow import make_cast


@pytest.fixture
def cast(bureau, power_list, make_officer, make_user):  # type: ignore[no-untyped-def]  # noqa: F811
    return make_cast(bureau, make_officer, make_user)
