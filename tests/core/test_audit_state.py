"""Issue 10: records beyond cases are compared with the state their last event records (core.audit STATE_FIELDS):
an account re-enabled or unlocked by SQL, a complaint closed by SQL, are reported by ``fazhi verify``; the same
records changed through their services verify clean."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from fazhi.accounts.models import Role, User
from fazhi.accounts.services import user_lock, user_set_active, user_unlock
from fazhi.complaints.models import Complaint, ComplaintStep
from fazhi.complaints.services import complaint_dispatch, complaint_register
from fazhi.core.audit import STATE_FIELDS, audit_verify
from fazhi.core.models import AuditEvent
from tests.core.audit_tampering import behind_the_back


def _reasons() -> list[str]:
    result = audit_verify()
    assert not result.ok
    return [str(b) for b in result.breaks]


def test_every_listed_state_field_exists_on_its_model() -> None:
    from django.apps import apps

    for label, fields in STATE_FIELDS.items():
        model = apps.get_model(label)
        for name in fields:
            assert model._meta.get_field(name).concrete, (label, name)


def test_an_account_locked_disabled_and_restored_through_the_services_verifies_clean(bureau, make_user) -> None:  # type: ignore[no-untyped-def]
    user = make_user(bureau.squad, Role.OFFICER)
    user_lock(actor=bureau.admin, user=user)
    last = AuditEvent.objects.filter(entity_type="accounts.user", entity_id=str(user.pk)).order_by("seq").last()
    assert last.state["is_active"] is True and last.state["locked_until"].endswith("+00:00")
    assert audit_verify().ok
    user_unlock(actor=bureau.admin, user=user)
    user_set_active(actor=bureau.admin, user=user, active=False, reason="调离本局")
    result = audit_verify()
    assert result.ok, result.breaks
    assert result.records >= 2
    user_set_active(actor=bureau.admin, user=user, active=True)
    assert audit_verify().ok


def test_a_disabled_account_enabled_by_sql_is_found(bureau, make_user) -> None:  # type: ignore[no-untyped-def]
    user = make_user(bureau.squad, Role.OFFICER)
    user_set_active(actor=bureau.admin, user=user, active=False, reason="调离本局")
    assert audit_verify().ok
    with behind_the_back() as cursor:
        cursor.execute(f"UPDATE {User._meta.db_table} SET is_active = %s WHERE id = %s", [True, user.pk])
    found = _reasons()
    assert any(f"accounts.user#{user.pk}" in r and "is_active现为“True”" in r for r in found), found
    with pytest.raises(CommandError, match="发现 1 处断裂"):
        call_command("verify")


def test_a_locked_account_unlocked_by_sql_is_found(bureau, make_user) -> None:  # type: ignore[no-untyped-def]
    user = make_user(bureau.squad, Role.OFFICER)
    user_lock(actor=bureau.admin, user=user)
    with behind_the_back() as cursor:
        cursor.execute(f"UPDATE {User._meta.db_table} SET locked_until = NULL WHERE id = %s", [user.pk])
    found = _reasons()
    assert any(f"accounts.user#{user.pk}" in r and "locked_until现为“None”" in r for r in found), found


def test_a_complaint_closed_by_sql_is_found(bureau, make_user) -> None:  # type: ignore[no-untyped-def]
    clerk = make_user(bureau.bureau, Role.CLERK)
    complaint = complaint_register(
        actor=clerk,
        agency=bureau.bureau,
        source="hotline_12345",
        content="夜间施工噪音扰民",
        received_at=timezone.make_aware(datetime(2025, 6, 3, 9)),
    )
    complaint_dispatch(actor=clerk, complaint=complaint, assigned_to=bureau.squad)
    assert audit_verify().ok
    with behind_the_back() as cursor:
        cursor.execute(f"UPDATE {Complaint._meta.db_table} SET status = 'closed' WHERE id = %s", [complaint.pk])
    found = _reasons()
    assert any(f"complaints.complaint#{complaint.pk}" in r and "status现为“closed”" in r for r in found), found


def test_a_complaint_deleted_by_sql_is_found(bureau, make_user) -> None:  # type: ignore[no-untyped-def]
    clerk = make_user(bureau.bureau, Role.CLERK)
    complaint = complaint_register(actor=clerk, agency=bureau.bureau, source="hotline_12345", content="占道经营")
    with behind_the_back() as cursor:
        # its step rows go too (they reference it), as they would in a deletion behind the back
        cursor.execute(f"DELETE FROM {ComplaintStep._meta.db_table} WHERE complaint_id = %s", [complaint.pk])
        cursor.execute(f"DELETE FROM {Complaint._meta.db_table} WHERE id = %s", [complaint.pk])
    assert any(f"complaints.complaint#{complaint.pk}" in r and "记录已不存在" in r for r in _reasons())


def test_an_accounts_event_records_its_state_as_stored_not_as_a_stale_instance_holds_it(bureau, make_user) -> None:  # type: ignore[no-untyped-def]
    from django.db import transaction

    from fazhi.core.audit import audit_record

    user = make_user(bureau.squad, Role.OFFICER)
    stale = User.objects.get(pk=user.pk)  # loaded by a login in flight
    user_set_active(actor=bureau.admin, user=user, active=False, reason="调离")
    with transaction.atomic():
        event = audit_record(actor=stale, entity=stale, action="user.login", summary="登录成功")
    assert stale.is_active and event.state == {"is_active": False, "locked_until": None}
    assert audit_verify().ok
