"""Pure helpers of the context: no database."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

from fazhi.documents.formatting import article_cite, cn_int, fmt_date
from fazhi.documents.wording import remedy_text


def test_small_numbers_are_written_as_in_legal_texts() -> None:
    assert [cn_int(n) for n in (3, 10, 15, 60, 99)] == ["三", "十", "十五", "六十", "九十九"]


def test_dates_are_written_without_padding() -> None:
    assert fmt_date(date(2026, 3, 2)) == "2026年3月2日"
    assert fmt_date(timezone.make_aware(datetime(2026, 3, 2, 9, 5))) == "2026年3月2日9时05分"
    assert fmt_date(None) == ""


def test_the_citation_of_a_basis_is_its_article_part() -> None:
    text = (
        "《城市道路管理条例》第二十七条第（一）项：城市道路范围内禁止下列行为：\n(一)……\n"
        "《城市道路管理条例》第三十条：未经批准…"
    )
    assert article_cite(text) == "《城市道路管理条例》第二十七条第（一）项、《城市道路管理条例》第三十条"
    assert article_cite("本市规定第三条。") == "本市规定第三条"


def test_an_on_the_spot_decision_tells_the_party_to_go_to_reconsideration_first() -> None:
    simple = remedy_text("simple", "示范市人民政府", "示范市人民法院")
    assert "应当先向行政复议机关申请行政复议" in simple and "示范市人民政府" in simple
    general = remedy_text("general", "示范市人民政府", "示范市人民法院")
    assert "六十日内" in general and "六个月内" in general and "示范市人民法院" in general
