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
from django.db.models.query import get_related_populators

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

    def __init__(self, index: int, qs: QuerySet[Any], vendor: str, using: str) -> None:
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
            self.sql = f"SELECT {index} AS k, json_build_array({', '.join(cols)})::text AS j FROM ({sql}) sub"
        else:
            self.sql = f"SELECT {index} AS k, json_array({', '.join(cols)}) AS j FROM ({sql}) sub"
        self.params = list(params)
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


def read_together(querysets: Mapping[str, QuerySet[Any]], *, using: str | None = None) -> dict[str, list[Model]]:
    """``{name: list(qs)}`` for every queryset, in one query where their columns allow (module docstring).

    The querysets must be of model instances (no ``values``, ``only``/``defer``, slicing, ``distinct`` or
    ``extra``); each may filter, ``select_related`` and order by fields. They all read the database ``using``
    (default: the first queryset's).
    """
    if not querysets:
        return {}
    names = list(querysets)
    db = using or querysets[names[0]].db
    vendor = connections[db].vendor
    out: dict[str, list[Model]] = {}
    parts: dict[int, tuple[str, _Part]] = {}
    for i, name in enumerate(names):
        qs = querysets[name]
        if qs.query.is_sliced or qs.query.distinct or qs.query.deferred_loading[0] or qs.query.extra:
            raise TypeError(f"read_together: {name} must be a plain queryset of instances")
        if qs.query.is_empty():
            out[name] = []
            continue
        part = _Part(i, qs, vendor, db)
        if part.ok:
            parts[i] = (name, part)
        else:
            out[name] = list(qs.using(db))
    if parts:
        rows: dict[int, list[list[Any]]] = {i: [] for i in parts}
        sql = " UNION ALL ".join(p.sql for _, p in parts.values())
        params = [x for _, p in parts.values() for x in p.params]
        loads = (lambda s: json.loads(s, parse_float=Decimal)) if vendor == "postgresql" else json.loads
        with connections[db].cursor() as cursor:
            cursor.execute(sql, params)
            for k, j in cursor.fetchall():
                rows[k].append(loads(j))
        for i, (name, part) in parts.items():
            out[name] = part.build(rows[i])
            lookups = querysets[name]._prefetch_related_lookups
            if lookups and out[name]:
                prefetch_related_objects(out[name], *lookups)
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
