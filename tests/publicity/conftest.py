"""Fixtures for publicity: decisions created directly (as rows) and turned into publications by the service.

The full path through ``case_decide`` is covered once, in test_publication_from_case_decide.py, with the lead's
flow helpers; everything else starts from a Decision row so that each test fixes its own dates.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from fazhi.accounts.models import Role, User
from fazhi.cases.models import Case, Decision, DecisionOutcome, Party
from fazhi.publicity.models import Publication
from fazhi.publicity.services import publication_create_for_decision, publication_publish
from tests.cases.conftest import head, open_case, power_list  # noqa: F401  (fixtures shared with the case tests)

PERSON_ID = "11010519491231002X"
PERSON_PHONE = "13812345678"
ORG_USCC = "91350100M000100Y43"


@pytest.fixture
def clerk(bureau, make_user) -> User:  # type: ignore[no-untyped-def]
    return make_user(bureau.bureau, Role.CLERK)


@pytest.fixture
def supervisor(bureau, make_user) -> User:  # type: ignore[no-untyped-def]
    return make_user(bureau.justice, Role.SUPERVISOR)


@pytest.fixture
def decide(open_case, head) -> Callable[..., Decision]:  # type: ignore[no-untyped-def]  # noqa: F811
    """A decision row on a fresh case; the party is 张三 (a person) unless ``party_kind="organization"``."""
    counter = iter(range(1, 10_000))

    def make(
        *,
        decided_on: date = date(2025, 9, 26),
        kinds: tuple[str, ...] = ("fine",),
        fine: str = "500",
        confiscation: str = "0",
        outcome: str = DecisionOutcome.PENALTY,
        number: str | None = None,
        agency: Any = None,
        party_kind: str = "person",
        facts: str = f"张三（身份证号{PERSON_ID}，电话{PERSON_PHONE}）在示范市城东路1号随意倾倒生活垃圾。",
        **case_kw: Any,
    ) -> Decision:
        n = next(counter)
        case: Case = open_case(
            agency=agency,
            act_date=date(2025, 9, 1),
            discovered_on=date(2025, 9, 1),
            facts=facts,
            party_phone=PERSON_PHONE if party_kind == "person" else "",
            party_address="示范市城东路1号" if party_kind == "person" else "示范市工业园1栋",
            **case_kw,
        )
        if party_kind == "organization":  # the shared open_case fixture opens cases on a person
            Party.objects.filter(pk=case.party_id).update(
                kind="organization", name="示范市某某建筑有限公司", id_number=ORG_USCC, legal_representative="李大明"
            )
            case = Case.objects.select_related("party").get(pk=case.pk)
        return Decision.objects.create(
            case=case,
            outcome=outcome,
            number=number if number is not None else f"示城管罚决字〔{decided_on.year}〕第{n}号",
            decided_on=decided_on,
            decided_by=head,
            penalty_kinds=list(kinds),
            fine=Decimal(fine),
            confiscation=Decimal(confiscation),
            reasons="违反固体废物污染环境防治法第四十九条第二款。",
        )

    return make


@pytest.fixture
def publish_decision(decide, head) -> Callable[..., Publication]:  # type: ignore[no-untyped-def]  # noqa: F811
    """A decision, its publication, and (with ``published_on``) its publication recorded by the head."""

    def make(*, published_on: date | None = None, **kw: Any) -> Publication:
        publication = publication_create_for_decision(actor=head, decision=decide(**kw))
        assert publication is not None
        if published_on is not None:
            publication = publication_publish(actor=head, publication=publication, on=published_on)
        return publication

    return make
