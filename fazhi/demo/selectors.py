"""What the ``demo`` command reads: whether the demo is loaded, whether real users work in the database, the logins."""

from __future__ import annotations

from dataclasses import dataclass

from fazhi.accounts.models import User
from fazhi.agencies.models import Agency
from fazhi.demo.services import BUREAU_CODE


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    agency: str


def demo_loaded() -> bool:
    return Agency.objects.filter(code=BUREAU_CODE).exists()


def database_in_use() -> bool:
    return User.objects.exists()


def demo_logins() -> list[DemoLogin]:
    rows = []
    for user in User.objects.select_related("agency").order_by("id"):
        rows.append(
            DemoLogin(
                user.username, "、".join(user.role_labels()) or "超级管理员", user.agency.name if user.agency else "—"
            )
        )
    return rows
