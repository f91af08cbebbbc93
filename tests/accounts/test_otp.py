"""The TOTP second factor: enrolment, verification at login, and nobody past the password alone where it is due."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from fazhi.accounts.models import Role
from fazhi.accounts.otp import otp_reset
from fazhi.core.models import AuditEvent

PASSWORD = "Passw0rd-test"
HEAD_PAGE = "/documents/templates/"


def _code(device: TOTPDevice, drift: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


def _password_login(username: str) -> Client:
    client = Client()
    assert client.post("/accounts/login/", {"username": username, "password": PASSWORD}).status_code == 302
    return client


@pytest.fixture
def otp_on(settings):  # type: ignore[no-untyped-def]
    settings.FAZHI_OTP_REQUIRED = True


def test_under_tests_the_second_factor_is_off_by_default(bureau, make_user) -> None:
    head = make_user(bureau.bureau, Role.HEAD)
    assert _password_login(head.username).get(HEAD_PAGE).status_code == 200


def test_a_head_without_a_second_factor_cannot_reach_a_head_page(bureau, make_user, otp_on) -> None:
    head = make_user(bureau.bureau, Role.HEAD)
    client = _password_login(head.username)
    for path in (HEAD_PAGE, "/", "/accounts/tokens/", "/accounts/password/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/otp/enrol/")
    api = client.get("/api/accounts/me")
    assert api.status_code == 403 and api.json()["code"] == "second_factor_required"


def test_a_head_enrols_with_a_first_code_and_then_reaches_his_page(bureau, make_user, otp_on) -> None:
    head = make_user(bureau.bureau, Role.HEAD)
    client = _password_login(head.username)
    page = client.get("/accounts/otp/enrol/").content.decode()
    assert "<svg" in page and "身份验证器" in page
    device = TOTPDevice.objects.get(user=head, confirmed=False)
    assert "请输入" in client.post("/accounts/otp/enrol/", {"token": "12345"}, follow=True).content.decode()
    assert client.get(HEAD_PAGE).status_code == 302  # a wrong code binds nothing
    response = client.post("/accounts/otp/enrol/", {"token": _code(device), "next": HEAD_PAGE})
    assert response.status_code == 302 and response["Location"] == HEAD_PAGE
    assert client.get(HEAD_PAGE).status_code == 200
    assert AuditEvent.objects.filter(entity_id=str(head.pk), action="user.otp_enrol").exists()


def test_at_the_next_login_the_code_is_asked_and_a_wrong_one_refused(bureau, make_user, otp_on) -> None:
    head = make_user(bureau.bureau, Role.LEGAL_REVIEWER)
    device = TOTPDevice.objects.create(user=head, name="身份验证器", confirmed=True)
    client = _password_login(head.username)
    response = client.get(HEAD_PAGE)
    assert response["Location"].startswith("/accounts/otp/verify/")
    assert "动态码不正确" in client.post("/accounts/otp/verify/", {"token": "000000"}, follow=True).content.decode()
    assert client.get("/").status_code == 302
    assert client.post("/accounts/otp/verify/", {"token": _code(device)}).status_code == 200  # throttled for a while
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    assert client.post("/accounts/otp/verify/", {"token": _code(device)}).status_code == 302
    assert client.get("/").status_code == 200


def test_an_officer_may_go_without_a_second_factor(bureau, make_user, otp_on) -> None:
    officer = make_user(bureau.squad, Role.OFFICER)
    assert _password_login(officer.username).get("/").status_code == 200


def test_whoever_has_enrolled_must_use_it_even_when_not_required(bureau, make_user) -> None:
    officer = make_user(bureau.squad, Role.OFFICER)
    TOTPDevice.objects.create(user=officer, name="身份验证器", confirmed=True)
    assert _password_login(officer.username).get("/")["Location"].startswith("/accounts/otp/verify/")


def test_a_second_factor_is_required_for_each_privileged_role(bureau, make_user, otp_on) -> None:
    users = [
        make_user(bureau.bureau, Role.HEAD),
        make_user(bureau.bureau, Role.LEGAL_REVIEWER),
        make_user(bureau.justice, Role.SUPERVISOR),
        make_user(bureau.bureau, Role.SYSTEM_ADMIN),
    ]
    for user in users:
        assert _password_login(user.username).get("/")["Location"].startswith("/accounts/otp/enrol/")


def test_an_administrator_resets_a_lost_device(bureau, make_user) -> None:
    user = make_user(bureau.squad, Role.OFFICER)
    TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=True)
    otp_reset(actor=bureau.admin, user=user)
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(entity_id=str(user.pk), action="user.otp_reset").exists()
