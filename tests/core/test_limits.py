"""Input limits: years, bigint, NUL and lone surrogates, over-long text, deceptive names; refusals as 4xx; 422s in
Chinese naming the field."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from fazhi.accounts.models import Role
from fazhi.core import clock, validation
from fazhi.core.errors import ValidationError
from fazhi.site.api import validation_message

HUGE = "99999999999999999999"


@pytest.mark.parametrize("value", ["0", "-1", "1948", HUGE, "abc", ""])
def test_a_year_outside_the_operating_range_is_refused_in_chinese(value: str) -> None:
    with pytest.raises(ValidationError) as exc:
        validation.check_year(value)
    assert "年" in exc.value.message


def test_the_year_bounds_are_inclusive() -> None:
    low, high = validation.year_bounds()
    assert (low, high) == (1949, clock.today().year + 10)
    assert validation.check_year(low) == low and validation.check_year(str(high)) == high
    assert validation.optional_year("", 2026) == 2026


def test_bigint_bounds() -> None:
    assert validation.check_bigint(validation.BIGINT_MAX) == validation.BIGINT_MAX
    with pytest.raises(ValidationError):
        validation.check_bigint(validation.BIGINT_MAX + 1)


@pytest.mark.parametrize(("text", "reason"), [("a\x00b", "空字符"), ("a\ud800", "代理项"), ("正常文字", None)])
def test_unsafe_text_is_recognised(text: str, reason: str | None) -> None:
    found = validation.unsafe_text_reason(text)
    assert (found is None) if reason is None else (reason in str(found))


@pytest.mark.parametrize("char", ["\u202e", "\u200b", "\u200c", "\u200d", "\u2066", "\u2069", "\x07"])
def test_bidi_zero_width_and_control_characters_are_refused_in_names(char: str) -> None:
    with pytest.raises(ValidationError) as exc:
        validation.check_name(f"张{char}三", "当事人名称")
    assert f"U+{ord(char):04X}" in exc.value.message
    assert validation.check_name("张三（个体工商户）", "当事人名称") == "张三（个体工商户）"


def test_ensure_fits_bounds_unbounded_text_and_names(bureau) -> None:
    from fazhi.agencies.models import Agency

    agency = Agency(name="执法\u202e局", code="x", kind=bureau.bureau.kind, region_code="430281")
    with pytest.raises(ValidationError) as exc:
        validation.ensure_fits(agency)
    assert "U+202E" in exc.value.message


def test_a_million_character_facts_is_refused_by_the_case_schema() -> None:
    from fazhi.cases.schemas.simple import SimpleCaseIn

    field = SimpleCaseIn.model_fields["facts"]
    assert any(getattr(m, "max_length", None) == validation.FACTS_MAX_LENGTH for m in field.metadata)


def test_validation_messages_name_the_field_in_chinese() -> None:
    message = validation_message(
        [
            {"loc": ("query", "year"), "type": "int_parsing", "msg": "Input should be a valid integer"},
            {"loc": ("body", "payload", "title"), "type": "missing", "msg": "Field required"},
            {"loc": ("body", "payload", "facts"), "type": "string_too_long", "ctx": {"max_length": 10}},
        ]
    )
    assert message == "「year」须为整数；「title」为必填项；「facts」不能超过10个字符。"


@pytest.fixture
def officer_client(bureau, make_user, make_officer) -> Client:  # type: ignore[no-untyped-def]
    client = Client(raise_request_exception=False)
    client.force_login(make_user(bureau.squad, Role.OFFICER, officer=make_officer()))
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [{"year": "0"}, {"year": "-1"}, {"year": HUGE}, {"offset": HUGE}, {"q": "a\x00b"}, {"year": "2026\x00"}],
)
def test_the_middleware_answers_a_chinese_400_on_pages_and_api(officer_client: Client, query) -> None:  # type: ignore[no-untyped-def]
    page = officer_client.get("/reports/", query)
    assert page.status_code == 400
    assert "<html" in page.content.decode().lower() or "年" in page.content.decode()
    api = officer_client.get("/api/inspections/plans", query)
    assert api.status_code == 400
    assert api.json()["code"] == "invalid" and any("\u4e00" <= c <= "\u9fff" for c in api.json()["message"])


@pytest.mark.django_db
def test_a_lone_surrogate_or_nul_in_a_json_body_is_a_400(officer_client: Client) -> None:
    for raw in ('{"name": "\\ud800"}', '{"name": "a\\u0000b"}', json.dumps({"items": [{"title": "x\u0000"}]})):
        response = officer_client.post("/api/inspections/targets", raw, content_type="application/json")
        assert response.status_code == 400, raw
        assert response.json()["code"] == "invalid"


@pytest.mark.django_db
def test_over_long_text_is_refused_before_any_view(officer_client: Client) -> None:
    body = json.dumps({"name": "长" * (validation.TEXT_MAX_LENGTH + 1)})
    response = officer_client.post("/api/inspections/targets", body, content_type="application/json")
    assert response.status_code == 400 and str(validation.TEXT_MAX_LENGTH) in response.json()["message"]


@pytest.mark.django_db
def test_a_path_id_beyond_bigint_is_a_404(officer_client: Client) -> None:
    assert officer_client.get(f"/api/inspections/draws/{HUGE}").status_code == 404
    assert officer_client.get(f"/cases/{HUGE}/").status_code == 404


@pytest.mark.django_db
def test_a_ninja_422_is_in_chinese_and_names_the_field(officer_client: Client) -> None:
    response = officer_client.get("/api/inspections/plans", {"limit": "abc"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid" and "「limit」须为整数" in body["message"]
    assert body["errors"][0]["field"] == "limit"


@pytest.mark.django_db
def test_refusals_are_rendered_as_403_not_500(officer_client: Client) -> None:
    assert officer_client.get("/documents/templates/").status_code in (403, 404)
    assert officer_client.post("/imports/", {}).status_code == 403


@pytest.mark.django_db
def test_an_offset_just_under_bigint_is_a_400_not_an_overflow(officer_client: Client) -> None:
    response = officer_client.get("/api/inspections/plans", {"offset": str(validation.BIGINT_MAX)})
    assert response.status_code == 400
    assert "offset" in response.json()["message"] and str(validation.PAGING_MAX) in response.json()["message"]
    assert officer_client.get("/api/inspections/plans", {"offset": str(validation.PAGING_MAX)}).status_code == 200


def test_an_officer_name_with_an_rtl_override_is_refused(bureau) -> None:
    from fazhi.agencies.services import officer_create

    with pytest.raises(ValidationError) as exc:
        officer_create(actor=bureau.admin, agency=bureau.squad, name="张\u202e伟")
    assert "U+202E" in exc.value.message
