"""Writes of supervision: the scan that raises and resolves alerts, file reviews, and 督查 records."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import connection, transaction

from fazhi.core import clock
from fazhi.core.audit import audit_record
from fazhi.rules import known_years
from fazhi.supervision import conf
from fazhi.supervision.engine import Finding, Source, chunks, stamp_of
from fazhi.supervision.models import Alert, ScanRun, ScanStamp
from fazhi.supervision.registry import RULES_VERSION, SOURCES, rules_of


@dataclass
class _Counts:
    scanned: int = 0
    skipped: int = 0
    raised: int = 0
    updated: int = 0
    resolved: int = 0
    unchanged: int = 0
    extra: dict[str, int] = field(default_factory=dict)


def _fingerprint(rule_id: str, record_type: str, object_id: int) -> str:
    return f"{rule_id}:{record_type}:{object_id}"


def _scan_source(source: Source, today: date, now: datetime, full: bool, counts: _Counts) -> None:
    rules = rules_of(source)
    # The holiday years known: entering a year changes working-day deadlines (provisional ones become exact).
    calendar = ",".join(str(y) for y in sorted(known_years()))
    version = stamp_of(
        RULES_VERSION, conf.policy_fingerprint(), calendar, source.global_version(), *(r.id for r in rules)
    )
    stored = {
        oid: (stamp, recheck)
        for oid, stamp, recheck in ScanStamp.objects.filter(record_type=source.record_type)
        .values_list("object_id", "stamp", "recheck_on")
        .iterator(chunk_size=5000)
    }
    todo: list[int] = []
    new_stamps: dict[int, str] = {}
    seen: set[int] = set()
    for pk, material in source.stamps():
        seen.add(pk)
        stamp = stamp_of(version, material)
        old = stored.get(pk)
        if not full and old is not None and old[0] == stamp and (old[1] is None or old[1] > today):
            counts.skipped += 1
            continue
        todo.append(pk)
        new_stamps[pk] = stamp
    todo.sort()  # contiguous chunks load by range
    # Records gone from the candidates (deleted, back to a lead): their alerts no longer hold.
    gone = [oid for oid in stored if oid not in seen]
    for part in chunks(gone, 1000):
        counts.resolved += Alert.objects.filter(
            record_type=source.record_type, object_id__in=part, resolved_at__isnull=True
        ).update(resolved_at=now)
        ScanStamp.objects.filter(record_type=source.record_type, object_id__in=part).delete()
    for part in chunks(todo, source.chunk_size):
        with transaction.atomic():
            _scan_chunk(source, rules, part, today, now, new_stamps, stored, counts)


def _scan_chunk(  # noqa: PLR0917 - one private helper of the scan
    source: Source,
    rules: tuple[Any, ...],
    ids: Any,
    today: date,
    now: datetime,
    new_stamps: dict[int, str],
    stored: dict[int, tuple[str, date | None]],
    counts: _Counts,
) -> None:
    findings, rechecks = _evaluate(source, rules, source.load(ids), today, counts)
    open_alerts = {
        a.fingerprint: a
        for a in Alert.objects.filter(record_type=source.record_type, object_id__in=ids, resolved_at__isnull=True)
    }
    to_create, to_update, to_resolve = [], [], []
    for fingerprint, (rule, record, finding) in findings.items():
        alert = open_alerts.get(fingerprint)
        if alert is None:
            to_create.append(
                Alert(
                    rule_id=rule.id,
                    severity=finding.severity,
                    article=rule.article,
                    record_type=source.record_type,
                    object_id=record.pk,
                    record_label=source.label(record),
                    agency_id=source.agency_id(record),
                    case_id=source.case_id(record),
                    explanation=finding.explanation,
                    fingerprint=fingerprint,
                    first_raised_at=now,
                    last_seen_at=now,
                )
            )
        elif (alert.severity, alert.explanation, alert.agency_id) != (
            finding.severity,
            finding.explanation,
            source.agency_id(record),
        ):
            alert.severity, alert.explanation = finding.severity, finding.explanation
            alert.agency_id, alert.last_seen_at = source.agency_id(record), now
            to_update.append(alert)
        else:
            counts.unchanged += 1
    for fingerprint, alert in open_alerts.items():
        if fingerprint not in findings:
            alert.resolved_at = now
            to_resolve.append(alert)
    Alert.objects.bulk_create(to_create, batch_size=500)
    _update_rows(Alert, ["severity", "explanation", "agency_id", "last_seen_at"], to_update)
    if to_resolve:
        Alert.objects.filter(pk__in=[a.pk for a in to_resolve]).update(resolved_at=now)
    counts.raised += len(to_create)
    counts.updated += len(to_update)
    counts.resolved += len(to_resolve)
    _write_stamps(source, ids, new_stamps, rechecks)


def _evaluate(
    source: Source, rules: tuple[Any, ...], records: list[Any], today: date, counts: _Counts
) -> tuple[dict[str, tuple[Any, Any, Finding]], dict[int, date | None]]:
    """Every rule on every record: the findings by fingerprint, and each record's earliest recheck day."""
    findings: dict[str, tuple[Any, Any, Finding]] = {}
    rechecks: dict[int, date | None] = {}
    for record in records:
        counts.scanned += 1
        recheck: date | None = None
        for rule in rules:
            outcome = rule.evaluate(record, today)
            if outcome.recheck_on is not None:
                recheck = outcome.recheck_on if recheck is None else min(recheck, outcome.recheck_on)
            if outcome.finding is not None:
                findings[_fingerprint(rule.id, source.record_type, record.pk)] = (rule, record, outcome.finding)
        rechecks[record.pk] = recheck
    return findings, rechecks


def _write_stamps(source: Source, ids: Any, new_stamps: dict[int, str], rechecks: dict[int, date | None]) -> None:
    """Record what each record looked like when scanned, so an unchanged one is skipped next time."""
    existing = {s.object_id: s for s in ScanStamp.objects.filter(record_type=source.record_type, object_id__in=ids)}
    create_stamps, update_stamps = [], []
    for pk in ids:
        stamp, recheck = new_stamps[pk], rechecks.get(pk)
        row = existing.get(pk)
        if row is None:
            create_stamps.append(
                ScanStamp(record_type=source.record_type, object_id=pk, stamp=stamp, recheck_on=recheck)
            )
        elif (row.stamp, row.recheck_on) != (stamp, recheck):
            row.stamp, row.recheck_on = stamp, recheck
            update_stamps.append(row)
    ScanStamp.objects.bulk_create(create_stamps, batch_size=1000)
    _update_rows(ScanStamp, ["stamp", "recheck_on"], update_stamps)


def _update_rows(model: Any, fields: list[str], rows: list[Any]) -> None:
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


def supervise(*, today: date | None = None, full: bool = False, actor: Any = None) -> ScanRun:
    """Run every rule over the records that may have changed (all with ``full``); raise, update and resolve alerts.

    Incremental: a record whose inputs (its ``updated_at``, its audit chain, the data its rules read elsewhere, the
    settings and the rules version) are unchanged and whose ``recheck_on`` day has not come is not loaded at all.
    Running it twice over the same data therefore changes nothing and creates no duplicate: at most one open
    alert exists per rule and record (a partial unique index on ``Alert.fingerprint``).
    """
    today = today or clock.today()
    now = clock.now()
    run = ScanRun.objects.create(started_at=now, today=today, full=full)
    counts = _Counts()
    for source in SOURCES:
        if source.available():
            _scan_source(source, today, now, full, counts)
    for name in ("scanned", "skipped", "raised", "updated", "resolved", "unchanged"):
        setattr(run, name, getattr(counts, name))
    run.finished_at = clock.now()
    with transaction.atomic():
        run.save()
        audit_record(
            actor=actor,
            entity=run,
            action="supervision.scan",
            summary=f"执法监督扫描（{today:%Y-%m-%d}）：检查{counts.scanned}件、跳过{counts.skipped}件，"
            f"新增预警{counts.raised}条、更新{counts.updated}条、消除{counts.resolved}条",
            after={"today": today, "full": full, "raised": counts.raised, "resolved": counts.resolved},
        )
    return run
