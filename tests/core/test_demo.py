from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from fazhi.accounts.models import User
from fazhi.agencies.models import Agency
from fazhi.core.audit import audit_verify


def test_the_demo_loads_once_and_prints_its_logins(db, capsys) -> None:
    call_command("demo")
    first = capsys.readouterr().out
    assert "示范数据已载入" in first
    assert "juzhang" in first and "jiandu" in first
    counts = (Agency.objects.count(), User.objects.count())
    call_command("demo")
    assert "示范数据已存在，未重复载入" in capsys.readouterr().out
    assert (Agency.objects.count(), User.objects.count()) == counts
    assert audit_verify().ok
    from fazhi.cases.models import Case

    states = set(Case.objects.values_list("state", flat=True))
    assert {"lead", "investigating", "reviewing", "notified", "executing", "closed", "archived"} <= states
    assert Case.objects.filter(procedure="simple").count() == 2


def test_the_demo_refuses_a_database_real_users_work_in(admin_user) -> None:
    with pytest.raises(CommandError, match="拒绝载入示范数据"):
        call_command("demo")
    assert not Agency.objects.exists()
