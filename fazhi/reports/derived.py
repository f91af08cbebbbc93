"""Rollups of closed periods: the case counts and sums of every closed month and year, read by ``fazhi.reports.cube``
in place of the cases of those periods (docs/reports.md "Rollups of closed periods").

A ``CaseRollup`` row holds, for one source (live or imported), one period (a closed month or year), one date
(``by``: registered, decided, paid, closed) and one group of dimensions (agency, procedure, source, domain, item,
major, delegated, outcome, reviewed), the cases' count, fines, confiscations, 法制审核意见书 and handling days —
the same aggregates of the same annotated facts (``fazhi.reports.facts``) a cube pass computes. A period is read
from its rows only while its ``RollupPeriod`` is ``is_clean``; the current month and year are never rolled up.

Exactness:

- every change that can alter a case's figures records an audit event in its transaction; ``on_audit`` (an
  ``audit_listeners`` hook) marks dirty, in that same transaction, the periods of the case's dates before the
  change (``RolledCase`` keeps them) and after it, and for an import (``imports.cases``) the periods of the batch's
  dates. The mark is an upsert on the period row, so it waits for a ``refresh`` holding that row and a ``refresh``
  waits for it: no change is lost between the read of a period and its clean mark;
- a live period also holds its payments (``PaymentRollup``: by the month or year paid, agency of the case, kind),
  read for 罚款 collected (``fazhi.reports.collect``); a payment is recorded with its case's audit event, whose mark
  covers the periods of the case's payments' dates too (a late payment in a closed month included). On PostgreSQL
  a transaction's marks run at once at the pre-commit step before its events are numbered (``before_flush``),
  outside the global sequence's lock; the listener marks an event written any other way;
- ``refresh`` recomputes the dirty and the newly closed periods (a task, the dataset builder and ``fazhi reports
  rebuild-rollups``); until then the cube reads those periods from the cases, so a figure never waits for it;
- ``rebuild`` drops and recomputes everything (after data written behind the services' back: a bulk load, SQL).

Not followed (``rebuild`` after them): an agency's kind changed (it decides a live case's ``f_delegated``) and a
power item's code or domain edited in place (published lists are not edited), a payment's date or amount edited in
place (no service does: a payment is only ever recorded).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import TruncMonth, TruncYear

from fazhi.cases.models import Case, LegalReview, Payment
from fazhi.core import clock
from fazhi.imports.models import HistoricalCase
from fazhi.reports import facts
from fazhi.reports.models import CaseRollup, PaymentRollup, RolledCase, RollupPeriod

__all__ = [
    "BYS",
    "EPOCH",
    "GRAINS",
    "before_flush",
    "clean_periods",
    "on_audit",
    "period_end",
    "rebuild",
    "refresh",
    "starts_in",
]

GRAINS = ("year", "month")
# The dates a source's rollups are kept by (a live payment is a Payment row, not a date of the case).
BYS: dict[str, tuple[str, ...]] = {
    "live": ("registered", "decided", "closed"),
    "imported": ("registered", "decided", "paid", "closed"),
}
DATE_FIELD = {"registered": "f_registered_on", "decided": "f_decided_on", "paid": "paid_on", "closed": "f_closed_on"}
# Periods are kept (empty ones too) from this year on, so that "every case before the year" reads rollups.
EPOCH = date(2000, 1, 1)
_BATCH = 5000

Log = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


def period_start(day: date, grain: str) -> date:
    return day.replace(day=1) if grain == "month" else day.replace(month=1, day=1)


def period_end(start: date, grain: str) -> date:
    """The last day of the period starting on ``start``."""
    if grain == "year":
        return start.replace(month=12, day=31)
    nxt = start.replace(year=start.year + 1, month=1) if start.month == 12 else start.replace(month=start.month + 1)
    return date.fromordinal(nxt.toordinal() - 1)


def _next(start: date, grain: str) -> date:
    return date.fromordinal(period_end(start, grain).toordinal() + 1)


def _closed_before(today: date, grain: str) -> date:
    """The first day of the current (open) period: every period starting before it is closed."""
    return period_start(today, grain)


def _periods(first: date, before: date, grain: str) -> list[date]:
    out, cur = [], period_start(first, grain)
    while cur < before:
        out.append(cur)
        cur = _next(cur, grain)
    return out


def clean_periods(grains: Iterable[str] = GRAINS, *, today: date | None = None) -> dict[tuple[str, str], set[date]]:
    """{(source, grain): the starts of its clean closed periods}, in one query."""
    out: dict[tuple[str, str], set[date]] = {}
    rows = RollupPeriod.objects.filter(is_clean=True, grain__in=list(grains)).values_list("source", "grain", "start")
    today = today or clock.today()
    for source, grain, start in rows:
        if start < _closed_before(today, grain):
            out.setdefault((source, grain), set()).add(start)
    return out


# --- computing -------------------------------------------------------------------------------------------------


def _facts(source: str) -> QuerySet[Any]:
    if source == "live":
        return facts._live().annotate(
            d_reviewed=Exists(LegalReview.objects.filter(case=OuterRef("pk"))),
            d_opinions=Value(0),
        )
    return facts._imported().annotate(
        d_reviewed=ExpressionWrapper(Q(review_opinions__gt=0), output_field=BooleanField()),
        d_opinions=F("review_opinions"),
    )


def _ranges(starts: Iterable[date], grain: str) -> list[tuple[date, date]]:
    """Consecutive periods merged into date ranges."""
    out: list[tuple[date, date]] = []
    for start in sorted(starts):
        end = period_end(start, grain)
        if out and out[-1][1].toordinal() + 1 == start.toordinal():
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _in_ranges(field: str, ranges: list[tuple[date, date]]) -> Q:
    q = Q()
    for start, end in ranges:
        q |= Q(**{f"{field}__gte": start, f"{field}__lte": end})
    return q


def starts_in(starts: Iterable[date], grain: str) -> Q:
    """Rollup rows (or periods) whose ``start`` is one of ``starts``: a few range tests."""
    return _in_ranges("start", _ranges(starts, grain))


_DIMS = ("f_procedure", "f_source", "f_domain", "f_item", "f_major", "f_delegated", "f_outcome")


def _compute(source: str, grain: str, starts: list[date]) -> Iterable[CaseRollup]:
    """The rollup rows of the periods ``starts`` of one source: one grouped query per date."""
    ranges = _ranges(starts, grain)
    if not ranges:
        return
    trunc = TruncMonth if grain == "month" else TruncYear
    for by in BYS[source]:
        field = DATE_FIELD[by]
        qs = (
            _facts(source)
            .filter(_in_ranges(field, ranges))
            .annotate(d_start=trunc(field))
            .order_by()
            .values("d_start", "agency_id", *_DIMS, "d_reviewed")
            .annotate(
                m_n=Count("pk"),
                m_fine=Sum("f_fine"),
                m_confiscation=Sum("f_confiscation"),
                m_opinions=Sum("d_opinions"),
                m_days=Sum(F("f_closed_on") - F("f_registered_on"), output_field=DurationField()),
            )
        )
        for row in qs.iterator(chunk_size=_BATCH):
            days = row["m_days"]
            yield CaseRollup(
                source=source,
                grain=grain,
                start=row["d_start"],
                by=by,
                agency_id=row["agency_id"],
                **{name: row[name] for name in _DIMS},
                f_reviewed=bool(row["d_reviewed"]),
                n=row["m_n"],
                fine=row["m_fine"] or 0,
                confiscation=row["m_confiscation"] or 0,
                opinions=row["m_opinions"] or 0,
                days=0 if days is None else (days.days if hasattr(days, "days") else int(days)),
            )


def _compute_payments(grain: str, starts: list[date]) -> Iterable[PaymentRollup]:
    """The payment rollup rows of the live periods ``starts``: the payments by paid month (or year), case agency
    and kind, in one grouped query."""
    ranges = _ranges(starts, grain)
    if not ranges:
        return
    trunc = TruncMonth if grain == "month" else TruncYear
    qs = (
        Payment.objects.filter(_in_ranges("paid_on", ranges))
        .annotate(d_start=trunc("paid_on"))
        .order_by()
        .values("d_start", "case__agency_id", "kind")
        .annotate(m_n=Count("pk"), m_amount=Sum("amount"))
    )
    for row in qs.iterator(chunk_size=_BATCH):
        yield PaymentRollup(
            grain=grain,
            start=row["d_start"],
            agency_id=row["case__agency_id"],
            kind=row["kind"],
            n=row["m_n"],
            amount=row["m_amount"] or 0,
        )


def _first_day(source: str) -> date | None:
    if source == "live":
        qs = Case.objects.filter(registered_on__isnull=False)
        agg = qs.aggregate(
            a=Min("registered_on"), b=Min("decision__decided_on"), c=Min("closed_on"), z=Max("registered_on")
        )
    else:
        agg = HistoricalCase.objects.aggregate(
            a=Min("registered_on"), b=Min("decided_on"), c=Min("closed_on"), d=Min("paid_on"), z=Max("registered_on")
        )
    days = [v for k, v in agg.items() if k != "z" and v is not None]
    return min(days) if days else None


def _insert(model: Any, rows: Iterable[Any]) -> int:
    count, batch = 0, []
    for row in rows:
        batch.append(row)
        if len(batch) >= _BATCH:
            model.objects.bulk_create(batch)
            count += len(batch)
            batch = []
    model.objects.bulk_create(batch)
    return count + len(batch)


def refresh(*, log: Log = _quiet, today: date | None = None) -> int:
    """Recompute every closed period that is dirty or not yet built; the number of periods recomputed."""
    today = today or clock.today()
    done = 0
    for source in BYS:
        first = min(filter(None, (_first_day(source), EPOCH)))
        for grain in GRAINS:
            before = _closed_before(today, grain)
            # the closed periods' rows, new ones dirty (a concurrent mark waits for this insert, or this for it)
            RollupPeriod.objects.bulk_create(
                [RollupPeriod(source=source, grain=grain, start=s) for s in _periods(first, before, grain)],
                ignore_conflicts=True,
                batch_size=_BATCH,
            )
            with transaction.atomic():
                dirty = list(
                    RollupPeriod.objects.select_for_update()
                    .filter(source=source, grain=grain, is_clean=False, start__lt=before)
                    .values_list("pk", "start")
                )
                starts = [s for _, s in dirty]
                if not starts:
                    continue
                for lo, hi in _ranges(starts, grain):
                    CaseRollup.objects.filter(source=source, grain=grain, start__gte=lo, start__lte=hi).delete()
                rows = _insert(CaseRollup, _compute(source, grain, starts))
                if source == "live":  # a live period's payments, by the month (year) they were paid
                    for lo, hi in _ranges(starts, grain):
                        PaymentRollup.objects.filter(grain=grain, start__gte=lo, start__lte=hi).delete()
                    rows += _insert(PaymentRollup, _compute_payments(grain, starts))
                RollupPeriod.objects.filter(pk__in=[pk for pk, _ in dirty]).update(is_clean=True, built_at=clock.now())
                done += len(starts)
                log(f"reports: {source} {grain}: {len(starts)} periods, {rows} rollup rows")
    return done


def _remember_all_live_cases() -> None:
    """``RolledCase`` for every live case, in one INSERT … SELECT."""
    RolledCase.objects.all().delete()
    qs = Case.objects.order_by().values_list("pk", "registered_on", "decision__decided_on", "closed_on")
    sql, params = qs.query.sql_with_params()
    table = connection.ops.quote_name(RolledCase._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} (case_id, registered_on, decided_on, closed_on) {sql}", params)


def rebuild(*, log: Log = _quiet, today: date | None = None) -> None:
    """Drop and recompute every rollup of a closed period (the dataset builder's hook, ``fazhi reports
    rebuild-rollups``)."""
    with transaction.atomic():
        RollupPeriod.objects.all().delete()
        CaseRollup.objects.all().delete()
        PaymentRollup.objects.all().delete()
        _remember_all_live_cases()
    n = refresh(log=log, today=today)
    log(f"reports: rollups rebuilt, {n} periods, {CaseRollup.objects.count()} rows")


# --- marking dirty -----------------------------------------------------------------------------------------------


def _mark(source: str, days: Iterable[date | None]) -> None:
    """The periods (month and year) of ``days`` dirty: an upsert, in the caller's transaction."""
    keys = {(grain, period_start(d, grain)) for d in days if d is not None for grain in GRAINS}
    if not keys:
        return
    RollupPeriod.objects.bulk_create(
        [RollupPeriod(source=source, grain=g, start=s, is_clean=False) for g, s in sorted(keys)],
        update_conflicts=True,
        unique_fields=["source", "grain", "start"],
        update_fields=["is_clean"],
    )


_LIVE_DATES = ("registered_on", "decided_on", "closed_on")


def _live_days(case_ids: Iterable[int]) -> list[date | None]:
    """The days whose live periods the cases' changes can touch, and ``RolledCase`` brought up to date.

    For each case: the days of its dates now and as ``RolledCase`` last saw them, and those of its payments'
    dates (a payment recorded late, in a closed month, changes that month's fines collected). Two reads for all the
    cases, and a write of ``RolledCase`` for a case whose dates moved.
    """
    ids = sorted(set(case_ids))
    if not ids:
        return []
    now: dict[int, tuple[date | None, ...]] = {}
    days: list[date | None] = []
    rows = Case.objects.filter(pk__in=ids).values_list(
        "pk", "registered_on", "decision__decided_on", "closed_on", "payments__paid_on"
    )
    for pk, registered, decided, closed, paid in rows:
        now[pk] = (registered, decided, closed)
        days += [registered, decided, closed, paid]
    was = {
        row[0]: tuple(row[1:])
        for row in RolledCase.objects.filter(case_id__in=ids).values_list("case_id", *_LIVE_DATES)
    }
    for dates in was.values():
        days += dates
    for pk in ids:
        if now.get(pk) == was.get(pk):
            continue
        if pk not in now:
            RolledCase.objects.filter(case_id=pk).delete()
        else:
            RolledCase.objects.update_or_create(case_id=pk, defaults=dict(zip(_LIVE_DATES, now[pk], strict=True)))
    return days


def case_changed(case_id: int) -> None:
    """A live case may have changed: the periods of its dates before (``RolledCase``) and after, and of its
    payments, dirty."""
    _mark("live", _live_days([case_id]))


def batch_imported(batch_id: int) -> None:
    """An import of historical cases: the periods of its cases' dates dirty."""
    days: set[date] = set()
    for field in ("registered_on", "decided_on", "paid_on", "closed_on"):
        qs = HistoricalCase.objects.filter(batch_id=batch_id, **{f"{field}__isnull": False})
        days.update(qs.annotate(m=TruncMonth(field)).order_by().values_list("m", flat=True).distinct())
    _mark("imported", days)


_MARKED = "_rollups_marked"


def on_audit(event: Any, entity: Any) -> None:
    """The ``audit_listeners`` hook (registered in ``ReportsConfig.ready``); an event ``before_flush`` already
    marked is skipped."""
    if getattr(event, _MARKED, False):
        return
    if event.entity_type == "cases.case":
        case_changed(int(event.entity_id))
    elif event.entity_type == "imports.importbatch" and event.action == "imports.cases":
        batch_imported(int(event.entity_id))


def before_flush(pending: Iterable[Any]) -> None:
    """The dirty marks of a transaction's buffered audit events, all at once, in that transaction before its events
    are numbered (``fazhi.core.pgbackend``: the global sequence's lock is taken after this, so the marks do not
    lengthen the section every transition waits on): one upsert for the live cases' periods."""
    events = [item.event for item in pending]
    cases = [int(e.entity_id) for e in events if e.entity_type == "cases.case"]
    if cases:
        _mark("live", _live_days(cases))
    for e in events:
        if e.entity_type == "imports.importbatch" and e.action == "imports.cases":
            batch_imported(int(e.entity_id))
    for e in events:
        setattr(e, _MARKED, True)
