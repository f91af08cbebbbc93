"""Fixtures for the portal: the publicity fixtures' decisions (张三, with his ID number and phone in the facts), the
sample power list, officers, and a closed case to tell as a typical case."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.accounts.models import Role, User
from fazhi.cases.models import Case
from fazhi.core import clock
from tests.cases.conftest import head, open_case, power_list  # noqa: F401  (shared fixtures)
from tests.complaints.conftest import desk  # noqa: F401  (shared fixture: the category table and its users)
from tests.publicity.conftest import clerk, decide, publish_decision, supervisor  # noqa: F401  (shared fixtures)

TODAY = date(2025, 11, 3)


@pytest.fixture(autouse=True)
def _today(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(clock, "today", lambda: TODAY)


@pytest.fixture
def reviewer(bureau, make_user) -> User:  # type: ignore[no-untyped-def]
    return make_user(bureau.bureau, Role.LEGAL_REVIEWER)


@pytest.fixture
def officer_user(bureau, make_user, make_officer) -> User:  # type: ignore[no-untyped-def]
    return make_user(bureau.squad, Role.OFFICER, officer=make_officer(bureau.squad, "李队员"))


@pytest.fixture
def closed_case(open_case) -> Case:  # type: ignore[no-untyped-def]  # noqa: F811
    case: Case = open_case(act_date=date(2025, 9, 1), discovered_on=date(2025, 9, 1))
    Case.objects.filter(pk=case.pk).update(state="closed")  # the case's own path is the case tests' business
    return Case.objects.select_related("party", "legal_subject").get(pk=case.pk)
