from __future__ import annotations

from datetime import date

import pytest

from fazhi.agencies.models import Certificate, CertificateStatus, Officer
from fazhi.agencies.selectors import officer_certificate_problem
from fazhi.agencies.services import (
    certificate_change_status,
    certificate_issue,
    officer_create,
    officers_ensure_can_act,
)
from fazhi.core.errors import RuleViolation, ValidationError
from fazhi.core.models import AuditEvent


def test_officer_may_act_on_the_last_day_of_his_certificate(make_officer) -> None:
    officer = make_officer(valid_until=date(2026, 6, 30))
    officers_ensure_can_act(officers=[officer], on=date(2026, 6, 30))


def test_officer_with_an_expired_certificate_is_refused_the_day_after(make_officer) -> None:
    officer = make_officer(name="李强", valid_until=date(2026, 6, 30))
    with pytest.raises(RuleViolation) as exc:
        officers_ensure_can_act(officers=[officer], on=date(2026, 7, 1))
    message = exc.value.message
    assert "执法人员李强的执法证（43028100" in message
    assert "已于2026年06月30日到期" in message
    assert "行政处罚法第四十二条" in message
    assert "改派持有效执法证的人员" in message


def test_certificate_not_yet_valid_is_refused(make_officer) -> None:
    officer = make_officer(valid_from=date(2026, 3, 1))
    assert "尚未生效" in (officer_certificate_problem(officer=officer, on=date(2026, 2, 28)) or "")
    assert officer_certificate_problem(officer=officer, on=date(2026, 3, 1)) is None


@pytest.mark.parametrize("status, word", [(CertificateStatus.SUSPENDED, "暂扣"), (CertificateStatus.REVOKED, "吊销")])
def test_suspended_or_revoked_certificate_stops_the_officer_from_that_day(bureau, make_officer, status, word) -> None:
    officer = make_officer()
    certificate = officer.certificates.get()
    certificate_change_status(
        actor=bureau.admin, certificate=certificate, status=status, on=date(2026, 5, 1), reason="违规使用执法证"
    )
    officer = Officer.objects.get(pk=officer.pk)
    assert officer_certificate_problem(officer=officer, on=date(2026, 4, 30)) is None
    with pytest.raises(RuleViolation, match=word):
        officers_ensure_can_act(officers=[officer], on=date(2026, 5, 1))


def test_officer_without_any_certificate_is_refused(bureau) -> None:
    officer = officer_create(actor=bureau.admin, agency=bureau.squad, name="王五")
    with pytest.raises(RuleViolation, match="王五未取得行政执法证"):
        officers_ensure_can_act(officers=[officer], on=date(2026, 1, 5))


def test_a_renewed_certificate_lets_the_officer_act_again(bureau, make_officer) -> None:
    officer = make_officer(valid_until=date(2025, 12, 31))
    certificate_issue(
        actor=bureau.admin,
        officer=officer,
        number="NEW-1",
        issuer="示范市人民政府",
        valid_from=date(2026, 1, 1),
        valid_until=date(2028, 12, 31),
    )
    officers_ensure_can_act(officers=[officer], on=date(2026, 1, 5))


def test_every_refused_officer_is_named_in_one_message(make_officer) -> None:
    a = make_officer(name="甲", valid_until=date(2025, 1, 1))
    b = make_officer(name="乙", valid_until=date(2025, 1, 1))
    ok = make_officer(name="丙")
    with pytest.raises(RuleViolation) as exc:
        officers_ensure_can_act(officers=[a, ok, b], on=date(2025, 6, 1))
    assert "执法人员甲" in exc.value.message and "执法人员乙" in exc.value.message
    assert "丙" not in exc.value.message


def test_certificate_with_end_before_start_is_refused_and_nothing_saved(bureau, make_officer) -> None:
    officer = make_officer()
    before = (Certificate.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError, match="有效期至不能早于有效期自"):
        certificate_issue(
            actor=bureau.admin,
            officer=officer,
            number="X-1",
            issuer="市政府",
            valid_from=date(2026, 1, 2),
            valid_until=date(2026, 1, 1),
        )
    assert (Certificate.objects.count(), AuditEvent.objects.count()) == before


def test_officer_with_invalid_resident_id_is_refused(bureau) -> None:
    with pytest.raises(ValidationError, match="身份证号无效"):
        officer_create(actor=bureau.admin, agency=bureau.squad, name="赵六", resident_id="110105194912310021")
    assert not Officer.objects.filter(name="赵六").exists()


def test_status_change_needs_a_reason(bureau, make_officer) -> None:
    certificate = make_officer().certificates.get()
    with pytest.raises(ValidationError, match="必须写明原因"):
        certificate_change_status(
            actor=bureau.admin,
            certificate=certificate,
            status=CertificateStatus.REVOKED,
            on=date(2026, 1, 1),
            reason=" ",
        )
    assert Certificate.objects.get(pk=certificate.pk).status == CertificateStatus.VALID


def test_a_revoked_certificate_cannot_be_reinstated(bureau, make_officer) -> None:
    certificate = make_officer().certificates.get()
    certificate_change_status(
        actor=bureau.admin,
        certificate=certificate,
        status=CertificateStatus.REVOKED,
        on=date(2026, 1, 1),
        reason="调离执法岗位",
    )
    with pytest.raises(RuleViolation, match="吊销/注销的执法证不能恢复，请登记新证"):
        certificate_change_status(
            actor=bureau.admin,
            certificate=certificate,
            status=CertificateStatus.VALID,
            on=date(2026, 2, 1),
            reason="误操作",
        )
    assert Certificate.objects.get(pk=certificate.pk).status == CertificateStatus.REVOKED


def test_a_suspension_can_be_lifted(bureau, make_officer) -> None:
    officer = make_officer()
    certificate = officer.certificates.get()
    certificate_change_status(
        actor=bureau.admin,
        certificate=certificate,
        status=CertificateStatus.SUSPENDED,
        on=date(2026, 1, 1),
        reason="待复训",
    )
    certificate_change_status(
        actor=bureau.admin,
        certificate=certificate,
        status=CertificateStatus.VALID,
        on=date(2026, 2, 1),
        reason="复训合格",
    )
    officers_ensure_can_act(officers=[Officer.objects.get(pk=officer.pk)], on=date(2026, 2, 1))
