from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from fazhi.accounts.models import LoginAttempt, Role, User
from fazhi.accounts.services import user_create
from fazhi.core import clock
from fazhi.core.errors import ValidationError

PASSWORD = "Passw0rd-test"


def _login(client: Client, username: str, password: str):  # type: ignore[no-untyped-def]
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_a_user_logs_in_and_reaches_the_workbench(bureau, make_user) -> None:
    user = make_user(bureau.squad, Role.OFFICER)
    client = Client()
    response = _login(client, user.username, PASSWORD)
    assert response.status_code == 302
    page = client.get("/")
    assert page.status_code == 200
    assert "工作台" in page.content.decode()


def test_five_failed_logins_lock_the_pair_even_against_the_right_password(bureau, make_user) -> None:
    user = make_user(bureau.squad, Role.OFFICER)
    client = Client()
    for _ in range(4):
        assert "用户名或密码不正确" in _login(client, user.username, "wrong-1234").content.decode()
    locked = _login(client, user.username, "wrong-1234").content.decode()
    assert "本机已暂停登录15分钟" in locked
    assert "本机已暂停登录" in _login(client, user.username, PASSWORD).content.decode()
    assert User.objects.get(pk=user.pk).locked_until is None  # the account itself is not locked


def test_the_lock_lifts_when_its_window_has_passed(bureau, make_user, monkeypatch) -> None:
    user = make_user(bureau.squad, Role.OFFICER)
    client = Client()
    for _ in range(5):
        _login(client, user.username, "wrong-1234")
    later = clock.now() + timedelta(minutes=15, seconds=1)
    monkeypatch.setattr(clock, "now", lambda: later)
    assert _login(client, user.username, PASSWORD).status_code == 302
    assert not LoginAttempt.objects.filter(username=user.username, succeeded=False, cleared=False).exists()


def test_pages_require_login(db) -> None:
    response = Client().get("/agencies/officers/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    "password, reason",
    [
        ("Ab1", "太短"),
        ("abcdefghijkl", "同时包含字母和数字"),
        ("1234567890123", "同时包含字母和数字"),
    ],
)
def test_weak_passwords_are_refused_and_no_user_is_created(bureau, password, reason) -> None:
    with pytest.raises(ValidationError, match=reason):
        user_create(actor=bureau.admin, username="weak", password=password, display_name="弱", agency=bureau.squad)
    assert not User.objects.filter(username="weak").exists()


def test_supervisor_role_only_for_the_justice_bureau(bureau) -> None:
    with pytest.raises(ValidationError, match="监督人员角色只能授予司法局"):
        user_create(
            actor=bureau.admin,
            username="s1",
            password=PASSWORD,
            display_name="监",
            agency=bureau.squad,
            roles=[Role.SUPERVISOR],
        )
    with pytest.raises(ValidationError, match="不能办理案件"):
        user_create(
            actor=bureau.admin,
            username="s2",
            password=PASSWORD,
            display_name="监",
            agency=bureau.justice,
            roles=[Role.OFFICER],
        )


def test_failed_logins_are_in_the_login_log_and_a_login_in_the_audit_trail(bureau, make_user) -> None:
    from fazhi.core.models import AuditEvent

    user = make_user(bureau.squad, Role.OFFICER)
    for _ in range(2):
        _login(Client(), user.username, "wrong-1234")
    assert LoginAttempt.objects.filter(username=user.username, succeeded=False, ip="127.0.0.1").count() == 2
    assert _login(Client(), user.username, PASSWORD).status_code == 302
    event = AuditEvent.objects.filter(entity_type="accounts.user", entity_id=str(user.pk)).last()
    assert event is not None and event.action == "user.login"
    assert "127.0.0.1" in event.summary


def test_createsuperuser_goes_through_the_user_service(db) -> None:
    from django.core.management import call_command

    from fazhi.core.models import AuditEvent

    call_command("createsuperuser", username="root2", interactive=False, verbosity=0)
    user = User.objects.get(username="root2")
    assert user.is_superuser and user.has_role(Role.SYSTEM_ADMIN)
    assert not user.has_usable_password()
    assert AuditEvent.objects.filter(entity_id=str(user.pk), action="user.create").exists()


def test_changing_the_password_checks_the_old_one_and_the_policy(bureau, make_user) -> None:
    from fazhi.accounts.services import user_change_password

    user = make_user(bureau.squad, Role.OFFICER)
    with pytest.raises(ValidationError, match="原密码不正确"):
        user_change_password(actor=user, old_password="nope", new_password="NewPassw0rd-1")
    with pytest.raises(ValidationError, match="密码太短"):
        user_change_password(actor=user, old_password=PASSWORD, new_password="a1")
    user_change_password(actor=user, old_password=PASSWORD, new_password="NewPassw0rd-1")
    assert User.objects.get(pk=user.pk).check_password("NewPassw0rd-1")


def test_an_officer_gets_one_login_only(bureau, make_officer) -> None:
    officer = make_officer()
    user_create(
        actor=bureau.admin,
        username="o1",
        password=PASSWORD,
        display_name="甲",
        agency=None,
        roles=[Role.OFFICER],
        officer=officer,
    )
    assert User.objects.get(username="o1").agency == officer.agency
    with pytest.raises(ValidationError, match="已有登录账号"):
        user_create(
            actor=bureau.admin,
            username="o2",
            password=PASSWORD,
            display_name="甲",
            agency=None,
            roles=[Role.OFFICER],
            officer=officer,
        )
