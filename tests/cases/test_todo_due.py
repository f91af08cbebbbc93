"""``Case.todo_due`` (fazhi.cases.todo): kept by every change of a case, equal to what the rebuild computes, a lower
bound of the case's 待办 item for everyone on any later day, and 待办 reads it with a bounded number of queries."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.cases import selectors, todo
from fazhi.cases.models import Case
from fazhi.cases.selectors import todo_list, with_records
from fazhi.core.audit import audit_listeners
from tests.cases.flow import travel
from tests.cases.test_todo import DAYS, _lead, cast, varied  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def _fresh(case_id: int) -> date | None:
    case = Case.objects.select_related("decision").get(pk=case_id)
    return todo.todo_due_of(with_records(case))


@pytest.fixture
def checked(monkeypatch):  # type: ignore[no-untyped-def]
    """After every case event (its listener ran first), the stored column equals a fresh computation."""
    seen: list[str] = []

    def check(event: Any, entity: Any) -> None:
        if event.entity_type == "cases.case":
            stored = Case.objects.filter(pk=int(event.entity_id)).values_list("todo_due", flat=True).get()
            assert stored == _fresh(int(event.entity_id)), event.action
            seen.append(event.action)

    monkeypatch.setattr("fazhi.core.audit.audit_listeners", [*audit_listeners, check])
    return seen


def test_every_transition_keeps_the_column(checked, request) -> None:
    request.getfixturevalue("varied")  # a case in every state, through the services, each event checked
    kinds = set(checked)
    for action in (
        "case.open",
        "case.register",
        "case.conclude",
        "case.case_review",
        "case.legal_review",
        "case.notify",
        "case.decide",
        "case.serve",
        "case.remind",
        "case.remedy_open",
        "case.simple_decide",
    ):
        assert action in kinds, (action, sorted(kinds))
    dated = Case.objects.exclude(todo_due=None).count()
    assert 0 < dated < Case.objects.count()


def test_the_rebuild_equals_the_maintained_values(varied) -> None:  # noqa: F811
    before = dict(Case.objects.values_list("pk", "todo_due"))
    assert todo.rebuild() == 0
    Case.objects.update(todo_due=None)
    assert todo.rebuild() > 0
    assert dict(Case.objects.values_list("pk", "todo_due")) == before


def test_the_column_is_a_lower_bound_of_every_item(monkeypatch, varied) -> None:  # noqa: F811
    for day in DAYS:
        travel(monkeypatch, day)
        for user in varied:
            for item in todo_list(actor=user, today=day):
                bound = Case.objects.get(pk=item.case.pk).todo_due
                if item.deadline is None:
                    assert bound is None
                else:
                    assert bound is not None and bound <= item.deadline.due


def test_a_suspension_counts_no_day_in_the_bound(monkeypatch, bureau, cast) -> None:  # noqa: F811
    from fazhi.cases import services
    from tests.cases.flow import registered_case

    case = registered_case(monkeypatch, bureau, cast, is_major=False)
    bound = Case.objects.get(pk=case.pk).todo_due
    assert bound is not None
    travel(monkeypatch, date(2025, 3, 12))
    services.case_suspend(actor=cast.handler1, case=case, kind="testing", start=date(2025, 3, 12), reason="检测")
    travel(monkeypatch, date(2025, 4, 12))
    assert Case.objects.get(pk=case.pk).todo_due == bound  # the open suspension does not move the bound
    assert todo.rebuild() == 0


def test_a_closed_case_has_no_bound(varied) -> None:  # noqa: F811
    Case.objects.update(state="closed")
    todo.rebuild()
    assert not Case.objects.exclude(todo_due=None).exists()


def _queries(user: Any, day: date) -> int:
    with CaptureQueriesContext(connection) as q:
        todo_list(actor=user, today=day)
    return len(q)


def test_the_query_count_does_not_grow_with_the_cases(monkeypatch, bureau, cast) -> None:  # noqa: F811
    travel(monkeypatch, date(2025, 3, 3))
    for _ in range(5):
        _lead(bureau.squad, cast.handler1)
    day = date(2025, 3, 20)
    _queries(cast.head, day)  # warm: the holiday table and the user's roles are read once per process
    few = _queries(cast.head, day)
    for _ in range(45):
        _lead(bureau.squad, cast.handler1)
    assert Case.objects.count() == 50
    assert _queries(cast.head, day) == few
    # several batches (two cases each, four at most) cost the same queries whatever the number of cases
    monkeypatch.setattr(selectors, "_todo_batches", lambda limit: (2, 2, 2, 2))
    capped = _queries(cast.head, day)
    for _ in range(5):
        _lead(bureau.squad, cast.handler1)
    assert _queries(cast.head, day) == capped


def test_a_holiday_year_entered_enqueues_the_rebuild_which_mends_the_column(
    bureau,
    varied,  # noqa: F811
    django_capture_on_commit_callbacks,
) -> None:
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    from fazhi.cases.tasks import todo_rebuild_task
    from fazhi.core import holidays as hol
    from tests.core.test_holiday_entry import NOTICE_2026

    path = "fazhi.cases.tasks.todo_rebuild_task"
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        hol.holiday_year_confirm(actor=bureau.admin, parsed=hol.parse_notice_text(2026, NOTICE_2026), source="通知")
    assert DBTaskResult.objects.filter(task_path=path).count() == 1

    # a column gone wrong (a correction moved a final deadline earlier) is what the task puts right
    case = Case.objects.exclude(todo_due=None).order_by("pk").first()
    assert case is not None
    right = case.todo_due
    Case.objects.filter(pk=case.pk).update(todo_due=date(2099, 1, 1))
    assert todo_rebuild_task.call() == {"changed": 1}
    assert Case.objects.get(pk=case.pk).todo_due == right


def test_a_transaction_refreshes_each_case_once(bureau, varied, monkeypatch) -> None:  # noqa: F811
    """``before_flush`` (PostgreSQL's pre-commit step) weighs each named case once, whatever its events."""
    from types import SimpleNamespace

    cases = list(Case.objects.exclude(todo_due=None).order_by("pk")[:2])
    weighed: list[int] = []
    real = todo.todo_due_of
    monkeypatch.setattr(todo, "todo_due_of", lambda case, today=None: weighed.append(case.pk) or real(case, today))
    Case.objects.filter(pk__in=[c.pk for c in cases]).update(todo_due=date(2099, 1, 1))
    events = [SimpleNamespace(entity_type="cases.case", entity_id=str(c.pk), action="case.x") for c in cases * 3]
    todo.before_flush([SimpleNamespace(event=e) for e in events])
    assert sorted(weighed) == sorted(c.pk for c in cases)
    assert [Case.objects.get(pk=c.pk).todo_due for c in cases] == [c.todo_due for c in cases]
    # the listener then skips them: nothing is weighed again
    for e in events:
        todo.on_audit(e, None)
    assert len(weighed) == 2
