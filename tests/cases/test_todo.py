"""待办 narrows its candidates in SQL (``todo_candidates_q``), reads them in the order of their ``todo_due``
(``fazhi.cases.todo``) and stops at the threshold, and gives the same items, in the same order, as the evaluation of
every open case (the algorithm before the narrowing and the column), for every role and on a fixture
with a case in each state: leads of the bureau and of a township, cases under investigation, in review before and
after 案件审核, notified, decided, served, reminded, under a pending 复议, a 当场 case, on several days.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from fazhi.accounts.models import Role
from fazhi.cases import selectors, services
from fazhi.cases.models import OPEN_STATES, Case, CaseState
from fazhi.cases.selectors import CASE_RECORDS, TodoItem, _record_prefetch, _weigh, case_list, todo_list
from fazhi.legal_affairs import services as legal
from tests.cases.flow import FINE, add_evidence, make_cast, registered_case, to_notified, travel
from tests.cases.remedy_flow import SERVED, served_case, simple_case


@pytest.fixture
def cast(bureau, power_list, make_officer, make_user):  # type: ignore[no-untyped-def]
    return make_cast(bureau, make_officer, make_user)


def _reference(actor: Any, today: date, limit: int = 200) -> list[TodoItem]:
    """待办 before the narrowing and the column: every open case weighed in Python."""
    if selectors.scope_for(actor).read_only:
        return []
    qs = (
        case_list(actor=actor)
        .filter(state__in=[*OPEN_STATES, CaseState.LEAD])
        .select_related("legal_subject", "agency__parent", "power_item__rule_set", "registered_by")
        .prefetch_related(*(_record_prefetch(n) for n in CASE_RECORDS))
    )
    return _weigh(qs, actor, today, limit)


def _lines(items: list[TodoItem]) -> list[tuple[object, ...]]:
    return [(i.case.pk, i.task, i.deadline.due if i.deadline else None, i.actions) for i in items]


def _lead(agency: Any, actor: Any, code: str = "SL-GH-001") -> Case:
    return services.case_open(
        actor=actor,
        agency=agency,
        source="patrol",
        power_item_code=code,
        party_kind="person",
        party_name="李四",
        party_id_number="11010519491231002X",
        act_date=date(2025, 2, 20),
        discovered_on=date(2025, 3, 3),
    )


def _concluded(monkeypatch: Any, bureau: Any, cast: Any, *, reviewed: bool) -> Case:
    case = registered_case(monkeypatch, bureau, cast, is_major=True)
    travel(monkeypatch, date(2025, 3, 10))
    add_evidence(case, cast, date(2025, 3, 10))
    services.investigation_conclude(
        actor=cast.handler1,
        case=case,
        facts="当事人未取得建设工程规划许可证，在城东路1号建设房屋50平方米。",
        evidence_summary="现场检查笔录、询问笔录、照片",
        proposed_outcome="penalty",
        penalty_kinds=["fine"],
        fine=FINE,
        discretion_facts={"area_m2": 50, "construction_cost": 800000},
    )
    if reviewed:
        travel(monkeypatch, date(2025, 3, 11))
        services.case_review_record(actor=cast.leader, case=case, opinion="agree", text="事实清楚。")
    return case


@pytest.fixture
def varied(monkeypatch, bureau, cast, make_officer, make_user):  # type: ignore[no-untyped-def]
    """A case in each state of the workflow, and the people of the bureau and of a township."""
    town_officers = [make_officer(bureau.township, "镇甲"), make_officer(bureau.township, "镇乙")]
    town_user = make_user(bureau.township, Role.OFFICER, officer=town_officers[0])
    town_head = make_user(bureau.township, Role.HEAD)
    supervisor = make_user(bureau.justice, Role.SUPERVISOR)
    travel(monkeypatch, date(2025, 3, 3))
    _lead(bureau.squad, cast.handler1)
    _lead(bureau.squad, cast.handler2)
    _lead(bureau.township, town_user, "SL-SR-001")
    town_case = _lead(bureau.township, town_user, "SL-SR-001")
    services.case_register(actor=town_head, case=town_case, handlers=town_officers, on=date(2025, 3, 3))
    registered_case(monkeypatch, bureau, cast, is_major=False)
    registered_case(monkeypatch, bureau, cast, is_major=True, shift=timedelta(days=2))
    _concluded(monkeypatch, bureau, cast, reviewed=False)
    _concluded(monkeypatch, bureau, cast, reviewed=True)
    to_notified(monkeypatch, registered_case(monkeypatch, bureau, cast, is_major=False), cast)
    decided = to_notified(monkeypatch, registered_case(monkeypatch, bureau, cast, is_major=False), cast)
    travel(monkeypatch, SERVED)
    services.case_decide(
        actor=cast.head, case=decided, outcome="penalty", reasons="违法事实清楚。", penalty_kinds=["fine"], fine=FINE
    )
    served_case(monkeypatch, bureau, cast, publish=False)
    reminded = served_case(monkeypatch, bureau, cast, publish=False)
    travel(monkeypatch, date(2025, 4, 15))
    services.reminder_issue(
        actor=cast.handler1, case=reminded, method="direct", served_on=date(2025, 4, 15), recipient="张三", proof="回证"
    )
    challenged = served_case(monkeypatch, bureau, cast, publish=False)
    travel(monkeypatch, date(2025, 4, 21))
    legal.reconsideration_register(
        actor=cast.reviewer,
        agency=bureau.bureau,
        applicant="张三",
        matter="不服罚款五万元的处罚决定",
        applied_on=date(2025, 4, 21),
        received_on=date(2025, 4, 21),
        case=challenged,
        simplified=True,
    )
    simple_case(monkeypatch, bureau, cast)
    users = [cast.head, cast.handler1, cast.handler2, cast.leader, cast.reviewer, cast.clerk]
    return [*users, town_user, town_head, supervisor]


DAYS = (date(2025, 3, 20), date(2025, 4, 22), date(2025, 6, 10), date(2025, 11, 10))


def test_todo_gives_the_same_items_in_the_same_order_as_weighing_every_open_case(monkeypatch, varied) -> None:
    states = set(Case.objects.values_list("state", flat=True))
    assert {CaseState.LEAD, *OPEN_STATES} <= states  # every state 待办 weighs is in the fixture
    offered = 0
    for day in DAYS:
        travel(monkeypatch, day)
        for user in varied:
            expected = _lines(_reference(user, day))
            assert _lines(todo_list(actor=user, today=day)) == expected, (user.username, day)
            offered += len(expected)
            assert _lines(todo_list(actor=user, today=day, limit=3)) == expected[:3]
    assert offered > 0


def test_small_batches_stop_at_the_threshold_with_the_same_items(monkeypatch, varied) -> None:
    """With batches of two candidates, 待办 reads several batches and stops early, and still gives the same list."""
    monkeypatch.setattr(selectors, "_todo_batches", lambda limit: (2,) * 50)
    read: list[int] = []
    real = selectors.prefetch_records

    def counting(cases: list[Case], *args: Any, **kwargs: Any) -> None:
        read.append(len(cases))
        real(cases, *args, **kwargs)

    monkeypatch.setattr(selectors, "prefetch_records", counting)
    stopped_early = False
    for day in DAYS:
        travel(monkeypatch, day)
        for user in varied:
            for limit in (1, 2, 3, 200):
                read.clear()
                expected = _lines(_reference(user, day, limit))
                assert _lines(todo_list(actor=user, today=day, limit=limit)) == expected, (user.username, day, limit)
                candidates = (
                    case_list(actor=user)
                    .filter(state__in=[*OPEN_STATES, CaseState.LEAD])
                    .filter(selectors.todo_candidates_q(user))
                    .count()
                )
                stopped_early |= sum(read) < candidates
    assert stopped_early


def test_the_narrowing_drops_cases_the_actor_cannot_act_on(varied) -> None:
    head, handler1, leader = varied[0], varied[1], varied[3]
    window = Case.objects.filter(state__in=[*OPEN_STATES, CaseState.LEAD])
    kept = {
        u.username: set(window.filter(selectors.todo_candidates_q(u)).values_list("state", flat=True)) for u in varied
    }
    assert CaseState.LEAD in kept[head.username] and CaseState.LEAD not in kept[handler1.username]
    assert kept[leader.username] <= {CaseState.REVIEWING, CaseState.EXECUTING}
    assert window.filter(selectors.todo_candidates_q(leader)).count() < window.count()
