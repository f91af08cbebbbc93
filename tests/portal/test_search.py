"""Chinese full-text search over what is public: words cut by jieba, two-character words find longer ones, kept
current by the saves that change a record, ranked and paginated, on SQLite FTS5 and PostgreSQL alike."""

from __future__ import annotations

from datetime import date

from django.test import Client

from fazhi.portal import index
from fazhi.portal.models import SearchEntry
from fazhi.portal.tokens import document_words, query_words
from fazhi.publicity.services import publication_withdraw
from tests.portal.conftest import TODAY

FACTS = "张三（身份证号11010519491231002X）在示范市城东路1号店外占道经营烧烤，影响市容。"


def test_a_long_word_is_indexed_with_the_two_character_words_inside_it() -> None:
    words = document_words("店外占道经营烧烤摊点").split()
    assert "占道经营" in words and "占道" in words and "烧烤" in words
    assert query_words("占道") == ["占道"]
    assert query_words("  ，。！ ") == []


def test_two_characters_find_the_decision_that_holds_the_longer_word(publish_decision) -> None:
    p = publish_decision(number="示城管罚决字〔2025〕第21号", fine="50000", published_on=date(2025, 10, 9), facts=FACTS)
    result = index.search(query="占道", source="decision")
    assert [h.url for h in result.hits] == [f"/public/decisions/{p.pk}/"]
    assert index.search(query="烧烤 市容", source="decision").total == 1
    assert index.search(query="烧烤 井盖", source="decision").total == 0  # every word must be found
    html = Client().get("/public/search/", {"q": "占道"}).content.decode()
    assert "示城管罚决字〔2025〕第21号" in html and "行政处罚决定" in html
    assert "11010519491231002X" not in html and "张三" not in html


def test_a_pending_publication_is_not_found_and_a_published_one_is_found_once_published(publish_decision, head) -> None:
    from fazhi.publicity.services import publication_publish

    p = publish_decision(number="待公示第5号", fine="50000", facts=FACTS)
    assert index.search(query="占道", source="decision").total == 0
    publication_publish(actor=head, publication=p, on=date(2025, 10, 9))
    assert index.search(query="占道", source="decision").total == 1


def test_a_withdrawn_decision_leaves_the_results_and_its_withdrawal_is_found(publish_decision, clerk) -> None:
    p = publish_decision(number="已撤回第6号", fine="50000", published_on=date(2025, 10, 9), facts=FACTS)
    publication_withdraw(actor=clerk, publication=p, reason="经行政复议被撤销", changed_on=date(2025, 10, 20))
    assert index.search(query="占道", source="decision").total == 0
    (hit,) = index.search(query="撤销", source="withdrawal").hits
    assert hit.source == "withdrawal" and "已撤回第6号" in hit.title


def test_a_decision_leaves_the_results_on_the_day_after_its_period_ends(publish_decision) -> None:
    p = publish_decision(number="期满第7号", fine="500", published_on=date(2025, 10, 9), facts=FACTS)
    assert p.publish_until is not None
    assert index.search(query="占道", source="decision", today=p.publish_until).total == 1
    assert (
        index.search(query="占道", source="decision", today=date.fromordinal(p.publish_until.toordinal() + 1)).total
        == 0
    )


def test_results_are_paginated_twenty_to_a_page(publish_decision) -> None:
    for n in range(23):
        publish_decision(number=f"分页第{n}号", fine="50000", published_on=date(2025, 10, 9), facts=FACTS)
    first = index.search(query="烧烤", page=1, source="decision")
    second = index.search(query="烧烤", page=2, source="decision")
    assert (first.total, len(first.hits), len(second.hits), first.pages) == (23, 20, 3, 2)
    assert not {h.url for h in first.hits} & {h.url for h in second.hits}
    assert index.search(query="烧烤", page=99, source="decision").page == 2  # past the end: the last page
    assert index.search(query="烧烤", source="elsewhere").total == 0


def test_a_record_that_names_the_word_more_often_ranks_first(publish_decision) -> None:
    once = publish_decision(number="一次第1号", fine="50000", published_on=date(2025, 10, 9), facts=FACTS)
    often = publish_decision(
        number="多次第2号", fine="50000", published_on=date(2025, 10, 9), facts="烧烤、烧烤、烧烤：露天烧烤污染环境。"
    )
    assert [h.url for h in index.search(query="烧烤", source="decision").hits] == [
        f"/public/decisions/{often.pk}/",
        f"/public/decisions/{once.pk}/",
    ]


def test_the_power_list_and_the_officers_are_found(power_list, make_officer, bureau) -> None:
    item = power_list.items.order_by("position").first()
    word = query_words(item.name)[0]
    assert any(h.url == f"/public/powers/items/{item.pk}/" for h in index.search(query=word, per_page=100).hits)
    make_officer(bureau.squad, "欧阳明")
    (hit,) = index.search(query="欧阳明").hits
    assert hit.source == "officer" and "城东中队" in hit.title


def test_reindex_rebuilds_the_same_entries(publish_decision, power_list) -> None:
    publish_decision(number="重建第1号", fine="50000", published_on=date(2025, 10, 9), facts=FACTS)
    before = set(SearchEntry.objects.values_list("source", "object_id", "words"))
    SearchEntry.objects.all().delete()
    counts = index.reindex()
    assert counts["decision"] == 1 and counts["power_item"] == power_list.items.count()
    assert set(SearchEntry.objects.values_list("source", "object_id", "words")) == before
    assert index.search(query="占道", source="decision", today=TODAY).total == 1


def test_a_query_of_any_text_answers_without_error(db) -> None:
    for q in ['"', "'", "*", "AND OR NOT", "NEAR(", "a:*", "\\", "占道\x00", "-", "^", "💥", "x" * 500]:
        response = Client().get("/public/search/", {"q": q})
        assert response.status_code in (200, 400), q  # 400: the middleware's Chinese refusal of a NUL
        assert "搜索" in response.content.decode() or "字符" in response.content.decode(), q


def test_the_reindex_command_names_its_counts_and_refuses_an_unknown_source(publish_decision) -> None:
    from io import StringIO

    import pytest
    from django.core.management import CommandError, call_command

    publish_decision(number="命令第1号", fine="50000", published_on=date(2025, 10, 9), facts=FACTS)
    out = StringIO()
    call_command("portal", "reindex", "--source", "decision", stdout=out)
    assert "行政处罚决定：1 条" in out.getvalue()
    with pytest.raises(CommandError, match="没有这一类公开信息"):
        call_command("portal", "reindex", "--source", "nothing")
