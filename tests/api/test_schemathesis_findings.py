"""What the schemathesis run (``make test-api``) found, each kept as a regression test."""

from __future__ import annotations

import json

from django.test import Client

from fazhi.accounts.models import Role
from fazhi.legal_affairs.models import Reconsideration


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_a_reconsideration_received_in_a_year_without_holidays_is_a_chinese_400(bureau, make_user) -> None:
    """A 复议 received on 2000-01-01: its 答复 deadline counts working days of a year the holiday table lacks."""
    client = _client(make_user(bureau.bureau, Role.LEGAL_REVIEWER))
    body = {"agency_id": bureau.bureau.pk, "applicant": "张三", "matter": "不服罚款", "received_on": "2000-01-01"}
    response = client.post("/api/legal-affairs/reconsiderations", json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "2000年的法定节假日安排尚未录入" in response.json()["message"]
    assert not Reconsideration.objects.exists()


def test_an_id_that_is_not_an_integer_is_the_documented_json_404(bureau, make_user) -> None:
    client = _client(make_user(bureau.squad, Role.OFFICER))
    for url in ("/api/cases/null,null", "/api/cases/abc/actions", "/api/no-such-thing"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"].startswith("application/json"), url
        assert response.json()["code"] == "not_found"


def test_a_code_outside_its_choices_is_refused_naming_the_field(bureau, make_user) -> None:
    client = _client(make_user(bureau.squad, Role.OFFICER))
    response = client.get("/api/inspections/tasks", {"offset": "0"})
    assert response.status_code == 200
    response = client.post(
        "/api/cases/",
        json.dumps({"source": "nonsense", "party_kind": "person"}),
        content_type="application/json",
    )
    assert response.status_code in (400, 422)
    assert "案源" in response.json()["message"] and "nonsense" in response.json()["message"]


def test_an_exam_pass_score_beyond_its_column_is_refused_not_stored(bureau, make_user) -> None:
    """A pass score of 10**30 was stored (SQLite keeps any number) and every later read of the exam was a 500."""
    client = _client(make_user(bureau.bureau, Role.LEGAL_REVIEWER))
    body = {"agency_id": bureau.bureau.pk, "title": "执法资格考试", "held_on": "2025-06-01", "pass_score": "1e30"}
    response = client.post("/api/legal-affairs/exams", json.dumps(body), content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "pass_score"
    body["pass_score"] = "75.5"
    assert client.post("/api/legal-affairs/exams", json.dumps(body), content_type="application/json").status_code == 201


def test_an_amount_too_large_for_fen_is_a_chinese_refusal(bureau, make_user) -> None:
    """Found by the fuzzing: a fine of 4e195 overflowed the rounding to fen (a 500)."""
    client = _client(make_user(bureau.bureau, Role.HEAD))
    body = {"outcome": "penalty", "fine": 4.075403866159364e195, "penalty_kinds": ["fine"], "reasons": "理由"}
    response = client.post("/api/cases/1/decide", json.dumps(body), content_type="application/json")
    assert response.status_code in (400, 422), response.content
    assert "过大" in json.dumps(response.json(), ensure_ascii=False), response.json()
