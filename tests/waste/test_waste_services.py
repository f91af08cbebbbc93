"""渣土准运 services: a permit's validity, a check's result computed from the permits, and the case it leads to."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.core import clock
from fazhi.core.audit import AuditEvent
from fazhi.core.errors import PermissionDenied, RuleViolation, ValidationError
from fazhi.waste import services
from fazhi.waste.models import CheckCase, CheckResult, TransportCompany, TransportPermit, Vehicle, WasteCheck
from tests.waste.conftest import uscc

TODAY = date(2025, 9, 30)


@pytest.fixture(autouse=True)
def _today():  # type: ignore[no-untyped-def]
    with clock.frozen_at(TODAY):
        yield


@pytest.fixture
def fleet(bureau, staff):  # type: ignore[no-untyped-def]
    company = services.company_create(
        actor=staff.clerk, agency=bureau.bureau, name="示范市顺达渣土运输有限公司", uscc=uscc("MA4L00001")
    )
    v1 = services.vehicle_create(actor=staff.clerk, company=company, plate_number="湘b 12345")
    v2 = services.vehicle_create(actor=staff.clerk, company=company, plate_number="湘B12346")
    permit = services.permit_issue(
        actor=staff.clerk,
        agency=bureau.bureau,
        company=company,
        number="示渣准〔2025〕1号",
        vehicles=[v1],
        route="建设路—环城南路",
        site="城南安置小区工地—南郊消纳场",
        valid_from=date(2025, 3, 1),
        valid_until=date(2025, 6, 30),
    )
    return company, v1, v2, permit


def test_a_company_with_a_wrong_credit_code_is_refused(bureau, staff) -> None:
    with pytest.raises(ValidationError, match="统一社会信用代码"):
        services.company_create(actor=staff.clerk, agency=bureau.bureau, name="某公司", uscc="91430281MA4L000010")
    assert not TransportCompany.objects.exists()


def test_a_plate_is_stored_normalised_and_registered_once(fleet, staff) -> None:
    company, v1, _, _ = fleet
    assert v1.plate_number == "湘B12345"
    with pytest.raises(ValidationError, match="已登记"):
        services.vehicle_create(actor=staff.clerk, company=company, plate_number="湘B·12345")
    with pytest.raises(ValidationError, match="格式不正确"):
        services.vehicle_create(actor=staff.clerk, company=company, plate_number="湘B1234")
    assert Vehicle.objects.count() == 2


def test_an_officer_may_not_register_companies(bureau, staff) -> None:
    with pytest.raises(PermissionDenied, match="内勤或负责人"):
        services.company_create(actor=staff.officer_user, agency=bureau.squad, name="某公司", uscc=uscc("MA4L00002"))


def test_a_permit_whose_validity_ends_before_it_begins_is_refused(bureau, staff, fleet) -> None:
    company, v1, _, _ = fleet
    with pytest.raises(ValidationError, match="有效期止（2025-02-28）不能早于有效期起（2025-03-01）"):
        services.permit_issue(
            actor=staff.clerk,
            agency=bureau.bureau,
            company=company,
            number="示渣准〔2025〕2号",
            vehicles=[v1],
            route="r",
            site="s",
            valid_from=date(2025, 3, 1),
            valid_until=date(2025, 2, 28),
        )
    assert TransportPermit.objects.count() == 1


def test_a_one_day_permit_is_accepted(bureau, staff, fleet) -> None:
    company, v1, _, _ = fleet
    permit = services.permit_issue(
        actor=staff.clerk,
        agency=bureau.bureau,
        company=company,
        number="示渣准〔2025〕3号",
        vehicles=[v1],
        route="r",
        site="s",
        valid_from=date(2025, 7, 1),
        valid_until=date(2025, 7, 1),
    )
    assert permit.state_on(date(2025, 7, 1)).value == "valid"


def test_a_permit_may_not_list_another_companys_vehicle(bureau, staff, fleet) -> None:
    company, _, _, _ = fleet
    other = services.company_create(actor=staff.clerk, agency=bureau.bureau, name="另一公司", uscc=uscc("MA4L00003"))
    foreign = services.vehicle_create(actor=staff.clerk, company=other, plate_number="湘B54321")
    with pytest.raises(ValidationError, match="不属于"):
        services.permit_issue(
            actor=staff.clerk,
            agency=bureau.bureau,
            company=company,
            number="示渣准〔2025〕4号",
            vehicles=[foreign],
            route="r",
            site="s",
            valid_from=date(2025, 3, 1),
            valid_until=date(2025, 4, 1),
        )


def _check(staff, bureau, plate: str, on: date, **kw):  # type: ignore[no-untyped-def]
    return services.check_record(
        actor=staff.officer_user,
        agency=bureau.squad,
        checked_on=on,
        place="环城南路口",
        plate_number=plate,
        officer=staff.officer,
        **kw,
    )


def test_the_check_result_follows_the_permit_to_its_last_day(bureau, staff, fleet) -> None:
    assert _check(staff, bureau, "湘B12345", date(2025, 6, 30)).result == CheckResult.PERMITTED
    assert _check(staff, bureau, "湘B12345", date(2025, 7, 1)).result == CheckResult.EXPIRED
    assert _check(staff, bureau, "湘B12346", date(2025, 6, 1)).result == CheckResult.NO_PERMIT
    unregistered = _check(staff, bureau, "湘C88888", date(2025, 6, 1))
    assert unregistered.result == CheckResult.NO_PERMIT and unregistered.vehicle is None


def test_a_check_recording_permitted_for_an_expired_permit_is_refused(bureau, staff, fleet) -> None:
    with pytest.raises(RuleViolation, match="准运证示渣准〔2025〕1号在2025-07-01已过期"):
        _check(staff, bureau, "湘B12345", date(2025, 7, 1), result=CheckResult.PERMITTED)
    assert not WasteCheck.objects.exists()
    assert not AuditEvent.objects.filter(action="waste.check.record").exists()


def test_a_revoked_permit_no_longer_permits_from_the_day_of_revocation(bureau, staff, fleet) -> None:
    permit = fleet[3]
    services.permit_revoke(actor=staff.clerk, permit=permit, revoked_on=date(2025, 5, 10), reason="违规运输被查处")
    assert _check(staff, bureau, "湘B12345", date(2025, 5, 9)).result == CheckResult.PERMITTED
    with pytest.raises(RuleViolation, match="已撤销"):
        _check(staff, bureau, "湘B12345", date(2025, 5, 10), result=CheckResult.PERMITTED)
    with pytest.raises(RuleViolation, match="已于2025-05-10撤销"):
        services.permit_revoke(actor=staff.clerk, permit=permit, revoked_on=date(2025, 5, 11), reason="再次")


def test_a_permitted_vehicle_with_a_violation_is_recorded_as_a_violation(bureau, staff, fleet) -> None:
    check = _check(staff, bureau, "湘B12345", date(2025, 5, 1), violation="车厢未密闭，沿路遗撒")
    assert check.result == CheckResult.VIOLATION and check.permit == fleet[3]
    with pytest.raises(ValidationError, match="写明违规情况"):
        _check(staff, bureau, "湘B12345", date(2025, 5, 1), result=CheckResult.VIOLATION)


def test_a_check_in_the_future_is_refused(bureau, staff, fleet) -> None:
    with pytest.raises(ValidationError, match="不能晚于今天"):
        _check(staff, bureau, "湘B12345", date(2025, 10, 1))


def test_a_case_opened_on_an_unpermitted_vehicle_links_to_its_check(bureau, staff, fleet, power_list) -> None:
    check = _check(staff, bureau, "湘B12346", date(2025, 9, 1), violation="车厢未密闭")
    link = services.check_case_open(actor=staff.officer_user, check=check, power_item_code="SL-ZT-001")
    case = link.case
    assert link.check_record == check and case.party.name == "示范市顺达渣土运输有限公司"
    assert case.party.id_number == fleet[0].uscc and case.act_date == date(2025, 9, 1)
    assert "湘B12346" in case.facts and case.state == "lead"
    with pytest.raises(ValidationError, match="已关联"):
        services.check_case_link(actor=staff.officer_user, check=check, case=case)


def test_no_case_is_opened_on_a_permitted_vehicle(bureau, staff, fleet, power_list) -> None:
    check = _check(staff, bureau, "湘B12345", date(2025, 5, 1))
    with pytest.raises(RuleViolation, match="没有可立案的违法情形"):
        services.check_case_open(actor=staff.officer_user, check=check, power_item_code="SL-ZT-001")
    assert not CheckCase.objects.exists()


def test_a_case_with_a_wrong_item_code_leaves_no_link(bureau, staff, fleet, power_list) -> None:
    check = _check(staff, bureau, "湘B12346", date(2025, 9, 1))
    with pytest.raises(ValidationError, match="事项编码"):
        services.check_case_open(actor=staff.officer_user, check=check, power_item_code="NO-SUCH")
    assert not CheckCase.objects.exists()
