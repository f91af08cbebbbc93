"""PostgreSQL partitioning by year of the audit trail and the imported cases (issue 14; docs/partitioning.md).

``core_auditevent`` is partitioned by RANGE on ``at`` (year boundaries at midnight in ``settings.TIME_ZONE``) and
``imports_historicalcase`` by RANGE on ``registered_on``: one partition a year, named ``<table>_y<year>``, and a
DEFAULT partition ``<table>_default`` for rows of a year that has none. The models do not change: Django still sees
``id`` as the primary key; in the database each primary key and unique constraint also carries the partition key,
as PostgreSQL requires. A foreign key that points at such a table gains a hidden column holding the referenced
row's partition key (filled by a trigger) and becomes a composite foreign key, so referential integrity is kept.

``partition_table`` turns an existing plain table into a partitioned one in the caller's transaction (the
migrations ``core.0007`` and ``imports.0006``), keeping every row, id, index, check, foreign key, trigger and grant;
``unpartition_table`` is its reverse. ``partitions_ensure`` adds the coming years' partitions (daily by the worker,
``fazhi partitions ensure``), moving rows of those years out of DEFAULT; ``partitions_list`` counts the rows of
each partition. Everything here is a no-op on SQLite.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connections, transaction
from django_tasks import task

from fazhi.core import clock

logger = logging.getLogger(__name__)

#: Years before the current one that get a partition of their own when a table is converted; rows older than
#: that (a mistyped 1900) go to DEFAULT rather than creating a century of partitions.
YEARS_BACK = 50
#: Coming years that ``partitions_ensure`` creates by default (the current year and the next two).
YEARS_AHEAD = 2


@dataclass(frozen=True)
class Spec:
    """A table partitioned by the year of ``column``: a ``date``, or a ``timestamptz`` cut at local midnight."""

    table: str
    column: str
    is_date: bool

    def lower(self, year: int) -> str:
        """The inclusive lower bound of ``year`` as an SQL literal (the upper bound is the next year's)."""
        if self.is_date:
            return f"'{date(year, 1, 1).isoformat()}'"
        start = datetime(year, 1, 1, tzinfo=ZoneInfo(settings.TIME_ZONE))
        return f"'{start.isoformat(sep=' ')}'"

    def partition(self, year: int) -> str:
        return f"{self.table}_y{year}"

    @property
    def default(self) -> str:
        return f"{self.table}_default"

    def year_sql(self, expression: str) -> str:
        """SQL of the year of ``expression`` (a value of ``column``) as the partition bounds count it."""
        if self.is_date:
            return f"EXTRACT(YEAR FROM {expression})::int"
        return f"EXTRACT(YEAR FROM {expression} AT TIME ZONE '{settings.TIME_ZONE}')::int"


AUDIT_EVENTS = Spec("core_auditevent", "at", is_date=False)
HISTORICAL_CASES = Spec("imports_historicalcase", "registered_on", is_date=True)
SPECS = (AUDIT_EVENTS, HISTORICAL_CASES)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _rows(cursor: Any, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    cursor.execute(sql, params or [])
    return list(cursor.fetchall())


def is_partitioned(cursor: Any, table: str) -> bool:
    return bool(_rows(cursor, "SELECT 1 FROM pg_partitioned_table WHERE partrelid = to_regclass(%s)", [table]))


@dataclass(frozen=True)
class _Shape:
    """What a table carries besides its columns, read from the catalog to be rebuilt on the new table."""

    keys: list[tuple[str, str, list[str]]]  # primary key / unique constraints: name, 'p' or 'u', columns
    indexes: list[str]  # CREATE INDEX statements of the other indexes
    foreign_keys: list[tuple[str, str]]  # outgoing foreign keys: name, definition
    triggers: list[str]  # CREATE TRIGGER statements (user triggers)
    grants: list[tuple[str, str]]  # grantee, privilege
    referencing: list[tuple[str, str, str, str]]  # foreign keys pointing here: table, name, column, definition
    next_id: int  # the value the id sequence gives next


def _columns(cursor: Any, table: str, attnums: list[int]) -> list[str]:
    names = dict(_rows(cursor, "SELECT attnum, attname FROM pg_attribute WHERE attrelid = %s::regclass", [table]))
    return [names[n] for n in attnums]


def _shape(cursor: Any, table: str) -> _Shape:
    keys = [
        (name, kind, _columns(cursor, table, list(attnums)))
        for name, kind, attnums in _rows(
            cursor,
            "SELECT conname, contype, conkey FROM pg_constraint WHERE conrelid = %s::regclass AND contype IN ('p', 'u')"
            " ORDER BY contype, conname",
            [table],
        )
    ]
    indexes = [
        re.sub(r" ON ONLY ", " ON ", sql)
        for (sql,) in _rows(
            cursor,
            "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i WHERE i.indrelid = %s::regclass AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid) "
            "ORDER BY i.indexrelid::regclass::text",
            [table],
        )
    ]
    foreign_keys = _rows(
        cursor,
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f' "
        "AND conparentid = 0 ORDER BY conname",
        [table],
    )
    triggers = [
        sql
        for (sql,) in _rows(
            cursor,
            "SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal "
            "AND tgparentid = 0 ORDER BY tgname",
            [table],
        )
    ]
    grants = _grants(cursor, table)
    referencing = [
        (str(ref), name, _columns(cursor, str(ref), list(attnums))[0], definition)
        for ref, name, attnums, definition in _rows(
            cursor,
            "SELECT conrelid::regclass::text, conname, conkey, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE confrelid = %s::regclass AND contype = 'f' AND conparentid = 0 ORDER BY conname",
            [table],
        )
    ]
    (sequence,) = _rows(cursor, "SELECT pg_get_serial_sequence(%s, 'id')", [table])[0]
    next_id = 1
    if sequence:
        last, called = _rows(cursor, f"SELECT last_value, is_called FROM {sequence}")[0]
        next_id = last + 1 if called else last
    (top,) = _rows(cursor, f"SELECT COALESCE(MAX(id), 0) FROM {_q(table)}")[0]
    return _Shape(keys, indexes, foreign_keys, triggers, grants, referencing, max(next_id, top + 1))


def _hidden(spec: Spec, column: str) -> str:
    """The column of a referencing table that holds the referenced row's partition key."""
    return f"{column.removesuffix('_id')}_{spec.column}"


def _fill_function(spec: Spec, ref: str, column: str) -> str:
    return f"{ref}_{_hidden(spec, column)}_fill"


def _rebuild(cursor: Any, spec: Spec, shape: _Shape, *, partitioned: bool) -> None:
    """Give the new ``spec.table`` the keys, indexes, foreign keys, triggers and grants of ``shape``."""
    t = _q(spec.table)
    for name, kind, declared in shape.keys:
        columns = declared
        if partitioned and spec.column not in declared:
            columns = [*declared, spec.column]
        elif not partitioned and spec.column in declared and len(declared) > 1:
            columns = [c for c in declared if c != spec.column]
        what = "PRIMARY KEY" if kind == "p" else "UNIQUE"
        cursor.execute(f"ALTER TABLE {t} ADD CONSTRAINT {_q(name)} {what} ({', '.join(map(_q, columns))})")
    for sql in shape.indexes:
        cursor.execute(sql)
    for name, definition in shape.foreign_keys:
        cursor.execute(f"ALTER TABLE {t} ADD CONSTRAINT {_q(name)} {definition}")
    for sql in shape.triggers:
        cursor.execute(sql)
    _grant(cursor, spec.table, shape.grants)


def _grant(cursor: Any, table: str, grants: list[tuple[str, str]]) -> None:
    for grantee, privilege in grants:
        cursor.execute(f"GRANT {privilege} ON {_q(table)} TO {'PUBLIC' if grantee == 'PUBLIC' else _q(grantee)}")


def _years_present(cursor: Any, spec: Spec, table: str) -> list[int]:
    low, high = _rows(
        cursor,
        f"SELECT {spec.year_sql(f'MIN({_q(spec.column)})')}, {spec.year_sql(f'MAX({_q(spec.column)})')} "
        f"FROM {_q(table)}",
    )[0]
    return [] if low is None else list(range(low, high + 1))


def _window(today: date, years_ahead: int) -> tuple[int, int]:
    return today.year - YEARS_BACK, today.year + years_ahead


def _create_partition(cursor: Any, spec: Spec, year: int, grants: list[tuple[str, str]]) -> None:
    cursor.execute(
        f"CREATE TABLE {_q(spec.partition(year))} PARTITION OF {_q(spec.table)} "
        f"FOR VALUES FROM ({spec.lower(year)}) TO ({spec.lower(year + 1)})"
    )
    _grant(cursor, spec.partition(year), grants)


def partition_table(cursor: Any, spec: Spec, *, today: date | None = None, years_ahead: int = YEARS_AHEAD) -> int:
    """Turn the plain table ``spec.table`` into one partitioned by year, in the caller's transaction; returns the
    rows moved. Rename the old table, create the partitioned parent (same columns, defaults, checks), one partition
    per year from the oldest row's to ``years_ahead`` after today's and a DEFAULT, ``INSERT … SELECT`` every row
    with its id, then the keys (with the partition key added), indexes, foreign keys, triggers and grants, the id
    sequence continuing where it was, and the foreign keys pointing here made composite."""
    if is_partitioned(cursor, spec.table):
        return 0
    t, old = _q(spec.table), _q(f"{spec.table}__plain")
    started = time.perf_counter()
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # queued deferred checks would forbid the ALTER TABLEs
    cursor.execute(f"LOCK TABLE {t} IN ACCESS EXCLUSIVE MODE")
    shape = _shape(cursor, spec.table)
    first, last = _window(today or clock.today(), years_ahead)
    years = sorted(
        {y for y in _years_present(cursor, spec, spec.table) if y >= first} | set(range(last - years_ahead, last + 1))
    )
    for ref, name, _column, _definition in shape.referencing:
        cursor.execute(f"ALTER TABLE {_q(ref)} DROP CONSTRAINT {_q(name)}")
    cursor.execute(f"ALTER TABLE {t} RENAME TO {old}")
    for name, _kind, _columns in shape.keys:
        cursor.execute(f"ALTER TABLE {old} DROP CONSTRAINT {_q(name)}")
    for (index,) in _rows(
        cursor,
        "SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = %s::regclass",
        [f"{spec.table}__plain"],
    ):
        cursor.execute(f"DROP INDEX {index}")
    cursor.execute(f"ALTER TABLE {old} ALTER COLUMN id DROP IDENTITY IF EXISTS")
    cursor.execute(
        f"CREATE TABLE {t} (LIKE {old} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMMENTS)"
        f" PARTITION BY RANGE ({_q(spec.column)})"
    )
    sequence = _q(f"{spec.table}_id_seq")
    cursor.execute(f"CREATE SEQUENCE {sequence} OWNED BY {t}.id")
    cursor.execute(f"ALTER TABLE {t} ALTER COLUMN id SET DEFAULT nextval('{sequence}')")
    cursor.execute("SELECT setval(%s, %s, false)", [f"{spec.table}_id_seq", shape.next_id])
    for year in years:
        _create_partition(cursor, spec, year, shape.grants)
    cursor.execute(f"CREATE TABLE {_q(spec.default)} PARTITION OF {t} DEFAULT")
    _grant(cursor, spec.default, shape.grants)
    cursor.execute(f"INSERT INTO {t} SELECT * FROM {old}")
    moved = cursor.rowcount
    copied = time.perf_counter()
    cursor.execute(f"DROP TABLE {old}")
    _rebuild(cursor, spec, shape, partitioned=True)
    for ref, name, column, definition in shape.referencing:
        _composite_reference(cursor, spec, ref=ref, name=name, column=column, definition=definition)
    rebuilt = time.perf_counter()
    cursor.execute(f"ANALYZE {t}")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    logger.info(
        "%s 已按年分区：%s 行，复制 %.1f 秒，重建键、索引与外键 %.1f 秒，分析 %.1f 秒",
        spec.table,
        moved,
        copied - started,
        rebuilt - copied,
        time.perf_counter() - rebuilt,
    )
    return moved


def _composite_reference(cursor: Any, spec: Spec, *, ref: str, name: str, column: str, definition: str) -> None:
    """Make the foreign key ``ref.column → spec.table(id)`` a composite one to ``(id, spec.column)``: a hidden
    column of ``ref`` holds the referenced row's partition key, filled by a trigger on insert (the model does not
    know it) and moved by ``ON UPDATE CASCADE`` when the referenced row changes year."""
    hidden = _hidden(spec, column)
    kind = "date" if spec.is_date else "timestamptz"
    function = _fill_function(spec, ref, column)
    cursor.execute(f"ALTER TABLE {_q(ref)} ADD COLUMN {_q(hidden)} {kind}")
    cursor.execute(
        f"UPDATE {_q(ref)} r SET {_q(hidden)} = p.{_q(spec.column)} FROM {_q(spec.table)} p WHERE p.id = r.{_q(column)}"
    )
    cursor.execute(f"ALTER TABLE {_q(ref)} ALTER COLUMN {_q(hidden)} SET NOT NULL")
    cursor.execute(
        f"CREATE OR REPLACE FUNCTION {_q(function)}() RETURNS trigger AS $$\nBEGIN\n"
        f"    IF TG_OP = 'INSERT' OR NEW.{_q(column)} IS DISTINCT FROM OLD.{_q(column)} THEN\n"
        f"        SELECT {_q(spec.column)} INTO NEW.{_q(hidden)} FROM {_q(spec.table)} WHERE id = NEW.{_q(column)};\n"
        f"    END IF;\n    RETURN NEW;\nEND;\n$$ LANGUAGE plpgsql"
    )
    cursor.execute(
        f"CREATE TRIGGER {_q(function)} BEFORE INSERT OR UPDATE OF {_q(column)} ON {_q(ref)} "
        f"FOR EACH ROW EXECUTE FUNCTION {_q(function)}()"
    )
    tail = definition.split(")", 2)[-1]  # " DEFERRABLE INITIALLY DEFERRED" after "FOREIGN KEY (c) REFERENCES t(id)"
    cursor.execute(
        f"ALTER TABLE {_q(ref)} ADD CONSTRAINT {_q(name)} FOREIGN KEY ({_q(column)}, {_q(hidden)}) "
        f"REFERENCES {_q(spec.table)} (id, {_q(spec.column)}) ON UPDATE CASCADE{tail}"
    )


def unpartition_table(cursor: Any, spec: Spec) -> int:
    """The reverse of ``partition_table``: one plain table with the keys as the model declares them (without the
    partition key), an identity id continuing the sequence, and plain foreign keys pointing at it again."""
    if not is_partitioned(cursor, spec.table):
        return 0
    t, old = _q(spec.table), _q(f"{spec.table}__partitioned")
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute(f"LOCK TABLE {t} IN ACCESS EXCLUSIVE MODE")
    shape = _shape(cursor, spec.table)
    for ref, name, column, _definition in shape.referencing:
        cursor.execute(f"ALTER TABLE {_q(ref)} DROP CONSTRAINT {_q(name)}")
        cursor.execute(f"DROP TRIGGER IF EXISTS {_q(_fill_function(spec, ref, column))} ON {_q(ref)}")
        cursor.execute(f"DROP FUNCTION IF EXISTS {_q(_fill_function(spec, ref, column))}()")
        cursor.execute(f"ALTER TABLE {_q(ref)} DROP COLUMN IF EXISTS {_q(_hidden(spec, column))}")
    cursor.execute(f"ALTER TABLE {t} RENAME TO {old}")
    for name, _kind, _columns in shape.keys:
        cursor.execute(f"ALTER TABLE {old} DROP CONSTRAINT {_q(name)}")
    for (index,) in _rows(
        cursor,
        "SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = %s::regclass",
        [f"{spec.table}__partitioned"],
    ):
        cursor.execute(f"DROP INDEX {index}")
    cursor.execute(f"ALTER TABLE {old} ALTER COLUMN id DROP DEFAULT")
    cursor.execute(
        f"CREATE TABLE {t} (LIKE {old} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMMENTS)"
    )
    cursor.execute(f"INSERT INTO {t} SELECT * FROM {old}")
    moved = cursor.rowcount
    cursor.execute(f"DROP TABLE {old}")  # its partitions and its sequence with it
    cursor.execute(f"ALTER TABLE {t} ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (START WITH {shape.next_id})")
    _rebuild(cursor, spec, shape, partitioned=False)
    for ref, name, column, definition in shape.referencing:
        tail = definition.split(" ON UPDATE CASCADE", 1)[-1] if " ON UPDATE CASCADE" in definition else ""
        cursor.execute(
            f"ALTER TABLE {_q(ref)} ADD CONSTRAINT {_q(name)} FOREIGN KEY ({_q(column)}) REFERENCES {t} (id){tail}"
        )
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    return moved


@dataclass(frozen=True)
class Partition:
    name: str
    year: int | None  # None: the DEFAULT partition
    rows: int


def _partitions(cursor: Any, spec: Spec) -> list[tuple[str, str]]:
    """(name, bound expression) of each partition of ``spec.table``."""
    return _rows(
        cursor,
        "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "WHERE i.inhparent = %s::regclass ORDER BY c.relname",
        [spec.table],
    )


def _year_of(spec: Spec, name: str) -> int | None:
    match = re.fullmatch(re.escape(spec.table) + r"_y(\d{4})", name)
    return int(match.group(1)) if match else None


def partitions_list(*, using: str = "default") -> dict[str, list[Partition]]:
    """Each partitioned table with its partitions in year order (DEFAULT last) and their exact row counts; empty on
    SQLite or before the migrations."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return {}
    found: dict[str, list[Partition]] = {}
    with connection.cursor() as cursor:
        for spec in SPECS:
            if not is_partitioned(cursor, spec.table):
                continue
            parts = []
            for name, _bound in _partitions(cursor, spec):
                (rows,) = _rows(cursor, f"SELECT COUNT(*) FROM {_q(name)}")[0]
                parts.append(Partition(name, _year_of(spec, name), rows))
            found[spec.table] = sorted(parts, key=lambda p: (p.year is None, p.year or 0))
    return found


def partitions_ensure(
    *, years_ahead: int = YEARS_AHEAD, today: date | None = None, using: str = "default"
) -> list[str]:
    """Create the partition of each year from today's to ``years_ahead`` later, and of each year that has rows in
    DEFAULT, moving those rows into it; returns what was done, one Chinese line each. Idempotent."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return []
    first, last = _window(today or clock.today(), years_ahead)
    done: list[str] = []
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for spec in SPECS:
            if not is_partitioned(cursor, spec.table):
                continue
            have = {_year_of(spec, name) for name, _bound in _partitions(cursor, spec)}
            in_default = {y for y in _years_present(cursor, spec, spec.default) if first <= y <= last}
            wanted = sorted((set(range(last - years_ahead, last + 1)) | in_default) - have)
            for year in wanted:
                moved = _add_year(cursor, spec, year)
                done.append(
                    f"{spec.table}：已建 {spec.partition(year)}" + (f"，自默认分区移入 {moved} 行" if moved else "")
                )
    for line in done:
        logger.info("%s", line)
    return done


def _add_year(cursor: Any, spec: Spec, year: int) -> int:
    """Create ``year``'s partition; rows of that year already in DEFAULT are moved into it (a partition cannot be
    created while DEFAULT holds rows of its range). Append-only triggers are disabled on DEFAULT for the move only;
    foreign keys pointing at the table are dropped and re-added around it (they would refuse the deletion from
    DEFAULT, as PostgreSQL checks them per partition), so they are validated again before commit."""
    t, default = _q(spec.table), _q(spec.default)
    cursor.execute(f"LOCK TABLE {t} IN ACCESS EXCLUSIVE MODE")
    grants = _grants(cursor, spec.table)
    in_range = f"{_q(spec.column)} >= {spec.lower(year)} AND {_q(spec.column)} < {spec.lower(year + 1)}"
    (count,) = _rows(cursor, f"SELECT COUNT(*) FROM {default} WHERE {in_range}")[0]
    if not count:
        _create_partition(cursor, spec, year, grants)
        return 0
    # Deferred foreign-key checks still queued by this transaction forbid the ALTER TABLEs below: run them now.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    referencing = _rows(
        cursor,
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE confrelid = %s::regclass AND contype = 'f' AND conparentid = 0",
        [spec.table],
    )
    for ref, name, _definition in referencing:
        cursor.execute(f"ALTER TABLE {_q(ref)} DROP CONSTRAINT {_q(name)}")
    triggers = [
        name
        for (name,) in _rows(
            cursor, "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal", [spec.default]
        )
    ]
    cursor.execute(
        f"CREATE TEMPORARY TABLE fazhi_partition_move ON COMMIT DROP AS SELECT * FROM {default} WHERE {in_range}"
    )
    for name in triggers:
        cursor.execute(f"ALTER TABLE {default} DISABLE TRIGGER {_q(name)}")
    cursor.execute(f"DELETE FROM {default} WHERE {in_range}")
    for name in triggers:
        cursor.execute(f"ALTER TABLE {default} ENABLE TRIGGER {_q(name)}")
    _create_partition(cursor, spec, year, grants)
    cursor.execute(f"INSERT INTO {t} SELECT * FROM fazhi_partition_move")
    cursor.execute("DROP TABLE fazhi_partition_move")
    for ref, name, definition in referencing:
        cursor.execute(f"ALTER TABLE {_q(ref)} ADD CONSTRAINT {_q(name)} {definition}")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # back to Django's INITIALLY DEFERRED for the rest
    return int(count)


def _grants(cursor: Any, table: str) -> list[tuple[str, str]]:
    """The privileges granted on ``table`` to roles other than its owner."""
    return _rows(
        cursor,
        "SELECT grantee, privilege_type FROM information_schema.role_table_grants WHERE table_name = %s "
        "AND table_schema = current_schema() AND grantee <> (SELECT pg_get_userbyid(relowner) FROM pg_class "
        "WHERE oid = %s::regclass) ORDER BY grantee, privilege_type",
        [table, table],
    )


def _on_postgresql(step: Callable[[Any, Spec], object], spec: Spec) -> Any:
    """A ``RunPython`` function running ``step(cursor, spec)`` on PostgreSQL (SQLite: nothing)."""

    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            with schema_editor.connection.cursor() as cursor:
                step(cursor, spec)

    return run


def migrate_forward(spec: Spec) -> Any:
    """A ``RunPython`` function that partitions ``spec.table`` on PostgreSQL (SQLite: nothing)."""
    return _on_postgresql(partition_table, spec)


def migrate_backward(spec: Spec) -> Any:
    """The reverse ``RunPython`` function: a plain table again."""
    return _on_postgresql(unpartition_table, spec)


@task()
def partitions_ensure_task() -> dict[str, Any]:
    """The daily job (fazhi/jobs/schedule.py): the coming years' partitions exist before their first row."""
    return {"done": partitions_ensure()}
