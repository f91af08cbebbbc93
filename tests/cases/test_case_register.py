from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client

from fazhi.accounts.models import Role
from fazhi.cases.models import Case, CaseHandler, CaseState, NumberSequence
from fazhi.cases.services import case_decline, case_register
from fazhi.core import clock
from fazhi.core.errors import PermissionDenied, RuleViolation, ValidationError
from fazhi.core.models import AuditEvent


def _snapshot(case: Case) -> tuple[object, ...]:
    case = Case.objects.get(pk=case.pk)
    return (
        case.state,
        case.register_number,
        case.registered_on,
        CaseHandler.objects.filter(case=case).count(),
        AuditEvent.objects.count(),
        list(NumberSequence.objects.values_list("kind", "last")),
    )


def test_head_registers_a_case_with_two_certified_handlers(bureau, open_case, head, make_officer) -> None:
    case = open_case()
    a, b = make_officer(name="甲"), make_officer(name="乙")
    case = case_register(actor=head, case=case, handlers=[a, b], on=date(2026, 3, 3))
    assert case.state == CaseState.INVESTIGATING
    assert case.register_number == "示城管立字〔2026〕第1号"
    assert case.power_item.rule_set.version_label == "示例版"
    assert [h.officer.name for h in case.handlers.order_by("-is_lead", "officer__name")] == ["甲", "乙"]
    events = AuditEvent.objects.filter(entity_type="cases.case", entity_id=str(case.pk)).order_by("seq")
    assert [e.action for e in events] == ["case.open", "case.register"]


def test_registration_with_a_handler_whose_certificate_expired_is_refused_and_nothing_changes(
    bureau, open_case, head, make_officer
) -> None:
    case = open_case()
    ok = make_officer(name="甲")
    expired = make_officer(name="李过期", valid_until=date(2026, 3, 2))
    before = _snapshot(case)
    with pytest.raises(RuleViolation) as exc:
        case_register(actor=head, case=case, handlers=[ok, expired], on=date(2026, 3, 3))
    assert "执法人员李过期的执法证" in exc.value.message
    assert "已于2026年03月02日到期" in exc.value.message
    assert "不能承办本案" in exc.value.message
    assert _snapshot(case) == before


def test_registration_with_one_handler_is_refused(bureau, open_case, head, make_officer) -> None:
    case = open_case()
    only = make_officer()
    before = _snapshot(case)
    with pytest.raises(RuleViolation, match="执法人员不得少于两人（行政处罚法第四十二条）"):
        case_register(actor=head, case=case, handlers=[only], on=date(2026, 3, 3))
    assert _snapshot(case) == before


def test_a_township_cannot_register_a_case_on_an_item_not_delegated_to_it(
    bureau, open_case, township_head, make_officer, make_user
) -> None:
    town_user = make_user(bureau.township, Role.OFFICER)
    case = open_case(agency=bureau.township, code="SL-GH-001", actor=town_user)
    a, b = make_officer(bureau.township, "镇甲"), make_officer(bureau.township, "镇乙")
    before = _snapshot(case)
    with pytest.raises(RuleViolation) as exc:
        case_register(actor=township_head, case=case, handlers=[a, b], on=date(2026, 3, 3))
    assert exc.value.message.startswith("示范市南山镇人民政府未获赋权办理")
    assert "SL-GH-001" in exc.value.message
    assert "该事项未交由本乡镇（街道）行使" in exc.value.message
    assert "第二十四条" in exc.value.message
    assert _snapshot(case) == before


def test_a_township_cannot_act_on_a_delegated_item_for_an_act_before_the_delegation(
    bureau, open_case, township_head, make_officer, make_user
) -> None:
    town_user = make_user(bureau.township, Role.OFFICER)
    case = open_case(
        agency=bureau.township,
        code="SL-SR-001",
        actor=town_user,
        act_date=date(2024, 12, 31),
        discovered_on=date(2025, 1, 10),
    )
    a, b = make_officer(bureau.township, "镇甲"), make_officer(bureau.township, "镇乙")
    with pytest.raises(RuleViolation, match="早于该事项的赋权起始日"):
        case_register(actor=township_head, case=case, handlers=[a, b], on=date(2025, 1, 10))
    assert Case.objects.get(pk=case.pk).state == CaseState.LEAD


def test_a_township_registers_a_case_on_a_delegated_item(
    bureau, open_case, township_head, make_officer, make_user
) -> None:
    town_user = make_user(bureau.township, Role.OFFICER)
    case = open_case(
        agency=bureau.township,
        code="SL-SR-001",
        actor=town_user,
        act_date=date(2025, 1, 1),
        discovered_on=date(2025, 1, 2),
    )
    a, b = make_officer(bureau.township, "镇甲"), make_officer(bureau.township, "镇乙")
    case = case_register(actor=township_head, case=case, handlers=[a, b], on=date(2025, 1, 2))
    assert case.register_number == "南山镇立字〔2025〕第1号"


def test_an_act_discovered_one_day_after_two_years_cannot_be_registered(bureau, open_case, head, make_officer) -> None:
    late = open_case(act_date=date(2024, 3, 1), discovered_on=date(2026, 3, 2))
    in_time = open_case(act_date=date(2024, 3, 1), discovered_on=date(2026, 3, 1))
    a, b = make_officer(), make_officer()
    with pytest.raises(RuleViolation, match=r"二年内未被发现.*行政处罚法第三十六条"):
        case_register(actor=head, case=late, handlers=[a, b], on=date(2026, 3, 3))
    assert case_register(actor=head, case=in_time, handlers=[a, b], on=date(2026, 3, 3)).state == "investigating"


def test_only_a_head_approves_registration(bureau, open_case, make_user, make_officer) -> None:
    leader = make_user(bureau.squad, Role.SQUAD_LEADER)
    with pytest.raises(PermissionDenied, match="负责人批准"):
        case_register(actor=leader, case=open_case(), handlers=[make_officer(), make_officer()], on=date(2026, 3, 3))


def test_an_unknown_power_item_code_is_refused_at_intake(bureau, open_case) -> None:
    before = Case.objects.count()
    with pytest.raises(ValidationError, match="不在2026年03月02日施行的权责清单中"):
        open_case(code="NO-SUCH")
    assert Case.objects.count() == before


def test_intake_reports_every_bad_field_at_once(bureau, open_case) -> None:
    with pytest.raises(ValidationError) as exc:
        open_case(party_phone="12", act_date=date(2026, 3, 5), discovered_on=date(2026, 3, 1))
    assert "联系电话格式不正确" in exc.value.message
    assert "发现日期不能早于" in exc.value.message


def test_declining_needs_a_reason(bureau, open_case, head) -> None:
    case = open_case()
    with pytest.raises(ValidationError, match="必须写明理由"):
        case_decline(actor=head, case=case, reason="")
    assert case_decline(actor=head, case=case, reason="不属于本机关管辖").state == CaseState.NOT_REGISTERED


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_registration_refusal_through_the_api_names_the_expired_certificate(
    bureau, open_case, head, make_officer
) -> None:
    case = open_case()
    ok, expired = make_officer(name="甲"), make_officer(name="李过期", valid_until=date(2026, 3, 2))
    before = _snapshot(case)
    response = _client(head).post(
        f"/api/cases/{case.pk}/register",
        {
            "handler_ids": [ok.pk, expired.pk],
            "on": "2026-03-03",
        },
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "rule_violation"
    assert "李过期" in response.json()["message"] and "到期" in response.json()["message"]
    assert _snapshot(case) == before
    good = _client(head).post(
        f"/api/cases/{case.pk}/register",
        {
            "handler_ids": [ok.pk, make_officer(name="乙").pk],
            "on": "2026-03-03",
        },
        content_type="application/json",
    )
    assert good.status_code == 200
    assert good.json()["state"] == "investigating"


def test_township_refusal_through_the_api(bureau, open_case, township_head, make_officer, make_user) -> None:
    town_user = make_user(bureau.township, Role.OFFICER)
    intake = _client(town_user).post(
        "/api/cases/",
        {
            "agency_id": bureau.township.pk,
            "source": "patrol",
            "power_item_code": "SL-GH-001",
            "party_kind": "person",
            "party_name": "王五",
            "act_date": "2026-03-02",
            "discovered_on": "2026-03-02",
        },
        content_type="application/json",
    )
    assert intake.status_code == 201
    case_id = intake.json()["id"]
    a, b = make_officer(bureau.township), make_officer(bureau.township)
    response = _client(township_head).post(
        f"/api/cases/{case_id}/register",
        {"handler_ids": [a.pk, b.pk], "on": "2026-03-03"},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert "未获赋权" in response.json()["message"]
    assert Case.objects.get(pk=case_id).state == CaseState.LEAD


def test_a_squad_cannot_see_another_squads_case(bureau, open_case, make_user) -> None:
    case = open_case()
    other = make_user(bureau.squad2, Role.SQUAD_LEADER)
    not_allowed = _client(other).get(f"/api/cases/{case.pk}")
    not_found = _client(other).get("/api/cases/999999")
    assert not_allowed.status_code == not_found.status_code == 404
    assert not_allowed.json() == not_found.json() == {"code": "not_found", "message": "案件不存在或您无权访问。"}


def test_a_registration_date_in_the_future_or_before_discovery_is_refused(bureau, open_case, head, make_officer):
    case = open_case(discovered_on=date(2026, 3, 2))
    a, b = make_officer(), make_officer()
    for on in (date(2026, 3, 1), clock.today() + timedelta(days=1)):
        with pytest.raises(ValidationError, match="立案日期应在发现日期"):
            case_register(actor=head, case=case, handlers=[a, b], on=on)
    assert Case.objects.get(pk=case.pk).state == CaseState.LEAD


def test_a_back_dated_registration_does_not_let_an_expired_officer_in(bureau, open_case, head, make_officer):
    case = open_case(discovered_on=date(2026, 1, 2), act_date=date(2026, 1, 2))
    expired = make_officer(name="王建国", valid_until=date(2026, 6, 30))
    with pytest.raises(RuleViolation, match="王建国"):
        case_register(actor=head, case=case, handlers=[expired, make_officer()], on=date(2026, 1, 3))


def test_the_bureaus_head_does_not_approve_a_townships_case(bureau, open_case, head, make_officer, make_user):
    case = open_case(
        agency=bureau.township,
        actor=make_user(bureau.township, Role.OFFICER),
        act_date=date(2025, 2, 1),
        discovered_on=date(2025, 2, 1),
    )
    a, b = make_officer(bureau.township), make_officer(bureau.township)
    with pytest.raises(PermissionDenied, match="执法主体是示范市南山镇人民政府，须由其负责人审批"):
        case_register(actor=head, case=case, handlers=[a, b], on=date(2025, 2, 2))


def test_township_officers_do_not_handle_the_bureaus_case(bureau, open_case, head, make_officer):
    a, b = make_officer(bureau.township, "镇甲"), make_officer(bureau.township, "镇乙")
    with pytest.raises(ValidationError, match="镇甲、镇乙不属于示范市城市管理和综合执法局"):
        case_register(actor=head, case=open_case(), handlers=[a, b], on=date(2026, 3, 3))


def test_an_overlong_party_name_is_a_message_not_a_database_error(bureau, open_case):
    before = Case.objects.count()
    with pytest.raises(ValidationError, match="名称/姓名不能超过200个字符（现有201个）"):
        open_case(party_name="张" * 201)
    assert Case.objects.count() == before


def test_a_negative_offset_is_refused_by_the_api(bureau, open_case, head):
    response = _client(head).get("/api/cases/?offset=-5")
    assert response.status_code == 422


def test_the_case_list_filters_by_procedure_unit_and_party(bureau, open_case, head, make_officer):
    mine = open_case(party_name="王小二")
    other = open_case(party_name="李大三")
    client = _client(head)
    page = client.get("/cases/", {"q": "王小二", "agency": bureau.squad.pk, "procedure": "general"}).content.decode()
    assert mine.lead_number in page and other.lead_number not in page
    assert page.count("王小二") == 1 and "王**" in page  # only the search box echoes it: lists mask names
    assert "没有符合条件的案件" in client.get("/cases/", {"agency": bureau.squad2.pk}).content.decode()
    assert "不是有效日期" in client.get("/cases/", {"registered_from": "2026-13-01"}).content.decode()
