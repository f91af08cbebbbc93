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

from django.db.models import Count, DurationField, Expression, F, Q, Sum

from fazhi.reports import facts
from fazhi.reports.facts import CaseFilter

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


@dataclass(frozen=True)
class Tally:
    """One figure per group: ``kind`` (``count``, ``fine``, ``confiscation``, ``opinions``, ``days``) of the cases
    whose ``by`` date is in ``[start, end]`` (``start`` None: no lower bound) and that match ``where``.

    ``only`` restricts the tally to one source (``live`` or ``imported``); a tally may give each source its
    own condition (``live_where`` / ``imported_where``, added to ``where``) where the two record one fact
    differently (a live case's legal review is a row, an imported case's is a count in its file).
    """

    kind: str
    by: str
    start: date | None
    end: date
    where: Q | None = None
    only: str | None = None
    live_where: Q | None = None
    imported_where: Q | None = None

    def condition(self, source: str) -> Q:
        field = _DATE_FIELD[self.by]
        q = Q(**{f"{field}__lte": self.end})
        if self.start is not None:
            q &= Q(**{f"{field}__gte": self.start})
        if self.where is not None:
            q &= self.where
        extra = self.live_where if source == "live" else self.imported_where
        return q & extra if extra is not None else q

    def applies_to(self, source: str) -> bool:
        return self.only in (None, source) and not (self.by == "paid" and source == "live")

    def aggregate(self, source: str) -> Expression:
        cond = self.condition(source)
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


def _covering(tallies: Iterable[Tally]) -> Q:
    """The rows any tally may count: per date, from the earliest window's start to the latest one's end. A
    superset of the tallies' conditions (each aggregate keeps its exact condition), so the ``WHERE`` stays a
    few range tests the planner can use an index for, whatever the number of tallies."""
    ranges: dict[str, tuple[date | None, date]] = {}
    for t in tallies:
        if t.by not in ranges:
            ranges[t.by] = (t.start, t.end)
            continue
        start, end = ranges[t.by]
        low = None if start is None or t.start is None else min(start, t.start)
        ranges[t.by] = (low, max(end, t.end))
    terms = []
    for by, (start, end) in ranges.items():
        q = Q(**{f"{_DATE_FIELD[by]}__lte": end})
        terms.append(q & Q(**{f"{_DATE_FIELD[by]}__gte": start}) if start is not None else q)
    return reduce(or_, terms)


def cube(flt: CaseFilter, *, dims: Mapping[str, str | Expression], tallies: Mapping[str, Tally]) -> Cube:
    """Evaluate ``tallies`` over the filter's scope (agency, subordinates, dimensions; not its period — each
    tally has its window) grouped by ``dims`` (name → annotated field or expression): one query per source."""
    rows: list[Row] = []
    for source, scoped in facts.sources(flt):
        mine = {name: m for name, m in tallies.items() if m.applies_to(source)}
        if not mine:
            continue
        exprs = {name: e for name, e in dims.items() if not isinstance(e, str)}
        fields = {name: e for name, e in dims.items() if isinstance(e, str)}
        qs = scoped.filter(_covering(mine.values()))
        if exprs:
            qs = qs.annotate(**{f"d_{name}": e for name, e in exprs.items()})
        group = [fields.get(name, f"d_{name}") for name in dims]
        # Aggregate aliases must not collide with the annotated facts' names.
        aggs = {f"m_{name}": m.aggregate(source) for name, m in mine.items()}
        for raw in qs.order_by().values(*group).annotate(**aggs):
            key = {name: raw[fields.get(name, f"d_{name}")] for name in dims}
            values = {
                name: (_value(m.kind, raw[f"m_{name}"]) if name in mine else _ZERO[m.kind])
                for name, m in tallies.items()
            }
            rows.append(Row(source, key, values))
    return Cube(rows, tallies)
