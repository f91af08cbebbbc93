"""Issue 10: the administrator's account pages — unlock a throttled or locked account, reset a second factor,
disable and enable an account — audited, for 系统管理员 only, refusals in Chinese that keep what was typed."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from fazhi.accounts.models import LoginAttempt, Role, User
from fazhi.accounts.services import api_token_issue, user_set_active
from fazhi.core.audit import audit_verify
from fazhi.core.errors import PermissionDenied, RuleViolation, ValidationError
from fazhi.core.models import AuditEvent

PASSWORD = "Passw0rd-test"
PAUSED = "本机已暂停登录"


def _session(user: User) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def _login(username: str, password: str, ip: str = "10.0.0.1"):  # type: ignore[no-untyped-def]
    return Client(REMOTE_ADDR=ip).post("/accounts/login/", {"username": username, "password": password})


def _events(user: User, action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(entity_type="accounts.user", entity_id=str(user.pk), action=action))


@pytest.fixture
def officer(bureau, make_user) -> User:  # type: ignore[no-untyped-def]
    return make_user(bureau.squad, Role.OFFICER)


def test_the_list_shows_who_cannot_log_in_and_why(bureau, officer, make_user) -> None:  # type: ignore[no-untyped-def]
    disabled = make_user(bureau.squad, Role.CLERK)
    user_set_active(actor=bureau.admin, user=disabled, active=False, reason="调离")
    for _ in range(5):
        _login(officer.username, "wrong-1234")
    page = _session(bureau.admin).get("/accounts/users/")
    assert page.status_code == 200
    body = page.content.decode()
    row = body[body.index(f">{officer.username}<") :].split("</tr>")[0]
    assert "登录暂停" in row and "近期失败5次" in row
    row = body[body.index(f">{disabled.username}<") :].split("</tr>")[0]
    assert "已停用" in row
    searched = _session(bureau.admin).get("/accounts/users/", {"q": disabled.username}).content.decode()
    assert disabled.username in searched and f">{officer.username}<" not in searched


def test_only_a_system_administrator_opens_the_pages_and_acts(bureau, officer, make_user) -> None:  # type: ignore[no-untyped-def]
    head = _session(make_user(bureau.bureau, Role.HEAD))
    assert head.get("/accounts/users/").status_code == 403
    assert "只有系统管理员" in head.get("/accounts/users/").content.decode()
    assert head.get(f"/accounts/users/{officer.pk}/").status_code == 403
    assert head.post(f"/accounts/users/{officer.pk}/disable/", {"reason": "x"}).status_code == 403
    assert User.objects.get(pk=officer.pk).is_active
    assert _events(officer, "user.disable") == []


def test_an_unknown_account_or_action_is_a_404(bureau, officer) -> None:  # type: ignore[no-untyped-def]
    admin = _session(bureau.admin)
    assert admin.get("/accounts/users/999999/").status_code == 404
    assert admin.post("/accounts/users/999999/unlock/").status_code == 404
    assert admin.post(f"/accounts/users/{officer.pk}/explode/").status_code == 404
    assert admin.get(f"/accounts/users/{officer.pk}/unlock/").status_code == 405


def test_unlock_lets_a_throttled_user_log_in_at_once_and_is_audited(bureau, officer) -> None:  # type: ignore[no-untyped-def]
    for _ in range(5):
        _login(officer.username, "wrong-1234")
    assert PAUSED in _login(officer.username, PASSWORD).content.decode()
    response = _session(bureau.admin).post(f"/accounts/users/{officer.pk}/unlock/")
    assert response.status_code == 302 and response["Location"] == f"/accounts/users/{officer.pk}/"
    assert not LoginAttempt.objects.filter(username=officer.username, succeeded=False, cleared=False).exists()
    assert _login(officer.username, PASSWORD).status_code == 302
    [event] = _events(officer, "user.unlock")
    assert event.actor_id == bureau.admin.pk and event.after == {"cleared_failures": 5}
    assert "清除5次失败登录记录" in event.summary


def test_unlock_lifts_an_administrators_lock_and_the_token_works_again(bureau, officer) -> None:  # type: ignore[no-untyped-def]
    _, key = api_token_issue(actor=officer, user=officer, name="对接")
    admin = _session(bureau.admin)
    assert admin.post(f"/accounts/users/{officer.pk}/lock/").status_code == 302
    assert Client().get("/api/accounts/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
    assert "已锁定至" in admin.get(f"/accounts/users/{officer.pk}/").content.decode()
    admin.post(f"/accounts/users/{officer.pk}/unlock/")
    assert User.objects.get(pk=officer.pk).locked_until is None
    assert Client().get("/api/accounts/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    assert [len(_events(officer, a)) for a in ("user.lock", "user.unlock")] == [1, 1]
    assert audit_verify().ok


def test_resetting_the_second_factor_removes_the_device_and_is_audited(bureau, officer) -> None:  # type: ignore[no-untyped-def]
    TOTPDevice.objects.create(user=officer, name="身份验证器", confirmed=True)
    admin = _session(bureau.admin)
    assert "重置身份验证器" in admin.get(f"/accounts/users/{officer.pk}/").content.decode()
    response = admin.post(f"/accounts/users/{officer.pk}/otp_reset/", follow=True)
    assert "下次登录时须重新绑定" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert len(_events(officer, "user.otp_reset")) == 1
    again = admin.post(f"/accounts/users/{officer.pk}/otp_reset/")
    assert again.status_code == 409 and "尚未绑定身份验证器" in again.content.decode()
    assert len(_events(officer, "user.otp_reset")) == 1


def test_a_disabled_account_cannot_log_in_and_its_token_dies_until_enabled(bureau, officer) -> None:  # type: ignore[no-untyped-def]
    _, key = api_token_issue(actor=officer, user=officer, name="对接")
    own_session = _session(officer)
    admin = _session(bureau.admin)
    response = admin.post(f"/accounts/users/{officer.pk}/disable/", {"reason": "调离本局"})
    assert response.status_code == 302
    assert not User.objects.get(pk=officer.pk).is_active
    assert _login(officer.username, PASSWORD).status_code == 200  # the form again: refused
    refused = Client().get("/api/accounts/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert refused.status_code == 401 and "已停用" in refused.json()["message"]
    assert own_session.get("/accounts/password/").status_code == 302  # his open session ends
    [event] = _events(officer, "user.disable")
    assert event.after == {"is_active": False, "reason": "调离本局"} and "调离本局" in event.summary
    admin.post(f"/accounts/users/{officer.pk}/enable/")
    assert User.objects.get(pk=officer.pk).is_active
    assert _login(officer.username, PASSWORD).status_code == 302
    assert audit_verify().ok


def test_disabling_without_a_reason_is_refused_and_the_page_keeps_what_was_typed(bureau, officer) -> None:  # type: ignore[no-untyped-def]
    admin = _session(bureau.admin)
    response = admin.post(f"/accounts/users/{officer.pk}/disable/", {"reason": "   "})
    assert response.status_code == 400 and "请写明停用理由" in response.content.decode()
    too_long = "长" * 201
    response = admin.post(f"/accounts/users/{officer.pk}/disable/", {"reason": too_long})
    assert response.status_code == 400 and "不能超过200个字符" in response.content.decode()
    assert f'value="{too_long}"' in response.content.decode()
    assert User.objects.get(pk=officer.pk).is_active and _events(officer, "user.disable") == []


def test_an_administrator_cannot_disable_himself_and_twice_is_refused(bureau, officer, make_user) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleViolation, match="不能停用自己的账户"):
        user_set_active(actor=bureau.admin, user=bureau.admin, active=False, reason="试试")
    user_set_active(actor=bureau.admin, user=officer, active=False, reason="调离")
    with pytest.raises(RuleViolation, match="已经停用"):
        user_set_active(actor=bureau.admin, user=officer, active=False, reason="调离")
    with pytest.raises(ValidationError, match="请写明停用理由"):
        user_set_active(actor=bureau.admin, user=make_user(bureau.squad, Role.CLERK), active=False)
    with pytest.raises(PermissionDenied):
        user_set_active(actor=make_user(bureau.bureau, Role.HEAD), user=bureau.admin, active=False, reason="x")
    assert len(_events(officer, "user.disable")) == 1 and User.objects.get(pk=bureau.admin.pk).is_active


def test_the_menu_shows_the_accounts_page_to_administrators_only(bureau, make_user) -> None:  # type: ignore[no-untyped-def]
    assert 'href="/accounts/users/"' in _session(bureau.admin).get("/").content.decode()
    assert 'href="/accounts/users/"' not in _session(make_user(bureau.bureau, Role.HEAD)).get("/").content.decode()


def test_the_pages_fit_a_phone(bureau, officer) -> None:  # type: ignore[no-untyped-def]
    body = _session(bureau.admin).get("/accounts/users/").content.decode()
    assert '<table class="list cards">' in body and 'name="viewport"' in body
