"""The keys of partner systems (Open311 clients, 12345/数字城管, 非现场执法 cameras): issued, checked, revoked."""

from __future__ import annotations

import pytest
from django.db import connection

from fazhi.accounts.models import PartnerKey, PartnerPurpose, Role
from fazhi.accounts.services import (
    PartnerKeyRefused,
    partner_key_check,
    partner_key_issue,
    partner_key_revoke,
)
from fazhi.core.audit import audit_verify
from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.core.models import AuditEvent


def test_an_issued_key_is_accepted_for_its_purpose_and_only_its_hash_is_kept(bureau) -> None:
    partner, key = partner_key_issue(
        actor=bureau.admin, agency=bureau.bureau, name="市12345热线平台", purpose=PartnerPurpose.WORKORDERS
    )
    assert key.startswith("fzp_") and partner.prefix == key[:12]
    assert partner_key_check(key, PartnerPurpose.WORKORDERS).pk == partner.pk
    row = PartnerKey.objects.get(pk=partner.pk)
    assert row.last_used_at is not None
    assert key not in row.key_hash
    event = AuditEvent.objects.get(entity_type="accounts.partnerkey", entity_id=str(partner.pk))
    assert event.action == "partner_key.issue" and key not in str(event.after) and key not in event.summary


def test_a_key_for_another_purpose_an_unknown_key_and_no_key_are_refused_in_chinese(bureau) -> None:
    _, key = partner_key_issue(actor=bureau.admin, agency=bureau.bureau, name="摄像头", purpose=PartnerPurpose.CAMERA)
    with pytest.raises(PartnerKeyRefused, match="只能用于"):
        partner_key_check(key, PartnerPurpose.OPEN311)
    with pytest.raises(PartnerKeyRefused, match="无效"):
        partner_key_check("fzp_" + "x" * 43, PartnerPurpose.CAMERA)
    with pytest.raises(PartnerKeyRefused, match="无效"):
        partner_key_check("键" * 10, PartnerPurpose.CAMERA)
    with pytest.raises(PartnerKeyRefused, match="缺少"):
        partner_key_check("", PartnerPurpose.CAMERA)
    assert PartnerKeyRefused.status_code == 403


def test_a_revoked_key_is_refused_and_revoking_twice_records_one_event(bureau) -> None:
    partner, key = partner_key_issue(actor=bureau.admin, agency=bureau.bureau, name="App", purpose="open311")
    partner_key_revoke(actor=bureau.admin, partner=partner, reason="合同到期")
    partner_key_revoke(actor=bureau.admin, partner=partner, reason="再次")
    with pytest.raises(PartnerKeyRefused, match="吊销"):
        partner_key_check(key, PartnerPurpose.OPEN311)
    actions = list(
        AuditEvent.objects.filter(entity_type="accounts.partnerkey", entity_id=str(partner.pk)).values_list(
            "action", flat=True
        )
    )
    assert actions == ["partner_key.issue", "partner_key.revoke"]
    assert PartnerKey.objects.get(pk=partner.pk).revoked_reason == "合同到期"


def test_only_an_administrator_issues_or_revokes_and_bad_input_is_refused_whole(bureau, make_user) -> None:
    leader = make_user(bureau.squad, Role.HEAD)
    with pytest.raises(PermissionDenied):
        partner_key_issue(actor=leader, agency=bureau.bureau, name="x", purpose="open311")
    with pytest.raises(ValidationError, match=r"对接系统名称.*用途"):
        partner_key_issue(actor=bureau.admin, agency=bureau.bureau, name=" ", purpose="mail")
    partner, _ = partner_key_issue(actor=bureau.admin, agency=bureau.bureau, name="x", purpose="open311")
    with pytest.raises(PermissionDenied):
        partner_key_revoke(actor=leader, partner=partner, reason="r")
    with pytest.raises(ValidationError, match="吊销理由"):
        partner_key_revoke(actor=bureau.admin, partner=partner, reason="")
    assert PartnerKey.objects.count() == 1


def test_a_key_unrevoked_behind_the_services_back_is_found_by_verify(bureau) -> None:
    partner, _ = partner_key_issue(actor=bureau.admin, agency=bureau.bureau, name="App", purpose="open311")
    partner_key_revoke(actor=bureau.admin, partner=partner, reason="泄露")
    assert audit_verify().ok
    with connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_partnerkey SET revoked_at = NULL WHERE id = %s", [partner.pk])
    result = audit_verify()
    assert not result.ok
