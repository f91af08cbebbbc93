from __future__ import annotations

from datetime import date

import pytest

from tests.cases.flow import make_cast, travel

DAY = date(2025, 3, 3)


@pytest.fixture
def power_list(bureau):  # type: ignore[no-untyped-def]
    from fazhi.powers.sample import load_sample_power_list

    return load_sample_power_list(actor=bureau.admin, owner=bureau.bureau, effective_from=date(2024, 1, 1))


@pytest.fixture
def cast(monkeypatch, bureau, power_list, make_officer, make_user):  # type: ignore[no-untyped-def]
    from fazhi.cases import services

    travel(monkeypatch, DAY)
    cast = make_cast(bureau, make_officer, make_user)
    services.form_stock_receive(actor=cast.clerk, agency=bureau.bureau, prefix="示当", first_no=1, last_no=50)
    return cast
