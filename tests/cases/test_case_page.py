"""The case page: where the case stands, the current stage open and the rest folded, only the forms the user may use,
the 立案 officer picker by unit, and the discretion facts as inputs."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.http import QueryDict
from django.test import Client

from fazhi.accounts.models import Role
from fazhi.cases import page, schemas, services
from fazhi.cases.models import Case, CaseState, Procedure
from fazhi.powers.facts import normalize_facts
from tests.cases.flow import FACTS, add_evidence, make_cast, registered_case, to_notified, travel


@pytest.fixture
def cast(bureau, power_list, make_officer, make_user):  # type: ignore[no-untyped-def]
    return make_cast(bureau, make_officer, make_user)


def _get(user: Any, case: Case) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(f"/cases/{case.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def _forms(html: str) -> set[str]:
    """The actions whose forms the page offers."""
    return set(re.findall(r'<form [^>]*data-action="([a-z_]+)"', html))


def _stage(html: str, code: str) -> str:
    """The opening tag of a stage's ``<details>``."""
    match = re.search(rf'<details class="stage card" id="stage-{code}"[^>]*>', html)
    assert match is not None, f"no stage {code}"
    return match.group(0)


def _lead(bureau: Any, cast: Any) -> Case:
    return services.case_open(
        actor=cast.handler1,
        agency=bureau.squad,
        source="patrol",
        power_item_code="SL-GH-001",
        party_kind="person",
        party_name="张三",
        party_id_number="11010519491231002X",
        act_date=date(2025, 2, 20),
        discovered_on=date(2025, 3, 3),
    )


# --- the step indicator ---


def test_a_lead_stands_at_its_registration_waiting_for_approval() -> None:
    steps = page.case_steps(Case(procedure=Procedure.GENERAL, state=CaseState.LEAD))
    assert [s.label for s in steps][:3] == ["案源登记", "立案", "调查取证"]
    assert steps[0].status == "current" and steps[0].note == "待立案"
    assert {s.status for s in steps[1:]} == {"todo"}


def test_an_investigated_case_has_its_registration_done_and_investigation_current() -> None:
    steps = page.case_steps(Case(procedure=Procedure.GENERAL, state=CaseState.INVESTIGATING))
    assert [s.status for s in steps[:4]] == ["done", "done", "current", "todo"]
    assert len(steps) == 9 and steps[-1].label == "归档"


def test_a_declined_lead_ends_at_the_registration_step() -> None:
    steps = page.case_steps(Case(procedure=Procedure.GENERAL, state=CaseState.NOT_REGISTERED))
    assert steps[1].label == "不予立案" and steps[1].status == "ended"
    assert all(s.status == "skipped" for s in steps[2:])


def test_a_simple_procedure_case_has_its_own_short_line() -> None:
    steps = page.case_steps(Case(procedure=Procedure.SIMPLE, state=CaseState.EXECUTING))
    assert [s.label for s in steps] == ["当场处罚决定", "执行", "备案/结案", "归档"]
    assert [s.status for s in steps] == ["done", "current", "todo", "todo"]
    archived = page.case_steps(Case(procedure=Procedure.SIMPLE, state=CaseState.ARCHIVED))
    assert {s.status for s in archived} == {"done"}


def test_the_page_shows_the_steps_with_the_current_one_marked(monkeypatch, bureau, cast) -> None:
    case = registered_case(monkeypatch, bureau, cast)
    html = _get(cast.handler1, case)
    current = re.findall(r'<li class="step current" aria-current="step">.*?<span class="name">(.*?)</span>', html)
    assert current == ["调查取证"]
    assert html.count('<li class="step done"') == 2


# --- stages and forms ---


def test_the_current_stage_is_open_and_the_others_are_folded(monkeypatch, bureau, cast) -> None:
    case = registered_case(monkeypatch, bureau, cast)
    html = _get(cast.handler1, case)
    assert " open>" in _stage(html, "investigate")
    assert " open>" not in _stage(html, "measures")
    assert "办案留痕" in html and "执法事项：SL-GH-001" in html  # the facts and the history stay visible


def test_a_handler_sees_only_the_forms_he_may_use(monkeypatch, bureau, cast) -> None:
    case = registered_case(monkeypatch, bureau, cast)
    forms = _forms(_get(cast.handler1, case))
    assert "conclude" in forms and {"transfer", "suspend", "recusal"} <= forms
    assert not forms & {"preserve", "seize", "extend", "add_handler", "flags", "register", "decide"}


def test_the_head_sees_his_forms_and_why_he_cannot_conclude(monkeypatch, bureau, cast) -> None:
    case = registered_case(monkeypatch, bureau, cast)
    html = _get(cast.head, case)
    forms = _forms(html)
    assert {"preserve", "seize", "add_handler", "flags"} <= forms
    assert "conclude" not in forms and "transfer" not in forms
    assert "调查终结报告须由本案承办人提交" in html  # the listed action, disabled with its reason, without a form


def test_the_read_only_supervisor_sees_no_form_at_all(monkeypatch, bureau, cast, make_user) -> None:
    case = registered_case(monkeypatch, bureau, cast)
    supervisor = make_user(bureau.justice, Role.SUPERVISOR)
    html = _get(supervisor, case)
    assert _forms(html) == set() and 'name="action"' not in html
    assert html.split("<main>", 1)[1].count("<form") == 0  # nor the documents' or evidence's forms
    assert "只能查看" in html and "暂不可办理" not in html
    assert "办案留痕" in html and "承办人" in html


def test_only_the_head_sees_the_registration_forms(bureau, cast) -> None:
    lead = _lead(bureau, cast)
    officer_page = _get(cast.handler1, lead)
    assert not _forms(officer_page) & {"register", "decline"}
    assert "立案须由本案执法主体的负责人批准" in officer_page
    assert {"register", "decline"} <= _forms(_get(cast.head, lead))


def test_a_decision_not_yet_allowed_for_a_penalty_offers_only_the_other_outcomes(monkeypatch, bureau, cast) -> None:
    case = to_notified(monkeypatch, registered_case(monkeypatch, bureau, cast), cast)
    html = _get(cast.head, case)
    assert "decide" in _forms(html)
    options = re.search(r'name="outcome">(.*?)</select>', html, re.S)
    assert options is not None and 'value="penalty"' not in options.group(1)
    assert 'value="no_penalty"' in options.group(1)
    assert "陈述申辩期限至" in html  # why a penalty must wait


# --- the 立案 officer picker ---


def test_the_picker_groups_officers_by_unit_own_squad_first_and_says_who_may_not_be_chosen(
    bureau, cast, make_officer, make_user
) -> None:
    expired = make_officer(bureau.squad, "王建国", valid_until=date(2025, 1, 31))
    town = make_officer(bureau.township, "郑青山")
    make_user(bureau.township, Role.OFFICER, officer=town)
    lead = _lead(bureau, cast)
    travel_day = date(2025, 3, 3)
    groups = page.officer_groups(lead, cast.head, travel_day)
    assert groups[0].unit == "城东中队" and groups[0].own
    by_name = {c.officer.name: c for g in groups for c in g.candidates}
    assert by_name["刘晓东"].problem is None and by_name["刘晓东"].roles == ("执法队员",)
    assert "办审分离" in (by_name["林法明"].problem or "")
    assert "执法证" in (by_name[expired.name].problem or "")
    assert "南山镇" in (by_name["郑青山"].problem or "") and "不能承办" in (by_name["郑青山"].problem or "")
    units = [g.unit for g in groups]
    assert units.index("城西中队") < units.index(bureau.bureau.name) < units.index(bureau.township.name)
    html = _get(cast.head, lead)
    assert html.index("城东中队") < html.index("林法明")
    assert "不能选择：法制审核人员不承办案件（办审分离）" in html


def test_a_recused_officer_may_not_be_chosen_again(monkeypatch, bureau, cast, make_officer) -> None:
    case = registered_case(monkeypatch, bureau, cast)
    recusal = services.recusal_apply(
        actor=cast.handler1, case=case, officer=cast.officers[1], applicant="party", reason="亲属"
    )
    replacement = make_officer(bureau.squad, "赵敏")
    services.recusal_decide(actor=cast.head, recusal=recusal, granted=True, replacement=replacement)
    by_name = {c.officer.name: c for g in page.officer_groups(case, cast.head, date(2025, 3, 3)) for c in g.candidates}
    assert "回避" in (by_name["黄志强"].problem or "")


# --- a refused action keeps what the user typed ---


def _post(user: Any, case: Case, data: dict[str, Any]) -> str:
    client = Client()
    client.force_login(user)
    response = client.post(f"/cases/{case.pk}/", data)
    assert response.status_code == 200, "a refusal answers with the page, not a redirect"
    return response.content.decode()


def test_a_refused_registration_keeps_the_officer_ticked_and_the_date(monkeypatch, bureau, cast) -> None:
    travel(monkeypatch, date(2025, 3, 5))
    lead = _lead(bureau, cast)
    one = cast.officers[0]
    html = _post(cast.head, lead, {"action": "register", "handler_ids": [one.pk], "on": "2025-03-04"})
    assert "执法人员不得少于两人" in html
    assert re.search(rf'value="{one.pk}"\s+checked', html)
    assert not re.search(rf'value="{cast.officers[1].pk}"\s+checked', html)
    assert 'name="on" value="2025-03-04"' in html
    assert Case.objects.get(pk=lead.pk).state == CaseState.LEAD


def test_a_refused_report_keeps_the_text_the_choices_and_the_discretion_facts(monkeypatch, bureau, cast) -> None:
    case = registered_case(monkeypatch, bureau, cast)  # no evidence yet: a penalty is refused
    html = _post(
        cast.handler1,
        case,
        {
            "action": "conclude",
            "facts": "建设房屋五十平方米",
            "evidence_summary": "笔录",
            "proposed_outcome": "penalty",
            "penalty_kinds": ["fine"],
            "fine": "50000",
            "fact_area_m2": "50",
            "fact_construction_cost": "800000",
        },
    )
    assert "本案尚无证据" in html
    assert "建设房屋五十平方米</textarea>" in html and 'name="fine" inputmode="decimal" value="50000"' in html
    assert re.search(r'value="fine"\s+checked', html) and re.search(r'value="penalty"\s+selected', html)
    assert 'name="fact_area_m2" inputmode="decimal" value="50"' in html
    assert 'name="fact_construction_cost" inputmode="decimal" value="800000"' in html
    assert " open>" in _stage(html, "investigate")


def test_a_refused_form_of_one_hearing_keeps_its_input_and_not_the_others(monkeypatch, bureau, cast) -> None:
    case = to_notified(monkeypatch, registered_case(monkeypatch, bureau, cast), cast)
    travel(monkeypatch, date(2025, 3, 19))
    hearing = services.hearing_request(actor=cast.handler1, case=case, requested_on=date(2025, 3, 19))
    html = _post(
        cast.handler1,
        case,
        {
            "action": "schedule_hearing",
            "item": hearing.pk,
            "notice_served_on": "2025-03-19",
            "hearing_date": "2025-03-20",  # fewer than seven days after the notice
            "host_id": cast.host.pk,
            "location": "第三听证室",
        },
    )
    assert "七日" in html
    assert 'name="location" value="第三听证室"' in html and 'name="hearing_date" value="2025-03-20"' in html
    assert re.search(rf'value="{cast.host.pk}"\s+selected', html)
    assert "第三听证室" not in html.split('data-action="record_hearing"')[1]  # another form keeps its default
    assert " open>" in _stage(html, "notice")


def test_a_refused_measure_opens_its_folded_stage_with_the_input(monkeypatch, bureau, cast) -> None:
    case = registered_case(monkeypatch, bureau, cast)
    html = _post(cast.head, case, {"action": "seize", "measure": "detain", "items": ""})
    assert "请填写物品清单" in html or "财物清单" in html
    assert " open>" in _stage(html, "measures")
    assert re.search(r'value="detain"\s+selected', html)


def test_a_refused_action_on_the_read_only_page_shows_the_reason_and_no_form(
    monkeypatch, bureau, cast, make_user
) -> None:
    case = registered_case(monkeypatch, bureau, cast)
    supervisor = make_user(bureau.justice, Role.SUPERVISOR)
    html = _post(supervisor, case, {"action": "suspend", "kind": "testing", "start": "2025-03-03", "reason": "鉴定"})
    assert "监督人员只能查看" in html and _forms(html) == set()


# --- discretion facts ---


def test_the_report_asks_for_the_facts_the_items_tiers_test(monkeypatch, bureau, cast) -> None:
    case = registered_case(monkeypatch, bureau, cast)
    fields = {f.fact.code: f for f in page.discretion_fields(case)}
    assert {"area_m2", "construction_cost"} <= set(fields)
    assert "一般：面积≥30㎡且面积<100㎡" in fields["area_m2"].used_by
    html = _get(cast.handler1, case)
    assert 'name="fact_area_m2"' in html and "面积（㎡）" in html


def test_a_choice_fact_is_a_select_with_the_partys_kind_chosen(bureau, cast, open_case) -> None:
    lead = open_case(code="SL-SR-001", act_date=date(2025, 3, 2), discovered_on=date(2025, 3, 2))
    fields = {f.fact.code: f for f in page.discretion_fields(lead)}
    assert fields["harm"].kind == "choice" and fields["party_kind"].initial == "person"


def test_fact_inputs_parse_as_the_name_value_lines_do() -> None:
    typed = schemas.ConcludeIn.form_data(QueryDict("discretion_facts=面积%3D50%0A工程造价%3D800000"))
    inputs = schemas.ConcludeIn.form_data(QueryDict("fact_area_m2=50&fact_construction_cost=800000&fact_harm="))
    assert typed["discretion_facts"] == {"面积": "50", "工程造价": "800000"}
    assert inputs["discretion_facts"] == {"area_m2": "50", "construction_cost": "800000"}
    assert normalize_facts(typed["discretion_facts"]) == normalize_facts(inputs["discretion_facts"])


def test_a_report_from_the_fact_inputs_gets_the_same_tier_as_from_the_lines(monkeypatch, bureau, cast) -> None:
    case = registered_case(monkeypatch, bureau, cast)
    travel(monkeypatch, date(2025, 3, 10))
    add_evidence(case, cast, date(2025, 3, 10))
    client = Client()
    client.force_login(cast.handler1)
    data = {
        "action": "conclude",
        "facts": "f",
        "evidence_summary": "e",
        "proposed_outcome": "penalty",
        "penalty_kinds": ["fine"],
        "fine": "50000",
        **{f"fact_{k}": str(v) for k, v in FACTS.items()},
    }
    response = client.post(f"/cases/{case.pk}/", data)
    assert response.status_code == 302
    report = case.reports.get()
    assert report.discretion["tier"] == "ordinary" and report.discretion["fine_min"] == "48000.00"
