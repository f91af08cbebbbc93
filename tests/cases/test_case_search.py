"""The case list's search through its bigram key (``fazhi.cases.search``): the same cases as the old ``contains``
on each field, for texts of every length, on both paths (ids of a rare gram, the ordered walk of common grams),
after edits, within the actor's scope, page by page; and the key as the services keep it equals a rebuild."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Q
from django.test import Client

from fazhi.accounts.models import Role
from fazhi.cases import search, selectors
from fazhi.cases.models import Case, CaseSearchGram, Party
from tests.cases.remedy_flow import served_case, simple_case
from tests.cases.test_page_queries import _lead, make_cast


@pytest.fixture
def cast(bureau, power_list, make_officer, make_user):  # type: ignore[no-untyped-def]
    return make_cast(bureau, make_officer, make_user)


def _old(actor: Any, text: str) -> list[int]:
    """The search as it was: a ``contains`` on each field, OR-ed, in the list's order."""
    qs = selectors.case_list(actor=actor).filter(
        Q(register_number__contains=text)
        | Q(lead_number__contains=text)
        | Q(party__name__contains=text)
        | Q(decision__number__contains=text)
    )
    return list(qs.values_list("pk", flat=True))


def _new(actor: Any, text: str) -> list[int]:
    return list(selectors.case_list(actor=actor, search=text).values_list("pk", flat=True))


def _grams() -> set[tuple[int, str, Any]]:
    return set(CaseSearchGram.objects.values_list("case_id", "gram", "created_at"))


@pytest.fixture
def cases(monkeypatch, bureau, cast) -> list[Case]:  # type: ignore[no-untyped-def]
    served = served_case(monkeypatch, bureau, cast)  # registered, decided: a 立案编号 and a 决定书文号
    simple = simple_case(monkeypatch, bureau, cast)  # an organisation with a 当场 decision
    leads = [_lead(bureau, cast, i) for i in range(12)]
    return [served, simple, *leads]


def _texts(cases: list[Case]) -> list[str]:
    served = Case.objects.select_related("decision", "party").get(pk=cases[0].pk)
    lead = cases[3]
    return [
        "张",
        "人",
        "1",
        "当事",
        "事人",
        "当事人1",
        "当事人11",
        "张三",
        "好味",
        "好味道餐饮",
        served.decision.number,
        served.decision.number[2:8],
        served.decision.number[-3:],
        served.register_number,
        served.register_number[-4:],
        served.register_number[-2:],
        lead.lead_number,
        lead.lead_number[-3:],
        lead.lead_number[:2],
        "没有这个人",
        "无",
        "%",
        "_",
        "%%",
        "当_人",
        "当%人",
        "\\",
        "ab",
        "AB",
        "Ab",
        "〔",
        "号",
    ]


def test_every_text_finds_what_the_old_contains_found(cases, cast) -> None:
    for text in _texts(cases):
        assert _new(cast.head, text) == _old(cast.head, text), text
    assert _new(cast.head, "当事人1") == _old(cast.head, "当事人1") and len(_new(cast.head, "当事人1")) == 3
    assert _new(cast.head, "没有这个人") == []


def test_the_walk_of_common_grams_finds_the_same(cases, cast, monkeypatch) -> None:
    monkeypatch.setattr(search, "COMMON", 1)  # every gram is "common": the list is walked in order
    for text in _texts(cases):
        assert _new(cast.head, text) == _old(cast.head, text), text
    monkeypatch.setattr(search, "MAX_GRAMS", 1)  # one gram narrows, the recheck does the rest
    for text in _texts(cases):
        assert _new(cast.head, text) == _old(cast.head, text), text


def test_ascii_letters_match_as_before_on_each_database(cases, cast) -> None:
    Party.objects.filter(pk=cases[3].party_id).update(name="ABC商行Ab")
    search.index_cases([cases[3].pk])
    for text in ["ab", "AB", "Ab", "aB", "abc", "C商", "c商", "商行a", "行Ab"]:
        assert _new(cast.head, text) == _old(cast.head, text), text
    assert _new(cast.head, "AB") == [cases[3].pk]


def test_after_an_edit_the_key_follows(cases, cast) -> None:
    lead = cases[4]
    Party.objects.filter(pk=lead.party_id).update(name="欧阳修")
    search.index_cases([lead.pk])
    assert _new(cast.head, "欧阳") == [lead.pk] == _old(cast.head, "欧阳")
    assert _new(cast.head, "当事人1") == _old(cast.head, "当事人1")


def test_the_services_keep_the_key_as_a_rebuild_writes_it(cases) -> None:
    kept = _grams()
    assert kept and {c for c, _, _ in kept} == {c.pk for c in cases}
    call_command("cases", "rebuild-search", stdout=io.StringIO())
    assert _grams() == kept


def test_indexing_a_case_again_restores_its_grams(cases) -> None:
    lead = cases[5]
    CaseSearchGram.objects.filter(case_id=lead.pk).delete()
    search.index_cases([lead.pk])
    assert CaseSearchGram.objects.filter(case_id=lead.pk).exists()


def test_the_search_keeps_to_the_actors_scope(cases, cast, make_user, bureau) -> None:
    other = make_user(bureau.squad2, Role.SQUAD_LEADER)
    for text in ["当事人7", "当事", "人"]:
        assert _new(other, text) == _old(other, text) == []
    assert len(_new(cast.head, "当事人7")) == 1


def test_pages_of_a_search(cases, cast, settings) -> None:
    from fazhi.cases.views import CappedPaginator

    qs = selectors.case_list(actor=cast.head, search="当事人")
    pages = CappedPaginator(qs, 5)
    seen = [c.pk for n in pages.page_range for c in pages.page(n).object_list]
    assert seen == _old(cast.head, "当事人") and len(seen) == 12
    client = Client()
    client.force_login(cast.head)
    html = client.get("/cases/", {"q": "当事", "page": 2}).content.decode()
    assert "共 12 件" in html
    assert "单字检索" in client.get("/cases/", {"q": "当"}).content.decode()
    assert "单字检索" not in html


def test_one_character_looks_in_the_newest_cases_only(cases, cast, monkeypatch) -> None:
    monkeypatch.setattr(search, "SHORT_WINDOW", 3)
    newest = _old(cast.head, "")[:3]
    assert _new(cast.head, "人") == [pk for pk in _old(cast.head, "人") if pk in newest]


def test_the_rebuild_folds_and_cuts_as_the_services_do(cases) -> None:
    """ASCII capitals, a one-character name and mixed scripts: the rebuild (one statement on PostgreSQL) writes
    the grams ``case_grams`` writes."""
    for case, name in zip(cases[6:9], ["ABc好味Z", "王", "Ü大街x"], strict=True):
        Party.objects.filter(pk=case.party_id).update(name=name)
    search.index_cases([c.pk for c in cases])
    kept = _grams()
    assert (cases[6].pk, "ab", cases[6].created_at) in kept and (cases[6].pk, "好味", cases[6].created_at) in kept
    assert search.rebuild() == len(kept)
    assert _grams() == kept
