"""The small demo bureau, loaded once per module (about 8 s) and rolled back after it.

Every role has a login in the demo (README: 示范数据); ``demo_users`` maps each role to its user.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from fazhi.accounts.models import Role, User
from fazhi.core import clock

#: The demo's login for each role (README.md, 示范数据).
DEMO_LOGINS = {
    Role.OFFICER: "duiyuan1",
    Role.SQUAD_LEADER: "zhongduizhang",
    Role.LEGAL_REVIEWER: "fazhi",
    Role.HEAD: "juzhang",
    Role.SUPERVISOR: "jiandu",
    Role.CLERK: "neiqin",
    Role.SYSTEM_ADMIN: "admin",
}


@pytest.fixture(scope="module")
def demo_db(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    # Imported here: only the modules that use the demo load it.
    from fazhi.demo.services import demo_load

    with django_db_blocker.unblock(), transaction.atomic():
        demo_load(today=clock.today(), scale="small", log=lambda line: None)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo_users(demo_db: None, db: None) -> dict[str, User]:
    return {role: User.objects.get(username=name) for role, name in DEMO_LOGINS.items()}
