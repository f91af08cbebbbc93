"""One pass per fact source: every case count and sum a report needs, in one grouped query over live cases and one
over imported cases.

The old way asked ``facts.totals``/``facts.grouped`` once per figure, so the annual report ran ~60 queries that
each read the year's rows again (docs/scale.md "Reports"). Here a report declares its *tallies* — a count, or
a sum of the fine, the confiscation, the 法制审核意见书 or the handling days, of the cases whose ``by`` date
(registered, decided, paid, closed) falls in a window and that match a condition — and ``cube`` evaluates all of
them as conditional aggregates (``COUNT(…) FILTER (WHERE …)`` on PostgreSQL, ``CASE WHEN`` on SQLite) in a
single ``GROUP BY`` of each source over small dimensions (procedure, source, domain, item, …). The database sums
the Decimals of every group; Python only adds up the few hundred group rows of the two sources, which is exact.

The rows read are only those in some tally's date range (``_covering``), the facts are the
same annotated querysets of ``fazhi.reports.facts`` (one definition of each fact over both sources), and the
scope and the filter's dimensions come from ``facts.sources``. So a figure of the cube is by construction the
figure ``facts.totals`` would give for the same window and condition; ``tests/reports/test_single_pass.py``
checks it figure by figure against the old path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Case as Choose
from django.db.models import Count, DateField, DurationField, Expression, F, Q, QuerySet, Sum, When

from fazhi.reports import derived, facts
from fazhi.reports.facts import CaseFilter
from fazhi.reports.models import CaseRollup

__all__ = ["Cube", "Tally", "cube"]

# The date each ``by`` reads; ``paid`` exists only on imported rows (live payments are ``Payment`` rows).
_DATE_FIELD = {
    "registered": "f_registered_on",
    "decided": "f_decided_on",
    "paid": "paid_on",
    "closed": "f_closed_on",
}
_ZERO: dict[str, int | Decimal] = {
    "count": 0,
    "fine": Decimal("0.00"),
    "confiscation": Decimal("0.00"),
    "opinions": 0,
    "days": 0,
}


Span = tuple[date | None, date]  # [start, end]; start None: no lower bound


@dataclass(frozen=True)
class Tally:
    """One figure per group: ``kind`` (``count``, ``fine``, ``confiscation``, ``opinions``, ``days``) of the cases
    whose ``by`` date is in ``[start, end]`` (``start`` None: no lower bound) and that match ``where``.

    ``only`` restricts the tally to one source (``live`` or ``imported``); a tally may give each source its
    own condition (``live_where`` / ``imported_where``, added to ``where``) where the two record one fact
    differently (a live case's legal review is a row, an imported case's is a count in its file). Over the
    rollups of closed periods (``fazhi.reports.derived``) the condition is ``rolled_where`` when given, else
    ``where``; a tally with a source's own condition and no ``rolled_where`` is always read from the cases.
    """

    kind: str
    by: str
    start: date | None
    end: date
    where: Q | None = None
    only: str | None = None
    live_where: Q | None = None
    imported_where: Q | None = None
    rolled_where: Q | None = None

    def condition(self, source: str, spans: list[Span] | None = None) -> Q:
        """The cases this tally counts in ``source``, their ``by`` date in ``spans`` (default: the window)."""
        field = _DATE_FIELD[self.by]
        q = _in_spans(field, spans if spans is not None else [(self.start, self.end)])
        if self.where is not None:
            q &= self.where
        extra = self.live_where if source == "live" else self.imported_where
        return q & extra if extra is not None else q

    def rolled_condition(self, source: str) -> Q | None:
        """The condition over rollup rows (``Q()``: all), or None when this tally cannot be read from them."""
        if self.rolled_where is not None:
            return self.rolled_where
        if (self.live_where if source == "live" else self.imported_where) is not None:
            return None
        return self.where if self.where is not None else Q()

    def applies_to(self, source: str) -> bool:
        return self.only in (None, source) and not (self.by == "paid" and source == "live")

    def aggregate(self, source: str, spans: list[Span] | None = None) -> Expression:
        cond = self.condition(source, spans)
        if self.kind == "count":
            return Count("pk", filter=cond)
        if self.kind == "fine":
            return Sum("f_fine", filter=cond)
        if self.kind == "confiscation":
            return Sum("f_confiscation", filter=cond)
        if self.kind == "opinions":
            return Sum("review_opinions", filter=cond)
        if self.kind == "days":
            return Sum(F("f_closed_on") - F("f_registered_on"), output_field=DurationField(), filter=cond)
        raise ValueError(self.kind)


def _in_spans(field: str, spans: Iterable[Span]) -> Q:
    q = Q()
    for start, end in spans:
        term = Q(**{f"{field}__lte": end})
        q |= term & Q(**{f"{field}__gte": start}) if start is not None else term
    return q


def _value(kind: str, raw: Any) -> int | Decimal:
    if raw is None:
        return _ZERO[kind]
    if kind == "days":
        return raw.days if isinstance(raw, timedelta) else int(raw)
    if kind in ("fine", "confiscation"):
        return Decimal(raw)
    return int(raw)


@dataclass(frozen=True)
class Row:
    source: str  # "live" or "imported"
    key: dict[str, Any]
    values: dict[str, int | Decimal]


Match = Mapping[str, Any | Callable[[Any], bool]]


class Cube:
    """The grouped rows of both sources, and sums over them."""

    def __init__(self, rows: list[Row], tallies: Mapping[str, Tally]) -> None:
        self.rows = rows
        self.tallies = tallies

    def _rows(self, source: str | None, match: Match | None) -> Iterable[Row]:
        for row in self.rows:
            if source is not None and row.source != source:
                continue
            if match and not all(
                (want(row.key[dim]) if callable(want) else row.key[dim] == want) for dim, want in match.items()
            ):
                continue
            yield row

    def total(self, name: str, *, source: str | None = None, **match: Any) -> Any:
        """The sum of tally ``name`` over the rows of ``source`` (both when None) whose dimensions match."""
        zero: int | Decimal = _ZERO[self.tallies[name].kind]
        return sum((row.values[name] for row in self._rows(source, match)), zero)

    def by(self, dim: str, name: str, *, when: str) -> dict[Any, Any]:
        """Tally ``name`` per value of ``dim``, over the rows whose count tally ``when`` is above zero: a value
        appears when a case of it is in ``when``'s window, as a key appears in ``facts.grouped``."""
        zero: int | Decimal = _ZERO[self.tallies[name].kind]
        out: dict[Any, Any] = {}
        for row in self.rows:
            if row.values[when]:
                k = row.key[dim]
                out[k] = out.get(k, zero) + row.values[name]
        return out

    def values(self, dim: str, name: str, *, source: str | None = None) -> set[Any]:
        """The values of ``dim`` whose rows have count tally ``name`` above zero."""
        return {row.key[dim] for row in self._rows(source, None) if row.values[name]}


def _merge(spans: Iterable[Span]) -> list[Span]:
    """Overlapping or adjacent spans merged, in order (an open start first)."""
    out: list[Span] = []
    for start, end in sorted(spans, key=lambda sp: (sp[0] is not None, sp[0] or date.min)):
        if out and (start is None or start.toordinal() <= out[-1][1].toordinal() + 1):
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _without(window: Span, holes: list[tuple[date, date]]) -> list[Span]:
    """The window minus the (sorted, disjoint, inside the window) holes."""
    out: list[Span] = []
    start, end = window
    for lo, hi in holes:
        if start is None or start < lo:
            out.append((start, date.fromordinal(lo.toordinal() - 1)))
        start = date.fromordinal(hi.toordinal() + 1)
    if start is None or start <= end:
        out.append((start, end))
    return out


@dataclass(frozen=True)
class _Plan:
    """Where one tally of one source is read: the rolled periods ({grain: their starts}) and the spans of its
    window left to read from the cases."""

    rolled: dict[str, list[date]]
    live: list[Span]


def _plan(t: Tally, source: str, clean: Mapping[tuple[str, str], set[date]], grains: tuple[str, ...]) -> _Plan:
    window: Span = (t.start, t.end)
    if t.rolled_condition(source) is None:
        return _Plan({}, [window])
    taken: list[tuple[date, date]] = []
    rolled: dict[str, list[date]] = {}
    for grain in grains:  # coarsest first
        for start in sorted(clean.get((source, grain), ())):
            end = derived.period_end(start, grain)
            inside = (t.start is None or start >= t.start) and end <= t.end
            if inside and not any(lo <= start <= hi for lo, hi in taken):
                rolled.setdefault(grain, []).append(start)
                taken.append((start, end))
    return _Plan(rolled, _without(window, sorted(taken)))


_MEASURE = {"count": "n", "fine": "fine", "confiscation": "confiscation", "opinions": "opinions", "days": "days"}


def _rolled_rows(
    source: str,
    flt: CaseFilter,
    dims: Mapping[str, str | Expression],
    tallies: Mapping[str, Tally],
    plans: Mapping[str, _Plan],
) -> list[Row]:
    """One grouped query over the rollups of the source's clean closed periods."""
    conds: dict[str, Q] = {}
    for name, plan in plans.items():
        t = tallies[name]
        periods = Q()
        for grain, starts in plan.rolled.items():
            periods |= Q(grain=grain) & derived.starts_in(starts, grain)
        if plan.rolled:
            where = t.rolled_condition(source) or Q()
            conds[name] = Q(by=t.by) & periods & where
    if not conds:
        return []
    dates = {
        field: Choose(When(by=by, then=F("start")), default=None, output_field=DateField())
        for by, field in _DATE_FIELD.items()
    }
    qs = CaseRollup.objects.filter(source=source).annotate(f_agency_path=F("agency__path"), **dates)
    qs = facts.scoped(qs, flt).filter(reduce(or_, conds.values()))
    return _grouped(
        source,
        qs,
        dims,
        tallies,
        {f"m_{name}": Sum(_MEASURE[tallies[name].kind], filter=cond) for name, cond in conds.items()},
    )


def _grouped(
    source: str,
    qs: QuerySet[Any],
    dims: Mapping[str, str | Expression],
    tallies: Mapping[str, Tally],
    aggs: Mapping[str, Expression],
) -> list[Row]:
    exprs = {name: e for name, e in dims.items() if not isinstance(e, str)}
    fields = {name: e for name, e in dims.items() if isinstance(e, str)}
    if exprs:
        qs = qs.annotate(**{f"d_{name}": e for name, e in exprs.items()})
    group = [fields.get(name, f"d_{name}") for name in dims]
    rows: list[Row] = []
    for raw in qs.order_by().values(*group).annotate(**aggs):
        key = {name: raw[fields.get(name, f"d_{name}")] for name in dims}
        values = {
            name: (_value(m.kind, raw[f"m_{name}"]) if f"m_{name}" in aggs else _ZERO[m.kind])
            for name, m in tallies.items()
        }
        rows.append(Row(source, key, values))
    return rows


def cube(
    flt: CaseFilter,
    *,
    dims: Mapping[str, str | Expression],
    tallies: Mapping[str, Tally],
    rollups: bool = True,
    today: date | None = None,
) -> Cube:
    """Evaluate ``tallies`` over the filter's scope (agency, subordinates, dimensions; not its period — each
    tally has its window) grouped by ``dims`` (name → annotated field or expression).

    Each tally's clean closed periods (``fazhi.reports.derived``; whole years first where every dimension is a
    field, else months: a month expression needs monthly rows) are read from the rollups, one grouped query per
    source; the rest of its window from the cases, one grouped query per source (per source and date when some
    period is rolled up: the spans left are then short), over the union of the tallies' remaining spans.
    ``rollups=False``: the cases only.
    """
    grains: tuple[str, ...] = derived.GRAINS if all(isinstance(e, str) for e in dims.values()) else ("month",)
    clean = derived.clean_periods(grains, today=today) if rollups else {}
    rows: list[Row] = []
    for source, scoped in facts.sources(flt):
        mine = {name: m for name, m in tallies.items() if m.applies_to(source)}
        if not mine:
            continue
        plans = {name: _plan(t, source, clean, grains) for name, t in mine.items()}
        rows += _rolled_rows(source, flt, dims, tallies, plans) if clean else []
        # With rollups the spans left are short (the open periods, a dirty one): a query per date reads them by
        # its index; without, one query reads the union once.
        groups = [(by,) for by in _DATE_FIELD] if clean else [tuple(_DATE_FIELD)]
        for bys in groups:
            live = {name: t for name, t in mine.items() if t.by in bys and plans[name].live}
            if not live:
                continue
            covering = reduce(
                or_,
                (
                    _in_spans(
                        _DATE_FIELD[by], _merge(sp for n, t in live.items() if t.by == by for sp in plans[n].live)
                    )
                    for by in bys
                    if any(t.by == by for t in live.values())
                ),
            )
            # Aggregate aliases must not collide with the annotated facts' names.
            aggs = {f"m_{name}": t.aggregate(source, plans[name].live) for name, t in live.items()}
            rows += _grouped(source, scoped.filter(covering), dims, tallies, aggs)
    return Cube(rows, tallies)
