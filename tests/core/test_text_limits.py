"""Issue 10, limits: names refuse every invisible or direction-changing character; each user-written text field has
its own maximum (TEXT_LIMITS), refused in Chinese with the field and its limit, by the services and on every save;
a year or an id nested in a JSON body or in a URL path is a 400/404."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from django.apps import apps
from django.db import models
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.utils import timezone

from fazhi.accounts.models import Role, User
from fazhi.accounts.services import user_create
from fazhi.agencies.models import Agency
from fazhi.complaints.models import Complaint
from fazhi.complaints.services import complaint_register
from fazhi.core import validation
from fazhi.core.errors import ValidationError
from fazhi.core.middleware import InputSafetyMiddleware

HUGE = "99999999999999999999"

# Every character the brief names, and others of the same classes (Cc, Cf, line/paragraph separators).
FORBIDDEN = [
    *(chr(c) for c in range(0x202A, 0x202F)),  # LRE RLE PDF LRO RLO
    *(chr(c) for c in range(0x2066, 0x206A)),  # LRI RLI FSI PDI
    "\u200b",
    "\u200c",
    "\u200d",
    "\ufeff",
    "\u2060",
    "\u200e",  # LRM
    "\u061c",  # ARABIC LETTER MARK (Cf)
    "\u00ad",  # SOFT HYPHEN (Cf)
    "\U000e0041",  # TAG LATIN CAPITAL LETTER A (Cf)
    "\x85",  # NEL (Cc)
    "\n",
    "\t",
    "\u2028",  # LINE SEPARATOR (Zl)
    "\u2029",  # PARAGRAPH SEPARATOR (Zp)
]


@pytest.mark.parametrize("char", FORBIDDEN, ids=[f"U+{ord(c):04X}" for c in FORBIDDEN])
def test_every_control_and_format_character_is_refused_in_a_name_naming_it(char: str) -> None:
    with pytest.raises(ValidationError) as exc:
        validation.check_name(f"张{char}三", "当事人名称")
    assert exc.value.message.startswith("当事人名称含有不可见或改变文字方向的字符")
    assert f"U+{ord(char):04X}" in exc.value.message


@pytest.mark.parametrize(
    "name", ["阿卜杜·热合曼", "长沙某某建筑工程有限公司（分公司）", "张　三", "O'Neil 李", "😀工作室"]
)
def test_ordinary_names_pass(name: str) -> None:
    assert validation.check_name(name, "名称") == name


def test_text_limit_reads_the_table_by_model_then_by_field_name() -> None:
    def limit(label: str, field: str) -> int | None:
        return validation.text_limit(apps.get_model(label)._meta.get_field(field))

    assert limit("cases.Case", "facts") == validation.FACTS_MAX_LENGTH == 10_000
    assert limit("cases.InvestigationReport", "facts") == 10_000
    assert limit("cases.Hearing", "record") == validation.RECORD_MAX_LENGTH == 20_000
    assert limit("cases.CollectiveDiscussion", "record") == 10_000
    assert limit("evidence.FieldRecord", "content") == 20_000
    assert limit("complaints.Complaint", "content") == 10_000
    assert limit("legal_affairs.Reconsideration", "note") == validation.NOTE_MAX_LENGTH == 2_000
    assert limit("cases.LegalReview", "text") == validation.OPINION_MAX_LENGTH == 5_000
    assert limit("agencies.Agency", "name") == 100  # a column's own max_length first
    assert limit("core.Export", "message") is None  # written by the system, bounded only by the outer wall


# Unbounded text the system writes, not users: a run's or an export's log.
SYSTEM_TEXT = {"core.export.message", "imports.importrun.message"}


def test_every_text_field_users_write_has_a_limit_in_the_table() -> None:
    missing = []
    for model in apps.get_models():
        if not model.__module__.startswith("fazhi."):
            continue
        for field in model._meta.concrete_fields:
            name = f"{model._meta.label_lower}.{field.attname}"
            if isinstance(field, models.TextField) and name not in SYSTEM_TEXT and validation.text_limit(field) is None:
                missing.append(name)
    assert missing == [], "add these fields to validation.TEXT_LIMITS (and docs/limits.md): " + ", ".join(missing)


def test_a_text_at_its_limit_passes_and_one_character_more_is_refused_with_field_and_limit() -> None:
    at_limit = Complaint(content="长" * 10_000, number="1", source="hotline_12345")
    assert validation.length_errors(at_limit) == []
    over = Complaint(content="长" * 10_001, number="1", source="hotline_12345")
    assert validation.length_errors(over) == ["诉求内容不能超过10000个字符（现有10001个）"]


def test_the_outer_wall_bounds_an_unlisted_text_for_services_but_not_on_save() -> None:
    from fazhi.core.models import Export

    export = Export(message="x" * (validation.TEXT_MAX_LENGTH + 1))
    assert any(str(validation.TEXT_MAX_LENGTH) in e for e in validation.length_errors(export))
    assert [e for e in validation.length_errors(export, listed_only=True) if "个字符" in e] == []


@pytest.fixture
def clerk(bureau, make_user) -> User:  # type: ignore[no-untyped-def]
    return make_user(bureau.bureau, Role.CLERK)


def _register(clerk: User, bureau, **kw) -> Complaint:  # type: ignore[no-untyped-def]
    values = {
        "source": "hotline_12345",
        "content": "夜间施工噪音扰民",
        "received_at": timezone.make_aware(datetime(2025, 6, 3, 9)),
    }
    values.update(kw)
    return complaint_register(actor=clerk, agency=bureau.bureau, **values)


def test_a_service_refuses_an_over_long_text_and_saves_nothing(clerk: User, bureau) -> None:  # type: ignore[no-untyped-def]
    assert _register(clerk, bureau, content="长" * 10_000).pk
    with pytest.raises(ValidationError) as exc:
        _register(clerk, bureau, content="长" * 10_001, number="X-2")
    assert "诉求内容不能超过10000个字符（现有10001个）" in exc.value.message
    assert not Complaint.objects.filter(number="X-2").exists()


def test_a_service_refuses_a_name_with_a_zero_width_space_and_saves_nothing(clerk: User, bureau) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as exc:
        _register(clerk, bureau, party_name="王\u200b五", number="X-3")
    assert "诉求人含有不可见或改变文字方向的字符（U+200B）" in exc.value.message
    assert not Complaint.objects.filter(number="X-3").exists()


def test_a_save_that_bypasses_the_services_is_refused_too(bureau) -> None:  # type: ignore[no-untyped-def]
    before = Agency.objects.count()
    with pytest.raises(ValidationError) as exc:
        Agency.objects.create(name="执法\u202e局", code="rtl", kind=bureau.squad.kind, parent=bureau.bureau)
    assert "机构全称含有不可见或改变文字方向的字符（U+202E）" in exc.value.message
    assert Agency.objects.count() == before


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("username", "zhang\u200bsan", "用户名含有不可见或改变文字方向的字符（U+200B）"),
        ("display_name", "张\u202e三", "姓名含有不可见或改变文字方向的字符（U+202E）"),
        ("display_name", "张\u2066三", "姓名含有不可见或改变文字方向的字符（U+2066）"),
    ],
)
def test_a_user_name_with_an_invisible_character_is_refused(bureau, field: str, value: str, message: str) -> None:  # type: ignore[no-untyped-def]
    values = {"username": "zhangsan", "display_name": "张三"} | {field: value}
    before = User.objects.count()
    with pytest.raises(ValidationError) as exc:
        user_create(actor=bureau.admin, password="Passw0rd-test", agency=bureau.squad, roles=[Role.OFFICER], **values)
    assert message in exc.value.message
    assert User.objects.count() == before


def test_a_party_name_with_an_rtl_override_is_refused_by_the_intake_check(bureau) -> None:  # type: ignore[no-untyped-def]
    from fazhi.cases.models import Party

    party = Party(name="张\u202e三")
    assert any("U+202E" in e for e in validation.length_errors(party))


# --- years and ids nested in JSON bodies and in URL paths ----------------------------------------------------
@pytest.fixture
def officer_client(bureau, make_user, make_officer) -> Client:  # type: ignore[no-untyped-def]
    client = Client(raise_request_exception=False)
    client.force_login(make_user(bureau.squad, Role.OFFICER, officer=make_officer()))
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"plan": {"year": 0}}, "年度应为1949年"),
        ({"rows": [{"title": "x", "year": -1}]}, "年度应为1949年"),
        ({"rows": [{"start_year": HUGE}]}, "年度应为1949年"),
        ({"rows": [[{"case_id": int(HUGE)}]]}, "超出范围"),
        ({"filter": {"ids": [1, int(HUGE)]}}, "超出范围"),
        ({"filter": {"agency_id": HUGE}}, "超出范围"),
    ],
)
def test_a_year_or_an_id_nested_in_a_json_body_is_a_chinese_400(officer_client: Client, body, expected: str) -> None:  # type: ignore[no-untyped-def]
    response = officer_client.post("/api/inspections/targets", json.dumps(body), content_type="application/json")
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid" and expected in response.json()["message"]


@pytest.mark.django_db
def test_a_nested_year_in_range_goes_through_to_the_view(officer_client: Client) -> None:
    body = {"rows": [{"year": 2025}], "name": "x"}
    response = officer_client.post("/api/inspections/targets", json.dumps(body), content_type="application/json")
    assert response.status_code not in (400, 500)


def _ok(request):  # type: ignore[no-untyped-def]
    return HttpResponse("ok")


@pytest.mark.parametrize(
    ("path", "kwargs", "status", "text"),
    [
        ("/reports/annual/0/", {"year": "0"}, 400, "年度应为1949年"),
        ("/api/reports/annual/-5", {"year": -5}, 400, "年度应为1949年"),
        ("/reports/annual/abc/", {"year": "abc"}, 400, "不是有效的年份"),
        ("/cases/9223372036854775808/", {"case_id": 2**63}, 404, "不存在"),
    ],
)
def test_a_year_or_an_id_out_of_range_as_a_url_argument_is_refused(path: str, kwargs, status: int, text: str) -> None:  # type: ignore[no-untyped-def]
    request = RequestFactory().get(path)
    middleware = InputSafetyMiddleware(_ok)
    response = middleware.process_view(request, _ok, (), kwargs)
    assert response is not None and response.status_code == status
    assert text in response.content.decode()
    assert middleware.process_view(request, _ok, (), {"year": "2025", "case_id": 2**63 - 1}) is None


def test_a_save_of_some_fields_checks_only_those(bureau) -> None:  # type: ignore[no-untyped-def]
    """A row stored before a limit existed can still change state; the fields written are checked."""
    agency = bureau.squad
    Agency.objects.filter(pk=agency.pk).update(name="城东\u200b中队")  # as stored long ago
    agency.refresh_from_db()
    agency.is_active = False
    agency.save(update_fields=["is_active"])
    with pytest.raises(ValidationError, match="U\\+200B"):
        agency.save(update_fields=["name"])
    with pytest.raises(ValidationError, match="U\\+200B"):
        agency.save()
