"""Several querysets read in one query: ``read_together({"a": qs_a, "b": qs_b})`` → ``{"a": [...], "b": [...]}``.

A page that shows one case reads a dozen small sets of rows (its handlers, reports, reviews, services, payments, …),
each a few rows found by the same ``case_id`` index; a query each costs a round trip and Django's compilation each.
Here each queryset is compiled by Django as usual (its ``select_related``, filters and ordering), then every row
of every queryset is carried as one JSON array in a single ``UNION ALL``, and the instances are built from those
values exactly as Django's own ``ModelIterable`` builds them (the same converters, ``from_db`` and related
populators): the models, their values and their order are those of ``list(qs)``. ``tests/core/test_oneread.py``
compares the two over every field type this handles, on SQLite and on PostgreSQL.

How values cross JSON. SQLite: ``json_array`` renders each stored value as the driver would return it (text,
integers, reals), so Django's SQLite converters apply unchanged. PostgreSQL: ``json_build_array`` renders dates,
times and ``timestamptz`` in ISO 8601 (UTC, Django's connection time zone) and numerics exactly (read back as
``Decimal``); ``jsonb`` is cast to text, as Django's psycopg loader returns it. A queryset with a column of another
type (binary, UUID, duration, arrays, floats on SQLite …) or with more columns than a function takes is read by
its own query: ``read_together`` never guesses a value.

This leans on Django's compiler (``SQLCompiler.select``, ``klass_info``, ``get_converters``), stable within the
5.2 LTS the project pins.
"""

from __future__ import annotations

import json
import operator
from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.db import connections
from django.db.models import F, Model, QuerySet, Window, prefetch_related_objects
from django.db.models.expressions import OrderBy
from django.db.models.functions import RowNumber
from django.db.models.query import get_related_populators  # type: ignore[attr-defined]

#: The annotation that keeps each queryset's order across the union.
_RANK = "_oneread_rank"

#: PostgreSQL's limit on a function's arguments (``json_build_array``); SQLite's default is higher (127).
_MAX_COLUMNS = 100

#: Text on both backends (PostgreSQL's ``inet`` too: Django's psycopg loader and JSON both give its text form).
_TEXT = frozenset(
    {
        "CharField",
        "TextField",
        "SlugField",
        "EmailField",
        "URLField",
        "FileField",
        "ImageField",
        "GenericIPAddressField",
    }
)
_INTEGER = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "SmallAutoField",
        "IntegerField",
        "BigIntegerField",
        "SmallIntegerField",
        "PositiveIntegerField",
        "PositiveBigIntegerField",
        "PositiveSmallIntegerField",
    }
)


def _from_iso(parse: Any) -> Any:
    return lambda v: None if v is None else parse(v)


def _decimal(v: Any) -> Any:
    return None if v is None else Decimal(v) if not isinstance(v, Decimal) else v


#: PostgreSQL: the JSON value of a column of each type → what psycopg returns for it.
_PG_READERS: dict[str, Any] = {
    **dict.fromkeys(_TEXT | _INTEGER | {"BooleanField", "JSONField"}),
    "DateField": _from_iso(date.fromisoformat),
    "DateTimeField": _from_iso(datetime.fromisoformat),
    "TimeField": _from_iso(time.fromisoformat),
    "DecimalField": _decimal,
}

#: SQLite: the types whose JSON value is what the driver returns (REAL only through ``DecimalField``'s converter,
#: which rounds to 15 digits, as ``json_array`` renders a real).
_SQLITE_TYPES = _TEXT | _INTEGER | {"BooleanField", "JSONField", "DateField", "DateTimeField", "TimeField"}
_SQLITE_TYPES |= {"DecimalField"}


def _internal_type(expression: Any) -> str:
    field = expression.output_field
    while field.is_relation:
        field = field.target_field
    return str(field.get_internal_type())


def _ordering(qs: QuerySet[Any]) -> list[Any]:
    """``qs``'s ORDER BY as expressions (the model's ``Meta.ordering`` when the queryset has none), then ``pk``."""
    names = list(qs.query.order_by or (qs.query.default_ordering and qs.model._meta.ordering) or [])
    out: list[Any] = []
    for name in names:
        if isinstance(name, OrderBy):
            out.append(name)
        elif isinstance(name, str) and name != "?":
            out.append(F(name[1:]).desc() if name.startswith("-") else F(name).asc())
        else:
            raise TypeError(f"read_together: ordering {name!r} is not supported")
    out.append(F("pk").asc())
    return out


class _Part:
    """One queryset compiled: its branch of the union, and how its rows become instances."""

    def __init__(self, qs: QuerySet[Any], vendor: str, using: str) -> None:
        ranked = qs.annotate(**{_RANK: Window(RowNumber(), order_by=_ordering(qs))}).order_by()
        compiler = ranked.query.get_compiler(using=using)
        sql, params = compiler.as_sql(with_col_aliases=True)
        self.compiler, self.db = compiler, using
        types = [_internal_type(s[0]) for s in compiler.select]
        readers = _PG_READERS if vendor == "postgresql" else {}
        self.ok = len(types) <= _MAX_COLUMNS and all(
            (t in _PG_READERS) if vendor == "postgresql" else (t in _SQLITE_TYPES) for t in types
        )
        self.readers = [readers.get(t) for t in types]
        self.convert = any(r is not None for r in self.readers)
        quote = connections[using].ops.quote_name
        cols = []
        for (_, _, alias), t in zip(compiler.select, types, strict=True):
            col = f"sub.{quote(alias)}"
            cols.append(f"{col}::text" if vendor == "postgresql" and t == "JSONField" else col)
        if vendor == "postgresql":
            self.sql = f"json_build_array({', '.join(cols)})::text AS j FROM ({sql}) sub"
        else:
            self.sql = f"json_array({', '.join(cols)}) AS j FROM ({sql}) sub"
        self.params = list(params)
        self.lookups = qs._prefetch_related_lookups  # type: ignore[attr-defined]
        self.rank = compiler.annotation_col_map[_RANK]

    def build(self, values: list[list[Any]]) -> list[Model]:
        """The instances of ``values`` (each a row of the compiled select), as ``ModelIterable`` builds them."""
        if self.convert:
            values = [[v if r is None else r(v) for r, v in zip(self.readers, row, strict=True)] for row in values]
        values.sort(key=operator.itemgetter(self.rank))
        compiler = self.compiler
        select, klass_info = compiler.select, compiler.klass_info
        model_cls = klass_info["model"]
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        init_list = [f[0].target.attname for f in select[start:end]]
        populators = get_related_populators(klass_info, select, self.db)
        converters = compiler.get_converters([s[0] for s in select])
        rows = compiler.apply_converters(values, converters) if converters else values
        annotations = [(a, i) for a, i in compiler.annotation_col_map.items() if a != _RANK]
        out: list[Model] = []
        for row in rows:
            obj = model_cls.from_db(self.db, init_list, row[start:end])
            for populator in populators:
                populator.populate(row, obj)
            for attr, i in annotations:
                setattr(obj, attr, row[i])
            out.append(obj)
        return out


#: The value a ``Shape`` is compiled for, then replaced by the real one in the parameters (as an int or as text).
_PLACEHOLDER = -1_999_999_937


class Shape:
    """A queryset that changes from read to read by one value only (a case's id): ``make(value)`` is compiled once
    per database, for a placeholder, and each read binds the value into the parameters. For the queries a page
    makes again at every request; the caller vouches that ``make`` depends on nothing but ``value``."""

    def __init__(self, make: Callable[[Any], QuerySet[Any]]) -> None:
        self.make = make
        self._parts: dict[str, _Part] = {}

    def part(self, db: str, vendor: str) -> _Part:
        part = self._parts.get(db)
        if part is None:
            qs = self.make(_PLACEHOLDER)
            _check("shape", qs)
            part = self._parts[db] = _Part(qs, vendor, db)
        return part

    @staticmethod
    def bind(params: list[Any], value: Any) -> list[Any]:
        text = str(_PLACEHOLDER)
        return [value if p == _PLACEHOLDER else str(value) if p == text else p for p in params]


def _check(name: str, qs: QuerySet[Any]) -> None:
    if qs.query.is_sliced or qs.query.distinct or qs.query.deferred_loading[0] or qs.query.extra:
        raise TypeError(f"read_together: {name} must be a plain queryset of instances")


def read_together(
    querysets: Mapping[str, QuerySet[Any] | tuple[Shape, Any]], *, using: str | None = None
) -> dict[str, list[Model]]:
    """``{name: list(qs)}`` for every queryset, in one query where their columns allow (module docstring). A
    ``(shape, value)`` stands for ``shape.make(value)``, compiled once (``Shape``).

    The querysets must be of model instances (no ``values``, ``only``/``defer``, slicing, ``distinct`` or
    ``extra``); each may filter, ``select_related`` and order by fields. They all read the database ``using``
    (default: the first queryset's).
    """
    if not querysets:
        return {}
    names = list(querysets)
    first = querysets[names[0]]
    db = using or (first[0].make(_PLACEHOLDER) if isinstance(first, tuple) else first).db
    vendor = connections[db].vendor
    out: dict[str, list[Model]] = {}
    parts: list[tuple[str, _Part, list[Any]]] = []
    for name in names:
        given = querysets[name]
        if isinstance(given, tuple):
            shape, value = given
            part = shape.part(db, vendor)
            if part.ok:
                parts.append((name, part, shape.bind(part.params, value)))
            else:
                out[name] = list(shape.make(value).using(db))
            continue
        _check(name, given)
        if given.query.is_empty():
            out[name] = []
            continue
        part = _Part(given, vendor, db)
        if part.ok:
            parts.append((name, part, part.params))
        else:
            out[name] = list(given.using(db))
    if parts:
        rows: list[list[list[Any]]] = [[] for _ in parts]
        sql = " UNION ALL ".join(f"SELECT {i} AS k, {p.sql}" for i, (_, p, _) in enumerate(parts))
        params = [x for _, _, ps in parts for x in ps]
        loads = (lambda s: json.loads(s, parse_float=Decimal)) if vendor == "postgresql" else json.loads
        with connections[db].cursor() as cursor:
            cursor.execute(sql, params)
            for k, j in cursor.fetchall():
                rows[k].append(loads(j))
        for (name, part, _), got in zip(parts, rows, strict=True):
            out[name] = part.build(got)
            if part.lookups and out[name]:
                prefetch_related_objects(out[name], *part.lookups)
    return {name: out[name] for name in names}


#: Where ``keep`` leaves rows on an object (its ``__dict__``, as Django's own prefetch cache).
_KEPT = "_oneread_kept"


def keep(obj: Any, rows: Mapping[str, list[Model]]) -> None:
    """Leave ``rows`` (read by ``read_together``) on ``obj`` for ``rows_of``: a page reads its sets at once, its
    panels take them from the object they are given."""
    obj.__dict__.setdefault(_KEPT, {}).update(rows)


def rows_of(obj: Any, key: str, factory: Callable[[Any], QuerySet[Any]]) -> list[Any]:
    """``list(factory(obj))``, or the rows kept on ``obj`` under ``key`` when a page read them beforehand (the
    page reads ``factory(obj)`` itself: the rows are the same)."""
    kept = kept_rows(obj, key)
    return list(factory(obj)) if kept is None else kept


def forget(obj: Any) -> None:
    """Drop the rows kept on ``obj``: before a write through it, whose readers must see the database."""
    obj.__dict__.pop(_KEPT, None)


def kept_rows(obj: Any, key: str) -> list[Any] | None:
    """The rows kept on ``obj`` under ``key`` (a copy of the list), or None when none were."""
    kept = obj.__dict__.get(_KEPT, {})
    return list(kept[key]) if key in kept else None
