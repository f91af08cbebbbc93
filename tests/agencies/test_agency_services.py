from __future__ import annotations

import pytest

from fazhi.agencies.models import Agency, AgencyKind
from fazhi.agencies.services import agency_create, agency_update
from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.core.models import AuditEvent


def _counts() -> tuple[int, int]:
    return Agency.objects.count(), AuditEvent.objects.count()


def test_agency_with_invalid_uscc_check_digit_is_refused_and_nothing_is_saved(bureau) -> None:
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        agency_create(
            actor=bureau.admin,
            kind=AgencyKind.TOWNSHIP,
            name="北山镇人民政府",
            code="北山镇",
            region_code="430281",
            uscc="91350100M000100Y44",
            parent=bureau.bureau,
        )
    assert exc.value.message == (
        "统一社会信用代码「91350100M000100Y44」无效：格式或校验位不符合 GB 32100-2015，请核对后重新输入。"
    )
    assert _counts() == before


def test_agency_with_valid_uscc_is_created_under_its_parent_with_a_path(bureau) -> None:
    township = agency_create(
        actor=bureau.admin,
        kind=AgencyKind.TOWNSHIP,
        name="北山镇人民政府",
        code="北山镇",
        region_code="430281",
        uscc="91350100M000100Y43",
        parent=bureau.bureau,
    )
    assert township.path == f"{bureau.bureau.path}{township.pk}/"
    assert township.legal_subject() == township
    assert bureau.squad.legal_subject() == bureau.bureau


def test_legal_subject_without_uscc_is_refused(bureau) -> None:
    with pytest.raises(ValidationError, match="必须填写统一社会信用代码"):
        agency_create(actor=bureau.admin, kind=AgencyKind.BUREAU, name="另一个局", code="另局", region_code="430281")


def test_several_field_errors_are_reported_together(bureau) -> None:
    with pytest.raises(ValidationError) as exc:
        agency_create(
            actor=bureau.admin, kind=AgencyKind.SQUAD, name=" ", code="", region_code="4302", parent=bureau.brigade
        )
    assert "机构全称不能为空" in exc.value.message
    assert "案号代字不能为空" in exc.value.message
    assert "应为六位数字" in exc.value.message


def test_duplicate_case_number_code_is_refused(bureau) -> None:
    with pytest.raises(ValidationError, match="已被其他机构使用"):
        agency_create(
            actor=bureau.admin,
            kind=AgencyKind.SQUAD,
            name="城北中队",
            code="示城管东",
            region_code="430281",
            parent=bureau.brigade,
        )


def test_a_squad_cannot_sit_directly_under_a_township(bureau) -> None:
    with pytest.raises(ValidationError, match="中队不能设在"):
        agency_create(
            actor=bureau.admin,
            kind=AgencyKind.SQUAD,
            name="镇中队",
            code="镇中队",
            region_code="430281",
            parent=bureau.township,
        )


def test_only_a_system_administrator_maintains_agencies(bureau, make_user) -> None:
    from fazhi.accounts.models import Role

    head = make_user(bureau.bureau, Role.HEAD)
    with pytest.raises(PermissionDenied):
        agency_update(actor=head, agency=bureau.squad, name="改名")
    assert Agency.objects.get(pk=bureau.squad.pk).name == "城东中队"


def test_agency_update_with_invalid_uscc_keeps_the_old_value(bureau) -> None:
    old = bureau.township.uscc
    with pytest.raises(ValidationError):
        agency_update(actor=bureau.admin, agency=bureau.township, uscc="123")
    assert Agency.objects.get(pk=bureau.township.pk).uscc == old
