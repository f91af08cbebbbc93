"""The case list's search and count: the same cases match as before the search became a UNION of one query per
table (issue 14), and past ``FAZHI_LIST_COUNT_CAP`` the list says "N+" instead of counting every case."""

from __future__ import annotations

from datetime import date

import pytest
from django.db.models import Q
from django.test import Client

from fazhi.cases import selectors
from fazhi.cases.models import Case
from tests.cases.remedy_flow import served_case, simple_case
from tests.cases.test_page_queries import _lead, make_cast


@pytest.fixture
def cast(bureau, power_list, make_officer, make_user):  # type: ignore[no-untyped-def]
    return make_cast(bureau, make_officer, make_user)


def _before(actor, search: str) -> list[int]:  # type: ignore[no-untyped-def]
    """The search as it was: a ``contains`` on each field, OR-ed across the party and decision joins."""
    qs = selectors.case_list(actor=actor).filter(
        Q(register_number__contains=search)
        | Q(lead_number__contains=search)
        | Q(party__name__contains=search)
        | Q(decision__number__contains=search)
    )
    return sorted(qs.values_list("pk", flat=True))


def _now(actor, search: str) -> list[int]:  # type: ignore[no-untyped-def]
    return sorted(selectors.case_list(actor=actor, search=search).values_list("pk", flat=True))


def test_the_search_matches_what_the_or_across_the_joins_matched(monkeypatch, bureau, cast) -> None:
    served = served_case(monkeypatch, bureau, cast)  # party 张三, a 决定书文号
    simple = simple_case(monkeypatch, bureau, cast)  # an organisation, a 当场 number
    leads = [_lead(bureau, cast, i) for i in range(3)]  # 当事人0 … 当事人2, no register number
    served.refresh_from_db()
    texts = [
        "张三",  # two characters: no trigram, still found
        "张",
        "当事人1",
        "好味道餐饮",
        "示范市好味道餐饮有限公司",
        served.decision.number,
        served.decision.number[2:8],
        served.register_number,
        served.register_number[-4:],
        served.lead_number,
        leads[0].lead_number[-3:],
        simple.lead_number[:5],
        "没有这个人",
        "%",
        "_",
    ]
    for text in texts:
        assert _now(cast.head, text) == _before(cast.head, text), text
    assert _now(cast.head, "张三") == [served.pk]
    assert _now(cast.head, served.decision.number) == [served.pk]
    assert _now(cast.head, "当事人") == sorted(c.pk for c in leads)
    assert _now(cast.head, "没有这个人") == []


def test_the_search_keeps_to_the_actors_scope(monkeypatch, bureau, cast, make_user) -> None:
    from fazhi.accounts.models import Role

    _lead(bureau, cast, 7)
    other_squad = make_user(bureau.squad2, Role.SQUAD_LEADER)
    assert _now(other_squad, "当事人7") == []
    assert len(_now(cast.head, "当事人7")) == 1


def test_past_the_cap_the_list_says_n_plus_instead_of_counting(monkeypatch, bureau, cast, settings) -> None:
    for i in range(5):
        _lead(bureau, cast, i)
    client = Client()
    client.force_login(cast.head)
    settings.FAZHI_LIST_COUNT_CAP = 3
    page = client.get("/cases/").content.decode()
    assert "共 3+ 件" in page and "不再逐一计数" in page
    assert page.count("/cases/") >= 5  # the first page still lists every case it holds
    settings.FAZHI_LIST_COUNT_CAP = 5
    page = client.get("/cases/").content.decode()
    assert "共 5 件" in page and "不再逐一计数" not in page
    assert Case.objects.count() == 5


def test_the_list_is_newest_first(monkeypatch, bureau, cast) -> None:
    from tests.cases.flow import travel

    travel(monkeypatch, date(2025, 3, 3))
    first = _lead(bureau, cast, 1)
    travel(monkeypatch, date(2025, 3, 4))
    second = _lead(bureau, cast, 2)
    assert list(selectors.case_list(actor=cast.head).values_list("pk", flat=True)) == [second.pk, first.pk]
