"""The supervision scan: which records to evaluate, in chunks, and the set-based writes of alerts and due dates.

Two inputs name the records to evaluate on an incremental run, and nothing else is read:

* **the change queue** — the audit events after the source's cursor (``ScanCursor.gseq``). Every write of the
  project goes through ``fazhi.core.audit.audit_record`` in the changing transaction, which takes the global
  ``gseq`` under a row lock held to commit: ``gseq`` order is commit order, so the events in
  ``(cursor, high]`` (``high`` read before any record) name every record changed since the last run, and an event
  committed later has a larger ``gseq`` and is seen next time. The queue costs no extra write.
* **the due-date index** — ``ScanStamp.recheck_on`` (indexed with ``record_type``): the first day on which the
  passing of time alone may change a record's findings, set when the record is evaluated.

A change of the source's *version* (rules, settings, the holiday calendar, the data outside the record its rules
read) evaluates every record of that source, as ``full`` does; so does the first run. A full pass walks the
candidates in primary-key chunks; each chunk is loaded with one query per relation (``Source.load``), and its
alerts and due dates are written in bulk. Rows changed behind the services' back (no audit event) are seen by
the weekly full scan (``fazhi supervise --full``).
"""

from __future__ import annotations

import multiprocessing
import os
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any

from django.db import connection, connections, transaction
from django.db.models import Max

from fazhi.core.models import AuditEvent
from fazhi.rules import known_years
from fazhi.supervision import conf
from fazhi.supervision.engine import Finding, Rule, Source, chunks, stamp_of
from fazhi.supervision.models import Alert, ScanCursor, ScanStamp
from fazhi.supervision.registry import RULES_VERSION, SOURCES, rules_of


@dataclass
class Counts:
    scanned: int = 0
    skipped: int = 0
    raised: int = 0
    updated: int = 0
    resolved: int = 0
    unchanged: int = 0
    extra: dict[str, int] = field(default_factory=dict)
    stamped: int = 0  # due-date rows written minus those deleted (the cursor's ``records``)

    def add(self, other: Counts) -> None:
        for f in fields(self):
            if f.name != "extra":
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        for key, value in other.extra.items():
            self.extra[key] = self.extra.get(key, 0) + value


def fingerprint(rule_id: str, record_type: str, object_id: int) -> str:
    return f"{rule_id}:{record_type}:{object_id}"


def source_version(source: Source) -> str:
    """What every finding of the source depends on outside its records; a change evaluates them all again."""
    # The holiday years known: entering a year changes working-day deadlines (provisional ones become exact).
    calendar = ",".join(str(y) for y in sorted(known_years()))
    return stamp_of(
        RULES_VERSION, conf.policy_fingerprint(), calendar, source.global_version(), *(r.id for r in rules_of(source))
    )


def default_jobs() -> int:
    """Worker processes of a scan by default: one per CPU."""
    return max(1, os.cpu_count() or 1)


def scan_all(*, today: date, now: datetime, full: bool, jobs: int = 1) -> Counts:
    """Every available source, incrementally where its cursor allows (all of it with ``full``).

    ``jobs`` > 1 evaluates the chunks in that many worker processes (PostgreSQL, outside a transaction; otherwise
    the chunks run here, one after the other). Each chunk is one transaction; the cursors are written here, once,
    after every chunk of their source has committed.
    """
    counts = Counts()
    high = AuditEvent.objects.aggregate(m=Max("gseq"))["m"] or 0  # before any record is read
    cursors = {c.record_type: c for c in ScanCursor.objects.all()}
    sources = [s for s in SOURCES if s.available()]
    versions = {s.record_type: source_version(s) for s in sources}
    incremental = [
        s
        for s in sources
        if not full
        and (c := cursors.get(s.record_type)) is not None
        and c.version == versions[s.record_type]
        and c.gseq <= high
    ]
    changed = _changed_since(
        {s.record_type: cursors[s.record_type].gseq for s in incremental}, high
    )  # one pass over the queue
    for source in sources:
        cursor = cursors.get(source.record_type) or ScanCursor(record_type=source.record_type)
        cursor.version = versions[source.record_type]  # the version the stamps written now are evaluated under
        if source in incremental:
            _scan_changed(
                source,
                changed.get(source.record_type, set()),
                today=today,
                now=now,
                cursor=cursor,
                counts=counts,
                jobs=jobs,
            )
        else:
            _scan_every(source, today=today, now=now, cursor=cursor, counts=counts, jobs=jobs)
        cursor.gseq = high
        cursor.save()
    return counts


def _changed_since(cursors: dict[str, int], high: int) -> dict[str, set[int]]:
    """The ids named by the audit events after each source's cursor (a range of the unique ``gseq`` index)."""
    changed: dict[str, set[int]] = defaultdict(set)
    if not cursors:
        return changed
    low = min(cursors.values())
    events = (
        AuditEvent.objects.filter(gseq__gt=low, gseq__lte=high, entity_type__in=list(cursors))
        .values_list("entity_type", "entity_id", "gseq")
        .iterator(chunk_size=5000)
    )
    for entity_type, entity_id, gseq in events:
        if gseq is not None and gseq > cursors[entity_type] and entity_id.isdigit():
            changed[entity_type].add(int(entity_id))
    return changed


# A task is one chunk: (kind, record_type, ids, low, high, today, now, version); run in one transaction, here or
# in a worker process, it returns what it counted.
_Task = tuple[str, str, list[int], int | None, int | None, date, datetime, str]


def _scan_changed(
    source: Source,
    changed: set[int],
    *,
    today: date,
    now: datetime,
    cursor: ScanCursor,
    counts: Counts,
    jobs: int,
) -> None:
    """The records changed since the cursor and those whose due date has come; the rest are not read."""
    due = ScanStamp.objects.filter(record_type=source.record_type, recheck_on__lte=today).values_list(
        "object_id", flat=True
    )
    ids = sorted(changed.union(due.iterator(chunk_size=5000)))
    tasks: list[_Task] = [
        ("changed", source.record_type, list(part), None, None, today, now, cursor.version)
        for part in chunks(ids, source.chunk_size)
    ]
    done = _run_tasks(tasks, jobs)
    counts.add(done)
    cursor.records += done.stamped
    counts.skipped += max(0, cursor.records - done.scanned)


def _scan_every(source: Source, *, today: date, now: datetime, cursor: ScanCursor, counts: Counts, jobs: int) -> None:
    """Every candidate, in primary-key chunks; a stamped or alerted record no longer among them is gone."""
    ids = list(source.queryset().order_by("pk").values_list("pk", flat=True))
    cursor.records = ScanStamp.objects.filter(record_type=source.record_type).count()
    tasks: list[_Task] = []
    last: int | None = None
    for part in chunks(ids, source.chunk_size):
        tasks.append(("every", source.record_type, list(part), last, part[-1], today, now, cursor.version))
        last = part[-1]
    tasks.append(("every", source.record_type, [], last, None, today, now, cursor.version))  # gone after the last
    done = _run_tasks(tasks, jobs)
    counts.add(done)
    cursor.records += done.stamped


def _run_tasks(tasks: list[_Task], jobs: int) -> Counts:
    """Run the chunks here, or in ``jobs`` worker processes where the database allows it (PostgreSQL, no open
    transaction: each worker has its own connection and commits its own chunks; SQLite serialises its writers)."""
    total = Counts()
    parallel = jobs > 1 and len(tasks) > 1 and connection.vendor == "postgresql" and not connection.in_atomic_block
    if not parallel:
        for task in tasks:
            total.add(_run_task(task))
        return total
    connections.close_all()  # the workers are forked: none may share this process's connection
    with multiprocessing.get_context("fork").Pool(min(jobs, len(tasks)), initializer=_worker_start) as pool:
        for done in pool.imap_unordered(_run_task, tasks):
            total.add(done)
    return total


def _worker_start() -> None:
    # A forked worker opens its own connection on first use (the parent closed its own before forking).
    for conn in connections.all(initialized_only=True):
        conn.close()


def _run_task(task: _Task) -> Counts:
    kind, record_type, ids, low, high, today, now, version = task
    source = next(s for s in SOURCES if s.record_type == record_type)
    counts = Counts()
    with transaction.atomic():
        if kind == "changed":
            live = set(source.queryset().filter(pk__in=ids).values_list("pk", flat=True))
            _resolve_gone(source, [i for i in ids if i not in live], now, counts)
            _scan_chunk(source, sorted(live), today=today, now=now, version=version, counts=counts)
        else:
            _resolve_gone(source, _gone_between(source, low, high, set(ids)), now, counts)
            _scan_chunk(source, ids, today=today, now=now, version=version, counts=counts)
    return counts


def _ids_filter(field: str, ids: Sequence[int]) -> dict[str, Any]:
    """``field__in`` for scattered ids; a range for a dense chunk (much cheaper than 2,000 bound parameters), the
    caller keeping only the rows of ``ids``."""
    low, high = min(ids), max(ids)
    if high - low < 2 * len(ids):
        return {f"{field}__gte": low, f"{field}__lte": high}
    return {f"{field}__in": list(ids)}


def _gone_between(source: Source, low: int | None, high: int | None, live: set[int]) -> list[int]:
    """Stamped or open-alerted ids in ``(low, high]`` (``high`` None: no bound) that are not candidates."""
    bounds: dict[str, int] = {}
    if low is not None:
        bounds["object_id__gt"] = low
    if high is not None:
        bounds["object_id__lte"] = high
    stamped = ScanStamp.objects.filter(record_type=source.record_type, **bounds).values_list("object_id", flat=True)
    alerted = Alert.objects.filter(record_type=source.record_type, resolved_at__isnull=True, **bounds).values_list(
        "object_id", flat=True
    )
    return sorted({*stamped, *alerted} - live)


def _resolve_gone(source: Source, ids: Sequence[int], now: datetime, counts: Counts) -> None:
    """Records gone from the candidates (deleted, back to a lead): their alerts no longer hold."""
    for part in chunks(list(ids), 1000):
        counts.resolved += Alert.objects.filter(
            record_type=source.record_type, object_id__in=part, resolved_at__isnull=True
        ).update(resolved_at=now)
        deleted, _ = ScanStamp.objects.filter(record_type=source.record_type, object_id__in=part).delete()
        counts.stamped -= deleted


_ALERT_COLUMNS = (
    "rule_id",
    "severity",
    "article",
    "record_type",
    "object_id",
    "record_label",
    "agency_id",
    "case_id",
    "explanation",
    "fingerprint",
    "first_raised_at",
    "last_seen_at",
    "resolved_at",
)


def _scan_chunk(
    source: Source, ids: Sequence[int], *, today: date, now: datetime, version: str, counts: Counts
) -> None:
    if not ids:
        return
    rules = rules_of(source)
    records = source.load(ids)
    findings, rechecks = evaluate(source, rules, records)(today, counts)
    wanted = set(ids)
    open_alerts = {
        a.fingerprint: a
        for a in Alert.objects.filter(
            record_type=source.record_type, resolved_at__isnull=True, **_ids_filter("object_id", ids)
        )
        if a.object_id in wanted
    }
    to_create: list[tuple[Any, ...]] = []
    to_update = []
    for key, (rule, record, finding) in findings.items():
        alert = open_alerts.get(key)
        agency_id = source.agency_id(record)
        if alert is None:
            to_create.append(
                (
                    rule.id,
                    finding.severity,
                    rule.article,
                    source.record_type,
                    record.pk,
                    source.label(record),
                    agency_id,
                    source.case_id(record),
                    finding.explanation,
                    key,
                    now,
                    now,
                    None,
                )
            )
        elif (alert.severity, alert.explanation, alert.agency_id) != (finding.severity, finding.explanation, agency_id):
            alert.severity, alert.explanation = finding.severity, finding.explanation
            alert.agency_id, alert.last_seen_at = agency_id, now
            to_update.append(alert)
        else:
            counts.unchanged += 1
    to_resolve = [a.pk for key, a in open_alerts.items() if key not in findings]
    insert_values(Alert, _ALERT_COLUMNS, to_create)
    update_rows(Alert, ["severity", "explanation", "agency_id", "last_seen_at"], to_update)
    for part in chunks(to_resolve, 1000):
        Alert.objects.filter(pk__in=list(part)).update(resolved_at=now)
    counts.raised += len(to_create)
    counts.updated += len(to_update)
    counts.resolved += len(to_resolve)
    _write_due_dates(source, [r.pk for r in records], rechecks, version, counts)


def evaluate(source: Source, rules: tuple[Rule, ...], records: Iterable[Any]) -> Any:
    """Every rule on every record: ``(today, counts) -> (findings by fingerprint, each record's recheck day)``."""

    def run(
        today: date, counts: Counts | None = None
    ) -> tuple[dict[str, tuple[Rule, Any, Finding]], dict[int, date | None]]:
        findings: dict[str, tuple[Rule, Any, Finding]] = {}
        rechecks: dict[int, date | None] = {}
        for record in records:
            if counts is not None:
                counts.scanned += 1
            recheck: date | None = None
            for rule in rules:
                outcome = rule.evaluate(record, today)
                if outcome.recheck_on is not None and (recheck is None or outcome.recheck_on < recheck):
                    recheck = outcome.recheck_on
                if outcome.finding is not None:
                    findings[fingerprint(rule.id, source.record_type, record.pk)] = (rule, record, outcome.finding)
            rechecks[record.pk] = recheck
        return findings, rechecks

    return run


def _write_due_dates(
    source: Source, ids: list[int], rechecks: dict[int, date | None], version: str, counts: Counts
) -> None:
    """The due-date index of the chunk: new rows in bulk, changed ones by one executemany."""
    wanted = set(ids)
    existing = {
        pk: recheck
        for pk, recheck in ScanStamp.objects.filter(
            record_type=source.record_type, **_ids_filter("object_id", ids)
        ).values_list("object_id", "recheck_on")
        if pk in wanted
    }
    create = [(source.record_type, pk, version, rechecks.get(pk)) for pk in ids if pk not in existing]
    insert_values(ScanStamp, ("record_type", "object_id", "stamp", "recheck_on"), create)
    counts.stamped += len(create)
    changed = [(rechecks.get(pk), version, source.record_type, pk) for pk in ids if pk in existing]
    if changed:
        qn = connection.ops.quote_name
        table = qn(ScanStamp._meta.db_table)
        with connection.cursor() as db:
            db.executemany(
                f"UPDATE {table} SET {qn('recheck_on')} = %s, {qn('stamp')} = %s "
                f"WHERE {qn('record_type')} = %s AND {qn('object_id')} = %s",
                [(connection.ops.adapt_datefield_value(r), v, t, pk) for r, v, t, pk in changed],
            )


# Field types whose Python values psycopg writes as Django would (``get_db_prep_save`` returns them unchanged
# on PostgreSQL); any other field is prepared by Django.
_PLAIN = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "DateField",
    "DateTimeField",
    "ForeignKey",
    "IntegerField",
    "PositiveBigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SmallIntegerField",
    "TextField",
}


def insert_values(model: Any, attnames: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """Rows of ``attnames`` values: ``COPY`` on PostgreSQL, one ``executemany`` on SQLite. ``bulk_create`` (and
    building a model instance per row) costs more than the database spends inserting: a first scan writes a
    due-date row for every record and an alert for many."""
    if not rows:
        return
    meta = model._meta
    columns = [next(f for f in meta.concrete_fields if f.attname == name) for name in attnames]
    qn = connection.ops.quote_name
    table, names = qn(meta.db_table), ", ".join(qn(f.column) for f in columns)
    prepared = [not (connection.vendor == "postgresql" and f.get_internal_type() in _PLAIN) for f in columns]
    if any(prepared):
        rows = [
            tuple(f.get_db_prep_save(v, connection) if p else v for f, p, v in zip(columns, prepared, row, strict=True))
            for row in rows
        ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # COPY: no statement per row at all
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})", rows)


def update_rows(model: Any, fields: list[str], rows: list[Any]) -> None:
    """``UPDATE … WHERE id = %s`` with executemany: Django's bulk_update builds one CASE per field and row, which
    is slow for thousands of rows with distinct values (the next-day run updates every dated explanation)."""
    if not rows:
        return
    meta = model._meta
    columns = [meta.get_field(f.removesuffix("_id") if f.endswith("_id") else f) for f in fields]
    qn = connection.ops.quote_name
    sql = (
        f"UPDATE {qn(meta.db_table)} SET "
        + ", ".join(f"{qn(c.column)} = %s" for c in columns)
        + f" WHERE {qn(meta.pk.column)} = %s"
    )
    params = [[c.get_db_prep_save(getattr(row, c.attname), connection) for c in columns] + [row.pk] for row in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def full_findings(*, today: date) -> set[tuple[str, str, int, str, str]]:
    """What a full scan would find today, written nowhere: ``(rule, record_type, object_id, severity, text)``.
    The test of the incremental path compares the open alerts with it."""
    found: set[tuple[str, str, int, str, str]] = set()
    for source in SOURCES:
        if not source.available():
            continue
        ids = list(source.queryset().order_by("pk").values_list("pk", flat=True))
        for part in chunks(ids, source.chunk_size):
            findings, _ = evaluate(source, rules_of(source), source.load(part))(today)
            for rule, record, finding in findings.values():
                found.add((rule.id, source.record_type, record.pk, finding.severity, finding.explanation))
    return found
