"""construction_waste.permit_companies / permit_vehicles: permits valid on at least one day of the year."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.core import clock
from fazhi.waste import services
from fazhi.waste.figures import annual_figures
from tests.waste.conftest import uscc

Y0, Y1 = date(2025, 1, 1), date(2025, 12, 31)


@pytest.fixture(autouse=True)
def _today():  # type: ignore[no-untyped-def]
    with clock.frozen_at(date(2026, 3, 1)):
        yield


def _figures(agency, include_subordinates: bool = True):  # type: ignore[no-untyped-def]
    return annual_figures(
        agency=agency, include_subordinates=include_subordinates, start=Y0, end=Y1, today=date(2026, 3, 1)
    )


def _company(staff, agency, seed: str, plates: list[str]):  # type: ignore[no-untyped-def]
    company = services.company_create(actor=staff.clerk, agency=agency, name=f"运输公司{seed}", uscc=uscc(seed))
    return company, [services.vehicle_create(actor=staff.clerk, company=company, plate_number=p) for p in plates]


def _permit(staff, agency, company, vehicles, number: str, *, start: date, end: date):  # type: ignore[no-untyped-def]
    return services.permit_issue(
        actor=staff.clerk,
        agency=agency,
        company=company,
        number=number,
        vehicles=vehicles,
        route="r",
        site="s",
        valid_from=start,
        valid_until=end,
    )


def test_no_permit_gives_zero_companies_and_vehicles(bureau, staff) -> None:
    assert _figures(bureau.bureau) == {
        "construction_waste.permit_companies": 0,
        "construction_waste.permit_vehicles": 0,
    }


def test_companies_and_vehicles_with_a_permit_valid_in_the_year_are_counted_once(bureau, staff) -> None:
    a, (a1, a2, a3) = _company(staff, bureau.bureau, "MA4L0A001", ["湘B10001", "湘B10002", "湘B10003"])
    b, (b1,) = _company(staff, bureau.bureau, "MA4L0B001", ["湘B20001"])
    c, (c1,) = _company(staff, bureau.bureau, "MA4L0C001", ["湘B30001"])
    d, (d1,) = _company(staff, bureau.bureau, "MA4L0D001", ["湘B40001"])
    e, (e1,) = _company(staff, bureau.bureau, "MA4L0E001", ["湘B50001"])
    # a: two permits in the year, a1 in both: 1 company, 3 vehicles
    _permit(staff, bureau.bureau, a, [a1, a2], "1", start=date(2024, 7, 1), end=Y0)  # its last day is the year's first
    _permit(staff, bureau.bureau, a, [a1, a3], "2", start=Y1, end=date(2026, 6, 30))  # its first day is the year's last
    # b: ended the day before the year; c: began the day after
    _permit(staff, bureau.bureau, b, [b1], "3", start=date(2024, 1, 1), end=date(2024, 12, 31))
    _permit(staff, bureau.bureau, c, [c1], "4", start=date(2026, 1, 1), end=date(2026, 12, 31))
    # d: revoked on the year's first day (never valid in the year); e: revoked on its second day (valid on the first)
    pd = _permit(staff, bureau.bureau, d, [d1], "5", start=date(2024, 6, 1), end=date(2025, 6, 30))
    pe = _permit(staff, bureau.bureau, e, [e1], "6", start=date(2024, 6, 1), end=date(2025, 6, 30))
    services.permit_revoke(actor=staff.clerk, permit=pd, revoked_on=Y0, reason="违规")
    services.permit_revoke(actor=staff.clerk, permit=pe, revoked_on=date(2025, 1, 2), reason="违规")
    assert _figures(bureau.bureau) == {
        "construction_waste.permit_companies": 2,
        "construction_waste.permit_vehicles": 4,
    }


def test_a_permit_revoked_on_its_first_day_was_never_valid(bureau, staff) -> None:
    a, (a1,) = _company(staff, bureau.bureau, "MA4L0F001", ["湘B60001"])
    p = _permit(staff, bureau.bureau, a, [a1], "7", start=date(2025, 5, 1), end=date(2025, 12, 31))
    services.permit_revoke(actor=staff.clerk, permit=p, revoked_on=date(2025, 5, 1), reason="错发")
    assert _figures(bureau.bureau)["construction_waste.permit_companies"] == 0


def test_a_brigades_permits_count_for_the_bureau_only_with_its_subordinates(bureau, staff, make_user) -> None:
    from fazhi.accounts.models import Role

    staff.clerk = make_user(bureau.brigade, Role.CLERK)
    a, (a1,) = _company(staff, bureau.brigade, "MA4L0G001", ["湘B70001"])
    _permit(staff, bureau.brigade, a, [a1], "8", start=date(2025, 5, 1), end=date(2025, 12, 31))
    assert _figures(bureau.bureau)["construction_waste.permit_vehicles"] == 1
    assert _figures(bureau.bureau, include_subordinates=False)["construction_waste.permit_vehicles"] == 0
