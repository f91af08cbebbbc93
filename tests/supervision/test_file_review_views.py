"""案卷评查 pages: a draw through the page, scoring through the page, a handler refused with the message shown."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.test import Client

from fazhi.accounts.models import Role, RoleGrant, User
from fazhi.supervision.file_review import checklist_create, checklist_for
from fazhi.supervision.models import FileReview, FileReviewDraw, Grade
from tests.cases.flow import travel
from tests.supervision.test_file_review import _closed_cases


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _draw_through_the_page(client: Client, agency_id: int, seed: str = "2025Q2-示城管") -> FileReviewDraw:
    response = client.post(
        "/supervision/reviews/",
        {
            "agency": agency_id,
            "period_start": "2025-06-01",
            "period_end": "2025-06-30",
            "share": "25%",
            "seed": seed,
        },
        follow=True,
    )
    page = response.content.decode()
    draw = FileReviewDraw.objects.get(seed=seed)
    assert "随机种子" in page and seed in page and "复核一致" in page
    return draw


def test_a_draw_through_the_page(monkeypatch, bureau, cast) -> None:
    cases = _closed_cases(monkeypatch, bureau, cast, 8)
    travel(monkeypatch, date(2025, 7, 1))
    client = _client(cast.reviewer)
    assert "抽取案卷" in client.get("/supervision/reviews/").content.decode()
    draw = _draw_through_the_page(client, bureau.bureau.pk)
    assert draw.share == Decimal("0.25") and draw.candidate_ids == sorted(c.pk for c in cases)
    assert len(draw.case_ids) == 2 and draw.drawn_by_id == cast.reviewer.pk
    listing = client.get("/supervision/reviews/").content.decode()
    assert "2025Q2-示城管" in listing and f"/supervision/reviews/{draw.pk}/" in listing
    # a bad share is refused with a message, nothing recorded
    response = client.post(
        "/supervision/reviews/",
        {"agency": bureau.bureau.pk, "period_start": "2025-06-01", "period_end": "2025-06-30", "share": "150%"},
    )
    assert "抽取比例应大于0且不超过1" in response.content.decode()
    assert FileReviewDraw.objects.count() == 1


def test_scoring_through_the_page_and_the_results(monkeypatch, bureau, cast) -> None:
    _closed_cases(monkeypatch, bureau, cast, 8)
    travel(monkeypatch, date(2025, 7, 1))
    client = _client(cast.reviewer)
    draw = _draw_through_the_page(client, bureau.bureau.pk)
    page = client.get(f"/supervision/reviews/{draw.pk}/").content.decode()
    assert "启用默认评查标准" in page  # no checklist yet
    client.post(f"/supervision/reviews/{draw.pk}/checklist/")
    items = list(checklist_for(agency=bureau.bureau).items.all())
    page = client.get(f"/supervision/reviews/{draw.pk}/").content.decode()
    assert all(f'name="score_{i.pk}"' in page and f'max="{i.max_score}"' in page for i in items)
    case_id = draw.case_ids[0]
    form = {f"score_{i.pk}": str(i.max_score) for i in items} | {"exemplary": "on", "comments": "文书规范"}
    page = client.post(f"/supervision/reviews/{draw.pk}/cases/{case_id}/score/", form, follow=True).content.decode()
    review = FileReview.objects.get(case_id=case_id)
    assert review.total == Decimal("100") and review.grade == Grade.EXCELLENT and review.exemplary
    assert review.draw_id == draw.pk and review.comments == "文书规范"
    assert "已评查" in page and "优秀" in page and "您已评查过该案卷" in page
    # a score above the item's maximum is refused with the service's message
    bad = {f"score_{i.pk}": str(i.max_score + 1) for i in items}
    page = client.post(f"/supervision/reviews/{draw.pk}/cases/{draw.case_ids[1]}/score/", bad, follow=True)
    assert "的得分应在0至" in page.content.decode() and FileReview.objects.count() == 1
    results = client.get(
        f"/supervision/reviews/results/?agency={bureau.bureau.pk}&start=2025-07-01&end=2025-07-31"
    ).content.decode()
    assert "城东中队" in results or bureau.bureau.name in results
    assert "100.0%" in results


def test_a_handler_is_refused_with_the_message_and_nothing_is_saved(monkeypatch, bureau, cast) -> None:
    _closed_cases(monkeypatch, bureau, cast, 4)
    travel(monkeypatch, date(2025, 7, 1))
    checklist = checklist_create(actor=cast.reviewer, name="默认评查标准")
    draw = _draw_through_the_page(_client(cast.reviewer), bureau.squad.pk)  # the handler's unit: he sees the draw
    RoleGrant.objects.create(user=cast.handler1, role=Role.LEGAL_REVIEWER)  # a handler who is also a reviewer
    handler = User.objects.get(pk=cast.handler1.pk)
    form = {f"score_{i.pk}": str(i.max_score) for i in checklist.items.all()}
    response = _client(handler).post(
        f"/supervision/reviews/{draw.pk}/cases/{draw.case_ids[0]}/score/", form, follow=True
    )
    assert response.status_code == 200
    assert "评查人员不得是本案承办人" in response.content.decode()
    assert not FileReview.objects.exists()


def test_pages_are_scoped(monkeypatch, bureau, cast, make_user) -> None:
    _closed_cases(monkeypatch, bureau, cast, 2)
    travel(monkeypatch, date(2025, 7, 1))
    draw = _draw_through_the_page(_client(cast.reviewer), bureau.bureau.pk)
    outsider = make_user(bureau.squad2, Role.LEGAL_REVIEWER)
    client = _client(outsider)
    assert client.get(f"/supervision/reviews/{draw.pk}/").status_code == 404
    assert "2025Q2-示城管" not in client.get("/supervision/reviews/").content.decode()
    assert Client().get("/supervision/reviews/").status_code == 302  # login required
