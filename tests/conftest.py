"""Shared fixtures: a small bureau (局 → 大队 → 中队, a township, the justice bureau) and its users.

Build data through the services, as the application does, so tests exercise the same paths.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from fazhi.accounts.models import Role, User
from fazhi.agencies.models import Agency, AgencyKind, Officer

# Valid identifiers (check digits per GB 32100 / GB 11643) for fixtures.
BUREAU_USCC = "11430281MB1A23456U"


@dataclass
class Bureau:
    admin: User
    bureau: Agency
    brigade: Agency
    squad: Agency
    squad2: Agency
    township: Agency
    justice: Agency


def _uscc(seed: str) -> str:
    from fazhi.rules import uscc_check_char

    body = f"11430281{seed:0>9}"[:17]
    return body + uscc_check_char(body)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Files written by a test (evidence, 文书) go to its own temporary folder, never to var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FAZHI_BLOB_ROOT = ""


@pytest.fixture
def admin_user(db: None) -> User:
    from fazhi.accounts.services import user_create

    return user_create(
        actor=None,
        username="admin",
        password="Admin12345!x",
        display_name="系统管理员",
        agency=None,
        roles=[Role.SYSTEM_ADMIN],
        is_superuser=True,
    )


@pytest.fixture
def bureau(admin_user: User) -> Bureau:
    from fazhi.agencies.services import agency_create

    b = agency_create(
        actor=admin_user,
        kind=AgencyKind.BUREAU,
        name="示范市城市管理和综合执法局",
        code="示城管",
        region_code="430281",
        uscc=_uscc("MB1000001"),
    )
    brigade = agency_create(
        actor=admin_user, kind=AgencyKind.BRIGADE, name="执法大队", code="示城管大队", region_code="430281", parent=b
    )
    squad = agency_create(
        actor=admin_user, kind=AgencyKind.SQUAD, name="城东中队", code="示城管东", region_code="430281", parent=brigade
    )
    squad2 = agency_create(
        actor=admin_user, kind=AgencyKind.SQUAD, name="城西中队", code="示城管西", region_code="430281", parent=brigade
    )
    township = agency_create(
        actor=admin_user,
        kind=AgencyKind.TOWNSHIP,
        name="示范市南山镇人民政府",
        code="南山镇",
        region_code="430281",
        uscc=_uscc("MB1000002"),
        parent=b,
    )
    justice = agency_create(
        actor=admin_user,
        kind=AgencyKind.JUSTICE_BUREAU,
        name="示范市司法局",
        code="示司法",
        region_code="430281",
        uscc=_uscc("MB1000003"),
    )
    return Bureau(admin_user, b, brigade, squad, squad2, township, justice)


@pytest.fixture
def make_officer(bureau: Bureau):  # type: ignore[no-untyped-def]
    from fazhi.agencies.services import certificate_issue, officer_create

    counter = iter(range(1, 10_000))

    def make(
        agency: Agency | None = None,
        name: str = "张伟",
        *,
        valid_from: date = date(2020, 1, 1),
        valid_until: date = date(2030, 12, 31),
        legal_qualification: bool = False,
    ) -> Officer:
        n = next(counter)
        officer = officer_create(
            actor=bureau.admin, agency=agency or bureau.squad, name=name, has_legal_qualification=legal_qualification
        )
        certificate_issue(
            actor=bureau.admin,
            officer=officer,
            number=f"43028100{n:04d}",
            issuer="示范市人民政府",
            valid_from=valid_from,
            valid_until=valid_until,
        )
        return officer

    return make


@pytest.fixture
def make_user(bureau: Bureau):  # type: ignore[no-untyped-def]
    from fazhi.accounts.services import user_create

    counter = iter(range(1, 10_000))

    def make(agency: Agency, *roles: str, officer: Officer | None = None, password: str = "Passw0rd-test") -> User:
        n = next(counter)
        return user_create(
            actor=bureau.admin,
            username=f"u{n}",
            password=password,
            display_name=f"用户{n}",
            agency=agency,
            roles=list(roles),
            officer=officer,
        )

    return make
