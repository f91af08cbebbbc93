"""``Case.todo_due``: a lower bound of the due day of a case's 待办 item, for anyone, kept in SQL for 待办's order.

待办 (``fazhi.cases.selectors.todo_list``) gives every actor the items of the cases he can act on, soonest deadline
first; an item's deadline is the case's first pending deadline of the agency's own (else its first pending party
period), the same for every actor. ``todo_due`` holds a day no later than that deadline's due day on any later day:
待办 reads the candidates in ``todo_due`` order and stops once the next one cannot come before its last kept item.

Why a lower bound and not the day itself:

- the 90-day decision limit moves later while a 中止 is open (its days are counted up to "today"): it is stored as if
  the open suspension ended before it started, the earliest it can be on any day;
- a deadline computed on the provisional calendar (a holiday year not entered, ``deadlines.soft``) may move when the
  year is entered, but never before 1 January of the first year it assumed (``deadlines.uncertain_against``): that
  day is stored, so such a case is still weighed in time;
- nothing else a deadline depends on changes with the day (the set of pending deadlines is a function of the
  records).

It is empty for a closed case and for a case with no pending deadline (its item has no deadline and comes last).

Kept in the transaction of every change: every change of a case or of its records records a ``cases.case`` audit
event (``services._common.case_event``). On PostgreSQL ``before_flush`` recomputes the column of each case the
transaction's events name, once per case, at the pre-commit step and before the events are numbered
(``fazhi.core.pgbackend``: the global sequence's lock is taken after it, so the work does not lengthen the stretch
every transition waits on); elsewhere, and for an event written without that step, the audit listener
``on_audit`` recomputes it at each event.

``rebuild`` recomputes it for every case (``fazhi cases rebuild-todo``) after data written behind the services'
back. Entering or correcting a holiday year enqueues it (``todo_rebuild_task``, after the commit): a final deadline
of a corrected year may move earlier, and a deadline made final by a first entry gets its exact day back (the bound
on the provisional calendar, 1 January, stays a lower bound meanwhile, so 待办 is right before the task has run).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from fazhi.cases.deadlines import case_deadlines, decision_due
from fazhi.cases.models import OPEN_STATES, Case, CaseState
from fazhi.core import clock

__all__ = ["TODO_STATES", "before_flush", "on_audit", "rebuild", "refresh_case", "refresh_cases", "todo_due_of"]

#: The states 待办 weighs; the column is empty in the others.
TODO_STATES: tuple[str, ...] = tuple(sorted({*OPEN_STATES, CaseState.LEAD}))
_BATCH = 1000

Log = Callable[[str], None]


def todo_due_of(case: Case, today: date | None = None) -> date | None:
    """The value of ``todo_due`` for ``case`` read with its records (``selectors.prefetch_records``)."""
    if case.state not in TODO_STATES:
        return None
    today = today or clock.today()
    pending = [d for d in case_deadlines(case, today) if d.done_on is None]
    duties = [d for d in pending if not d.is_party_period]  # as selectors._weigh picks the item's deadline
    bounds: list[date] = []
    for d in duties or pending:
        due = d.due
        if d.code == "decision":
            earliest = decision_due(case, date.min)  # an open suspension counts no day yet
            if earliest is not None:
                due = min(due, earliest)
        if d.provisional_years:
            due = min(due, date(min(d.provisional_years), 1, 1))
        bounds.append(due)
    return min(bounds) if bounds else None


def _read(ids: Iterable[int]) -> list[Case]:
    from fazhi.cases.selectors import prefetch_records  # noqa: PLC0415 — selectors import the deadlines, as we do

    cases = list(Case.objects.filter(pk__in=list(ids)).select_related("decision").order_by("pk"))
    prefetch_records(cases)
    return cases


def refresh_case(case_id: int) -> None:
    """Recompute the column of one case (in the caller's transaction)."""
    refresh_cases([case_id])


def refresh_cases(case_ids: Iterable[int]) -> None:
    """Recompute the column of these cases (in the caller's transaction): one read of the cases, their records, and
    an update per case whose value changed."""
    ids = sorted(set(case_ids))
    if not ids:
        return
    from fazhi.cases.selectors import prefetch_records, with_records  # noqa: PLC0415 — they import the deadlines

    cases = list(Case.objects.filter(pk__in=ids).select_related("decision").order_by("pk"))
    weighed = [case for case in cases if case.state in TODO_STATES]
    if len(weighed) == 1:
        with_records(weighed[0])  # the kinds it has, asked in one query: a transition's usual case
    elif weighed:
        prefetch_records(weighed)
    for case in cases:
        value = todo_due_of(case) if case.state in TODO_STATES else None
        if value != case.todo_due:
            Case.objects.filter(pk=case.pk).update(todo_due=value)


#: Set on an event whose case ``before_flush`` has refreshed, so that the listener skips it.
_REFRESHED = "_todo_refreshed"
#: The audit action of entering or correcting a year's holiday arrangement (``fazhi.core.holidays``).
HOLIDAY_YEAR_CONFIRM = "holiday.year_confirm"


def on_audit(event: Any, entity: Any) -> None:
    """The ``audit_listeners`` hook (registered in ``CasesConfig.ready``): a case's change recomputes its column,
    unless ``before_flush`` already did; a holiday year entered or corrected enqueues the rebuild."""
    if getattr(event, _REFRESHED, False):
        return
    if event.entity_type == "cases.case":
        refresh_case(int(event.entity_id))
    elif event.action == HOLIDAY_YEAR_CONFIRM:
        _enqueue_rebuild()


def before_flush(pending: Iterable[Any]) -> None:
    """The ``fazhi.core.pgbackend.before_flush`` hook: the column of every case the transaction's buffered events
    name, once each, before the events are numbered."""
    events = [item.event for item in pending]
    refresh_cases(int(e.entity_id) for e in events if e.entity_type == "cases.case")
    if any(e.action == HOLIDAY_YEAR_CONFIRM for e in events):
        _enqueue_rebuild()
    for e in events:
        setattr(e, _REFRESHED, True)


def _enqueue_rebuild() -> None:
    from django.db import transaction  # noqa: PLC0415

    from fazhi.cases.tasks import todo_rebuild_task  # noqa: PLC0415 — the task module imports this one

    transaction.on_commit(todo_rebuild_task.enqueue)


def rebuild(*, log: Log | None = None) -> int:
    """Recompute the column of every case; the number of cases whose value changed."""
    changed = 0
    Case.objects.exclude(state__in=TODO_STATES).exclude(todo_due=None).update(todo_due=None)
    ids = list(Case.objects.filter(state__in=TODO_STATES).order_by("pk").values_list("pk", flat=True))
    today = clock.today()
    for start in range(0, len(ids), _BATCH):
        stale = []
        for case in _read(ids[start : start + _BATCH]):
            value = todo_due_of(case, today)
            if value != case.todo_due:
                case.todo_due = value
                stale.append(case)
        Case.objects.bulk_update(stale, ["todo_due"], batch_size=_BATCH)
        changed += len(stale)
        if log is not None:
            log(f"  待办期限 {min(start + _BATCH, len(ids))}/{len(ids)}")
    return changed
