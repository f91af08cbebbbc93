"""Build a large dataset on a database where the demo is loaded: N live and M imported cases for one agency.

    fazhi migrate --noinput && fazhi demo                      # once, on the target database
    .venv/bin/python bench/build_dataset.py --live 1000000 --imported 1000000 --agency 清城管 \\
        [--database-url postgres://postgres@127.0.0.1:5432/bench_1m] [--seed 1] [--chunk 20000] [--years 10]

Every row a service writes for a case is written here directly (PostgreSQL: ``COPY … FROM STDIN`` through
psycopg 3 in chunks; SQLite: ``executemany`` in one transaction per chunk), with the indexes as they are (a live
database grows this way; nothing is dropped and recreated), and the identity sequences reset afterwards:

* live cases (``cases``): the party, the case with its lead/register/archive numbers, two handlers with the
  certificates they held that day, the investigation report, 案件审核, 法制审核 (major cases), the pre-decision
  notice, the decision, the service of the decision, payments, closing and archiving; ~95 % 简易程序 (当场处罚,
  numbered pre-printed forms with their ``FormStock``) and ~5 % 一般程序; the states cover the whole workflow from
  the lead to the archive, by the age of the case, and a few cases are left stuck (unpaid fines, investigations
  past their time limit, leads never registered) so that supervision has work;
* the audit trail: one event per transition on each case's hash chain (``cases.case``), signed with the
  installation's key exactly as ``audit_record`` signs it, with the chain heads and the global sequence moved on,
  so ``fazhi audit verify`` passes;
* ``cases_numbersequence`` moved past every number used, so later numbers through the services follow on;
* imported cases (``imports.HistoricalCase``) in one ``ImportBatch`` per year, with the same spread.

Officers: 8 extra officers per unit, each with a login and a certificate valid over the whole period, are created
through the services on the first run (usernames ``bench<unit id>o<n>``); the demo's logins are used as the
representative users (``duiyuan1`` 执法队员, ``zhongduizhang`` 中队长, ``juzhang`` 负责人, password of the demo).

Left out (docs/scale.md says why): evidence files and generated 文书 (blobs; none of the measured pages needs them),
publications of 一般程序 decisions (双公示), portal search entries. Derived data of other apps is rebuilt after the
load by calling each app's ``fazhi.<app>.derived.rebuild(log=…)`` when that module exists (see ``HOOKS``), and
待办's ``Case.todo_due`` by ``fazhi.cases.todo.rebuild`` (``fill_todo``).
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import importlib
import json
import queue
import random
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import say, setup_django

# Apps whose derived data (rollups, change queues, due-date indexes) must be rebuilt after a bulk load: each may
# provide ``fazhi.<app>.derived.rebuild(*, log)``; the builder calls those that exist, in this order.
HOOKS = ("reports", "supervision", "portal")

BENCH_OFFICERS_PER_UNIT = 8
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红"
BRANDS = "宏鑫恒瑞华鼎盛泰兴隆达源安通发信嘉禾"
COMPANIES = ("建筑工程", "装饰工程", "市政工程", "商贸", "餐饮管理", "物流", "建材", "广告传媒", "置业", "劳务")
STREETS = ("城东大道", "城西路", "青石街", "人民路", "解放路", "建设路", "滨河路", "文化路", "新华街", "工业园路")
SOURCES = (
    ("patrol", 55),
    ("complaint", 15),
    ("digital_city", 12),
    ("off_site", 8),
    ("assigned", 4),
    ("random_inspection", 4),
    ("transferred_in", 2),
)
# (code, weight among simple cases, weight among general cases)
ITEMS = (
    ("SL-SR-001", 70, 15),
    ("SL-SZ-001", 20, 30),
    ("SL-HJ-001", 5, 15),
    ("SL-ZT-001", 5, 20),
    ("SL-GH-001", 0, 6),
    ("SL-GH-002", 0, 4),
    ("SL-HJ-002", 0, 6),
    ("SL-ZT-002", 0, 4),
)
UTC8 = timedelta(hours=8)


# --- writing rows -------------------------------------------------------------------------------------------


class Sink:
    """Rows of many tables gathered per chunk and written in one transaction per chunk (COPY on PostgreSQL) by a
    writer thread with its own connection, while the next chunk is generated: at most two chunks in memory.

    On PostgreSQL the writer's session sets ``session_replication_role = replica`` (what ``pg_restore
    --disable-triggers`` does): the deferred foreign-key checks, one per row at commit, are skipped, and
    ``check_foreign_keys`` verifies every foreign key of the new rows by one anti-join each after the load. The
    audit tables' append-only triggers guard UPDATE and DELETE only, which the builder never issues.
    """

    def __init__(self, models: list[Any], *, fk_triggers: bool = False) -> None:
        from django.db import connection

        self.connection = connection  # Django's proxy: each thread uses its own connection
        self.vendor = connection.vendor
        self.fk_triggers = fk_triggers
        self.models = models  # in foreign-key order
        self.specs: dict[Any, tuple[list[Any], dict[str, int], set[int]]] = {}
        self.rows: dict[Any, list[tuple[Any, ...]]] = defaultdict(list)
        self.written: dict[Any, int] = defaultdict(int)
        self.seconds: dict[str, float] = defaultdict(float)  # writing time per table, and "commit"
        self.ids: dict[Any, int] = {}
        self.first_ids: dict[Any, int] = {}
        with connection.cursor() as c:
            for model in models:
                c.execute(f"SELECT COALESCE(MAX(id), 0) FROM {model._meta.db_table}")
                self.ids[model] = self.first_ids[model] = c.fetchone()[0]
                self.specs[model] = self._spec(model)
        self.queue: queue.Queue[tuple[dict[Any, list[tuple[Any, ...]]], Callable[[Any], None] | None] | None]
        self.queue = queue.Queue(maxsize=1)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="dataset-writer", daemon=True)
        self.thread.start()

    @staticmethod
    def _spec(model: Any) -> tuple[list[Any], dict[str, int], set[int]]:
        from django.db.models import JSONField

        defaults, index, json_cols = [], {}, set()
        for i, f in enumerate(model._meta.concrete_fields):
            index[f.attname] = i
            value = f.get_default() if f.has_default() or not f.null else None
            if isinstance(f, JSONField):
                json_cols.add(i)
                value = None if value is None else json.dumps(value, ensure_ascii=False)
            defaults.append(value)
        return defaults, index, json_cols

    def next_id(self, model: Any) -> int:
        self.ids[model] += 1
        return self.ids[model]

    def add(self, model: Any, values: dict[str, Any]) -> int:
        if "id" not in values:
            values["id"] = self.next_id(model)
        defaults, index, json_cols = self.specs[model]
        row = defaults.copy()
        for name, value in values.items():
            i = index[name]
            row[i] = json.dumps(value, ensure_ascii=False) if i in json_cols and value is not None else value
        self.rows[model].append(tuple(row))
        return int(values["id"])

    def flush(self, extra: Callable[[Any], None] | None = None) -> None:
        """Hand the chunk to the writer (waits while it still writes the previous one)."""
        rows, self.rows = self.rows, defaultdict(list)
        if self.error is not None:
            raise RuntimeError("写入失败") from self.error
        t = time.perf_counter()
        self.queue.put((rows, extra))
        self.seconds["waiting for the writer"] += time.perf_counter() - t

    def close(self) -> None:
        """Wait for the writer to finish every chunk."""
        self.queue.put(None)
        self.thread.join()
        if self.error is not None:
            raise RuntimeError("写入失败") from self.error

    def _run(self) -> None:
        from django.db import connection

        try:
            if self.vendor == "postgresql" and not self.fk_triggers:
                with connection.cursor() as c:
                    c.execute("SET session_replication_role = replica")
            while (item := self.queue.get()) is not None:
                if self.error is None:
                    self._write(*item)
        except BaseException as exc:  # reported by the next flush or close
            self.error = exc
            while self.queue.get() is not None:
                pass
        finally:
            connection.close()

    def _write(self, chunk: dict[Any, list[tuple[Any, ...]]], extra: Callable[[Any], None] | None) -> None:
        from django.db import connection, transaction

        with transaction.atomic(), connection.cursor() as c:
            for model in self.models:
                rows = chunk.pop(model, None)
                if not rows:
                    continue
                t = time.perf_counter()
                table = model._meta.db_table
                columns = [f.column for f in model._meta.concrete_fields]
                quoted = ", ".join(connection.ops.quote_name(col) for col in columns)
                if self.vendor == "postgresql":
                    with c.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row(row)
                else:
                    marks = ", ".join(["%s"] * len(columns))
                    c.executemany(
                        f"INSERT INTO {table} ({quoted}) VALUES ({marks})",
                        [tuple(_sqlite(v) for v in row) for row in rows],
                    )
                self.written[model] += len(rows)
                self.seconds[table] += time.perf_counter() - t
            if extra is not None:
                extra(c)
            t = time.perf_counter()
        self.seconds["commit"] += time.perf_counter() - t

    def check_foreign_keys(self) -> dict[str, int]:
        """Rows written whose foreign key points nowhere, per ``table.column`` (all zero, or the load is wrong)."""
        from django.db.models import ForeignKey

        bad: dict[str, int] = {}
        with self.connection.cursor() as c:
            for model in self.models:
                if not self.written.get(model):
                    continue
                table = model._meta.db_table
                for f in model._meta.concrete_fields:
                    if not isinstance(f, ForeignKey):
                        continue
                    parent = f.related_model._meta.db_table
                    target = f.target_field.column
                    c.execute(
                        f"SELECT COUNT(*) FROM {table} t LEFT JOIN {parent} p ON p.{target} = t.{f.column} "
                        f"WHERE t.id > %s AND t.{f.column} IS NOT NULL AND p.{target} IS NULL",
                        [self.first_ids[model]],
                    )
                    bad[f"{table}.{f.column}"] = c.fetchone()[0]
        return bad

    def reset_sequences(self) -> None:
        from django.core.management.color import no_style

        sql = self.connection.ops.sequence_reset_sql(no_style(), self.models)
        with self.connection.cursor() as c:
            for statement in sql:
                c.execute(statement)


def _sqlite(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


# --- the audit chain, as fazhi.core.audit.audit_record writes it --------------------------------------------


class Chains:
    """Appends events to new chains, signed as ``audit_record`` signs them (format 2, the current key)."""

    def __init__(self, sink: Sink) -> None:
        from fazhi.core.audit_keys import current_key
        from fazhi.core.models import AuditSequence

        self.sink = sink
        self.key_id, self.key = current_key()
        self.gseq = AuditSequence.objects.filter(pk=1).values_list("value", flat=True).first() or 0
        self.start_gseq = self.gseq

    def _sign(self, payload: dict[str, Any]) -> str:
        data = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        if self.key:
            return hmac.new(self.key, data, hashlib.sha256).hexdigest()
        return hashlib.sha256(data).hexdigest()

    def chain(self, entity_type: str, entity_id: int, events: list[Event]) -> None:
        from fazhi.core.models import AuditChainHead, AuditEvent

        prev, seq = "", 0
        eid = str(entity_id)
        for ev in events:
            seq += 1
            self.gseq += 1
            payload = {
                "entity_type": entity_type,
                "entity_id": eid,
                "seq": seq,
                "actor_id": ev.actor.id,
                "actor_label": ev.actor.label,
                "at": ev.at.isoformat(),
                "action": ev.action,
                "summary": ev.summary[:500],
                "before": ev.before,
                "after": ev.after,
                "prev_hash": prev,
                "version": 2,
                "gseq": self.gseq,
                "key_id": self.key_id,
                "state": ev.state,
            }
            digest = self._sign(payload)
            self.sink.add(
                AuditEvent,
                {
                    "entity_type": entity_type,
                    "entity_id": eid,
                    "seq": seq,
                    "actor_id": ev.actor.id,
                    "actor_label": ev.actor.label,
                    "at": ev.at,
                    "action": ev.action,
                    "summary": ev.summary[:500],
                    "before": ev.before,
                    "after": ev.after,
                    "prev_hash": prev,
                    "hash": digest,
                    "version": 2,
                    "gseq": self.gseq,
                    "key_id": self.key_id,
                    "state": ev.state,
                },
            )
            prev = digest
        self.sink.add(AuditChainHead, {"entity_type": entity_type, "entity_id": eid, "seq": seq, "hash": prev})

    def counter_saver(self) -> Callable[[Any], None]:
        """Moves the global counter to the events generated so far, in the transaction that writes them."""
        value = self.gseq

        def save(cursor: Any) -> None:
            cursor.execute("UPDATE core_auditsequence SET value = %s WHERE id = 1", [value])
            if cursor.rowcount == 0:
                cursor.execute("INSERT INTO core_auditsequence (id, value) VALUES (1, %s)", [value])

        return save


@dataclass(frozen=True)
class Actor:
    id: int
    label: str


@dataclass(frozen=True)
class Event:
    at: datetime
    actor: Actor
    action: str
    summary: str
    state: dict[str, Any]
    after: dict[str, Any] | None = None
    before: dict[str, Any] | None = None


@dataclass(frozen=True)
class Handler:
    officer_id: int
    cert_id: int
    actor: Actor
    valid_from: date
    valid_until: date


# --- the people and the numbers -------------------------------------------------------------------------------


def bench_officers(*, bureau: Any, units: list[Any], start: date, end: date) -> dict[int, list[Handler]]:
    """Per unit, the officers who may handle its cases: the demo's (with a login and a valid certificate) and
    ``BENCH_OFFICERS_PER_UNIT`` of the builder's, created once through the services."""
    from django.db import transaction

    from fazhi.accounts.models import Role, User
    from fazhi.accounts.services import user_create
    from fazhi.agencies.models import Certificate, CertificateStatus, Officer
    from fazhi.agencies.services import certificate_issue, officer_create
    from fazhi.demo.services import DEMO_REGION
    from fazhi.rules import resident_id_check_char

    admin = User.objects.get(username="admin")
    with transaction.atomic():
        for unit in units:
            for n in range(1, BENCH_OFFICERS_PER_UNIT + 1):
                username = f"bench{unit.pk}o{n}"
                if User.objects.filter(username=username).exists():
                    continue
                body = f"{DEMO_REGION}19{80 + n % 15:02d}0{1 + n % 9}1{n % 9}{unit.pk % 10}{n:02d}"[:17]
                name = f"{SURNAMES[(unit.pk * 7 + n) % len(SURNAMES)]}{GIVEN[n % len(GIVEN)]}{unit.pk}{n}"
                officer = officer_create(
                    actor=admin, agency=unit, name=name, resident_id=body + resident_id_check_char(body)
                )
                certificate_issue(
                    actor=admin,
                    officer=officer,
                    number=f"BENCH{unit.pk:03d}{n:04d}",
                    issuer="清源县人民政府",
                    valid_from=start - timedelta(days=400),
                    valid_until=date(end.year + 3, 12, 31),
                )
                user_create(
                    actor=admin,
                    username=username,
                    password=None,  # an actor of the generated history; it logs in only once given a password
                    display_name=name,
                    agency=None,
                    roles=[Role.OFFICER],
                    officer=officer,
                )
    pools: dict[int, list[Handler]] = {}
    users = {u.officer_id: u for u in User.objects.filter(officer__agency__in=units, is_active=True)}
    for unit in units:
        pool = []
        for officer in Officer.objects.filter(agency=unit).order_by("pk"):
            user = users.get(officer.pk)
            cert = (
                Certificate.objects.filter(officer=officer, status=CertificateStatus.VALID)
                .order_by("-valid_until")
                .first()
            )
            if user is None or cert is None or cert.valid_until < end:
                continue
            label = user.display_name or user.username
            pool.append(Handler(officer.pk, cert.pk, Actor(user.pk, label), cert.valid_from, cert.valid_until))
        pools[unit.pk] = pool
    return pools


class Numbers:
    """Per (kind, year) counters of the legal subject, continuing ``cases_numbersequence``."""

    def __init__(self, agency: Any) -> None:
        from fazhi.cases.models import NumberSequence

        self.agency = agency
        self.last: dict[tuple[str, int], int] = {
            (kind, year): last
            for kind, year, last in NumberSequence.objects.filter(agency=agency).values_list("kind", "year", "last")
        }
        self.touched: set[tuple[str, int]] = set()

    def take(self, kind: str, year: int) -> int:
        key = (kind, year)
        n = self.last.get(key, 0) + 1
        self.last[key] = n
        self.touched.add(key)
        return n

    def save(self) -> None:
        from fazhi.cases.models import NumberSequence

        for kind, year in sorted(self.touched):
            NumberSequence.objects.update_or_create(
                agency=self.agency, kind=kind, year=year, defaults={"last": self.last[(kind, year)]}
            )


# --- one live case ---------------------------------------------------------------------------------------------


class LiveCases:
    def __init__(self, *, sink: Sink, chains: Chains, ctx: dict[str, Any], rng: random.Random) -> None:
        from fazhi import rules

        self.sink, self.chains, self.ctx, self.rng = sink, chains, ctx, rng
        self.code = ctx["legal_subject"].code
        self.numbers: Numbers = ctx["numbers"]
        self.caps = {k: rules.simple_procedure_fine_cap(k) for k in ("person", "organization")}
        self.forms: dict[int, int] = defaultdict(int)  # simple forms used per year (one FormStock per year)
        self.counts: dict[str, int] = defaultdict(int)
        self.sources = [s for s, _ in SOURCES], [w for _, w in SOURCES]
        items = ctx["items"]
        self.simple_items = (
            [items[c] for c, w, _ in ITEMS if w and c in items],
            [w for c, w, _ in ITEMS if w and c in items],
        )
        self.general_items = (
            [items[c] for c, _, w in ITEMS if w and c in items],
            [w for c, _, w in ITEMS if w and c in items],
        )

    # helpers
    def _at(self, day: date, minute: int | None = None) -> datetime:
        m = self.rng.randrange(8 * 60, 18 * 60) if minute is None else minute
        return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(minutes=m) - UTC8

    def _party(self, case_no: int, day: date) -> tuple[int, str, str]:
        from fazhi.cases.models import Party
        from fazhi.rules import resident_id_check_char, uscc_check_char

        rng = self.rng
        person = rng.random() < 0.62
        now = self._at(day)
        if person:
            birth = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 50))
            body = f"{self.ctx['region']}{birth:%Y%m%d}{rng.randrange(1000):03d}"
            name = rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
            values = {
                "kind": "person",
                "name": name,
                "id_number": body + resident_id_check_char(body) if rng.random() < 0.8 else "",
                "birth_date": birth,
                "phone": f"13{rng.randrange(10**9):09d}" if rng.random() < 0.7 else "",
                "address": f"清源县{rng.choice(STREETS)}{rng.randrange(1, 300)}号",
            }
        else:
            body = f"91{self.ctx['region']}MA{case_no % 10**7:07d}"[:17]
            values = {
                "kind": "organization",
                "name": f"清源县{rng.choice(BRANDS)}{rng.choice(BRANDS)}{rng.choice(COMPANIES)}有限公司{case_no}",
                "id_number": body + uscc_check_char(body),
                "legal_representative": rng.choice(SURNAMES) + rng.choice(GIVEN),
                "address": f"清源县{rng.choice(STREETS)}{rng.randrange(1, 300)}号",
            }
        values["created_at"] = values["updated_at"] = now
        return self.sink.add(Party, values), values["kind"], values["name"]

    def _handlers(self, unit_id: int, day: date) -> list[Handler]:
        pool = [h for h in self.ctx["pools"][unit_id] if h.valid_from <= day <= h.valid_until]
        return self.rng.sample(pool, 2)

    def _num(self, template: str, kind: str, year: int) -> str:
        return template.format(agency=self.code, year=year, seq=self.numbers.take(kind, year))

    # the case
    def add(self, *, found: date) -> None:
        rng, ctx = self.rng, self.ctx
        unit = rng.choice(ctx["units"])
        if rng.random() < 0.95:
            self._simple(unit, found)
        else:
            self._general(unit, found)

    def _case_row(self, case_id: int, unit: Any, values: dict[str, Any]) -> None:
        from fazhi.cases.models import Case

        values.update(id=case_id, agency_id=unit.pk, legal_subject_id=self.ctx["legal_subject"].pk)
        self.sink.add(Case, values)
        self.counts[f"{values['procedure']}:{values['state']}"] += 1

    def _simple(self, unit: Any, day: date) -> None:  # noqa: PLR0912, PLR0915 - one case's whole history
        from fazhi.cases.models import Case, CaseHandler, Decision, Payment, Service

        rng, sink, end = self.rng, self.sink, self.ctx["end"]
        case_id = sink.next_id(Case)
        item = rng.choices(*self.simple_items)[0]
        party_id, party_kind, name = self._party(case_id, day)
        source = rng.choices(*self.sources)[0]
        handlers = self._handlers(unit.pk, day)
        lead = handlers[0]
        cap = self.caps[party_kind]
        low = max(Decimal(item.fine_min or 0), Decimal(50))
        high = min(Decimal(item.fine_max or cap), cap)
        warning = rng.random() < 0.05 or low > high
        fine = Decimal(0) if warning else Decimal(rng.randrange(int(low), int(high) + 1, 50)).quantize(Decimal("0.01"))
        kinds = ["warning"] if warning else ["fine"]
        self.forms[day.year] += 1
        form = f"清简B{day.year}-{self.forms[day.year]:07d}"
        lead_number = self._num("{agency}案源〔{year}〕{seq}号", "lead", day.year)
        age = (end - day).days
        on_spot = fine > 0 and fine <= 100 and rng.random() < 0.4
        paid_on: date | None = None
        if fine > 0:
            unpaid = rng.random() < (0.3 if age <= 15 else 0.02)
            if on_spot:
                paid_on = day
            elif not unpaid:
                paid_on = day + timedelta(days=rng.randint(1, 14))
                if paid_on > end:
                    paid_on = None
        filed_on = day + timedelta(days=rng.randint(0, 2))
        if filed_on > end:
            filed_on = None
        closed_on = None
        if filed_on is not None and (fine == 0 or paid_on is not None):
            closed_on = max(filed_on, paid_on or filed_on)
        archived_on = None
        if closed_on is not None and (end - closed_on).days > 40 and rng.random() < 0.9:
            archived_on = closed_on + timedelta(days=rng.randint(10, 40))
        state = "archived" if archived_on else "closed" if closed_on else "executing"
        archive_number = self._num("{agency}档〔{year}〕{seq}号", "archive", archived_on.year) if archived_on else ""
        street = rng.choice(STREETS)
        facts = f"当事人在{street}{item.name}。"
        head, clerk = self.ctx["head"], self.ctx["clerk"]
        self._case_row(
            case_id,
            unit,
            {
                "created_at": self._at(day, 9 * 60),
                "updated_at": self._at(archived_on or closed_on or day, 17 * 60),
                "procedure": "simple",
                "source": source,
                "state": state,
                "power_item_id": item.pk,
                "party_id": party_id,
                "act_date": day,
                "discovered_on": day,
                "location": f"清源县{street}",
                "facts": facts,
                "lead_number": lead_number,
                "registered_on": day,
                "simple_form_number": form,
                "filed_on": filed_on,
                "closed_on": closed_on,
                "archived_on": archived_on,
                "archive_number": archive_number,
                "created_by_id": lead.actor.id,
            },
        )
        for i, h in enumerate(handlers):
            sink.add(
                CaseHandler,
                {
                    "case_id": case_id,
                    "officer_id": h.officer_id,
                    "is_lead": i == 0,
                    "assigned_on": day,
                    "certificate_id": h.cert_id,
                },
            )
        sink.add(
            Decision,
            {
                "case_id": case_id,
                "outcome": "penalty",
                "number": form,
                "decided_on": day,
                "decided_by_id": lead.actor.id,
                "penalty_kinds": kinds,
                "fine": fine,
                "reasons": facts,
                "told_on_spot": True,
                "party_response": "declined",
            },
        )
        sink.add(
            Service,
            {
                "case_id": case_id,
                "document": "decision",
                "method": "direct",
                "served_on": day,
                "deemed_served_on": day,
                "recipient": name,
                "proof": "当场交付，当事人签收",
                "recorded_by_id": lead.actor.id,
            },
        )
        if paid_on is not None:
            sink.add(
                Payment,
                {
                    "case_id": case_id,
                    "kind": "fine",
                    "amount": fine,
                    "paid_on": paid_on,
                    "receipt_number": f"BENCH-S-{case_id}",
                    "bank": "当场收缴（财政专用票据）" if on_spot else "清源农商银行",
                    "on_the_spot": on_spot,
                    "recorded_by_id": lead.actor.id if on_spot else clerk.id,
                },
            )
        events = [
            Event(
                self._at(day, 9 * 60),
                lead.actor,
                "case.open",
                f"案源登记 {lead_number}",
                {"state": "lead"},
                {
                    "state": "lead",
                    "source": source,
                    "act_date": day.isoformat(),
                    "agency_id": unit.pk,
                    "discovered_on": day.isoformat(),
                    "power_item_id": item.pk,
                },
            ),
            Event(
                self._at(day, 9 * 60 + 1),
                lead.actor,
                "case.simple_decide",
                f"简易程序当场处罚 {form}：" + ("警告" if warning else f"罚款{fine}元"),
                {"state": "executing"},
                {"fine": str(fine), "state": "executing", "number": form},
            ),
        ]
        timeline: list[tuple[date, int, Event]] = []
        if paid_on is not None and not on_spot:
            timeline.append(
                (
                    paid_on,
                    0,
                    Event(
                        self._at(paid_on, 10 * 60),
                        clerk,
                        "case.payment",
                        f"登记罚款{fine}元（清源农商银行，凭证BENCH-S-{case_id}）",
                        {"state": "?"},
                    ),
                )
            )
        if filed_on is not None:
            timeline.append(
                (
                    filed_on,
                    1,
                    Event(
                        self._at(filed_on, 16 * 60),
                        lead.actor,
                        "case.file",
                        "当场处罚决定书报所属行政机关备案",
                        {"state": "?"},
                    ),
                )
            )
        timeline.sort(key=lambda t: (t[0], t[1]))
        paid = on_spot or fine == 0
        filed = False
        for _, kind, ev in timeline:
            if kind == 0:
                paid = True
            else:
                filed = True
            st = "closed" if (filed and paid and (kind == 1)) else "executing"
            events.append(Event(ev.at, ev.actor, ev.action, ev.summary, {"state": st}))
            if kind == 0 and filed:  # paid after the filing: the case is closed by case_close
                events.append(Event(ev.at + timedelta(minutes=5), head, "case.close", "结案", {"state": "closed"}))
        if archived_on is not None:
            events.append(
                Event(
                    self._at(archived_on, 11 * 60),
                    clerk,
                    "case.archive",
                    f"归档 {archive_number}",
                    {"state": "archived"},
                )
            )
        self.chains.chain("cases.case", case_id, events)

    def _general(self, unit: Any, found: date) -> None:  # noqa: PLR0912, PLR0915 - one case's whole history
        from fazhi.cases.models import (
            Case,
            CaseHandler,
            CaseReview,
            Decision,
            InvestigationReport,
            LegalReview,
            Payment,
            PreDecisionNotice,
            Service,
        )

        rng, sink, end, ctx = self.rng, self.sink, self.ctx["end"], self.ctx
        head, clerk, leader, reviewer = ctx["head"], ctx["clerk"], ctx["leader"], ctx["reviewer"]
        case_id = sink.next_id(Case)
        item = rng.choices(*self.general_items)[0]
        act = found - timedelta(days=rng.randint(0, 4))
        party_id, _kind, party_name = self._party(case_id, found)
        handlers = self._handlers(unit.pk, found)
        lead = handlers[0]
        lead_number = self._num("{agency}案源〔{year}〕{seq}号", "lead", found.year)
        street = rng.choice(STREETS)
        facts = f"当事人在{street}{item.name}。"
        roll = rng.random()
        stuck = rng.random() < 0.03  # stops where it is: supervision finds it overdue
        values: dict[str, Any] = {
            "created_at": self._at(found, 9 * 60),
            "procedure": "general",
            "source": rng.choices(*self.sources)[0],
            "power_item_id": item.pk,
            "party_id": party_id,
            "act_date": act,
            "discovered_on": found,
            "location": f"清源县{street}",
            "facts": facts,
            "lead_number": lead_number,
            "created_by_id": lead.actor.id,
        }
        events = [
            Event(
                self._at(found, 9 * 60),
                lead.actor,
                "case.open",
                f"案源登记 {lead_number}",
                {"state": "lead"},
                {
                    "state": "lead",
                    "source": values["source"],
                    "act_date": act.isoformat(),
                    "agency_id": unit.pk,
                    "discovered_on": found.isoformat(),
                    "power_item_id": item.pk,
                },
            ),
        ]
        state, last = "lead", found

        def finish() -> None:
            values["state"] = state
            values["updated_at"] = self._at(last, 17 * 60)
            self._case_row(case_id, unit, values)
            self.chains.chain("cases.case", case_id, events)

        registered = found + timedelta(days=rng.randint(1, 5))
        if roll < 0.06:  # 不予立案
            day = min(registered, end)
            values["not_registered_reason"] = "违法事实不能成立，不予立案。"
            state, last = "not_registered", day
            events.append(Event(self._at(day), head, "case.decline", "不予立案：违法事实不能成立", {"state": state}))
            return finish()
        if registered > end or (stuck and roll < 0.15):
            return finish()
        register_number = self._num("{agency}立字〔{year}〕第{seq}号", "register", registered.year)
        values.update(register_number=register_number, registered_on=registered, registered_by_id=head.id)
        for i, h in enumerate(handlers):
            sink.add(
                CaseHandler,
                {
                    "case_id": case_id,
                    "officer_id": h.officer_id,
                    "is_lead": i == 0,
                    "assigned_on": registered,
                    "certificate_id": h.cert_id,
                },
            )
        state, last = "investigating", registered
        events.append(
            Event(
                self._at(registered),
                head,
                "case.register",
                f"立案 {register_number}",
                {"state": state},
                {
                    "state": state,
                    "handlers": [h.officer_id for h in handlers],
                    "registered_on": registered.isoformat(),
                    "register_number": register_number,
                },
                {"state": "lead", "registered_on": None, "register_number": ""},
            )
        )
        # the outcome and the fine
        outcome = rng.choices(["penalty", "exempted", "no_penalty"], [90, 7, 3])[0]
        low, high = Decimal(item.fine_min or 200), Decimal(item.fine_max or 50000)
        fine = Decimal(0)
        if outcome == "penalty":
            fine = Decimal(rng.randrange(int(low), int(high) + 1, 100) if high > low else low).quantize(Decimal("0.01"))
        major = fine >= 50000
        values["is_major"] = major
        kinds = ["fine"] if outcome == "penalty" else []
        concluded = registered + timedelta(days=rng.randint(10, 60))
        if concluded > end or (stuck and rng.random() < 0.5):
            return finish()
        report_id = sink.add(
            InvestigationReport,
            {
                "case_id": case_id,
                "facts": facts,
                "evidence_summary": "现场检查笔录、询问笔录、现场照片、执法记录仪视频",
                "proposed_outcome": outcome,
                "penalty_kinds": kinds,
                "fine": fine,
                "submitted_on": concluded,
                "submitted_by_id": lead.actor.id,
            },
        )
        state, last = "reviewing", concluded
        events.append(
            Event(
                self._at(concluded),
                lead.actor,
                "case.conclude",
                f"提交调查终结报告，处理意见：{outcome}，拟罚款{fine}元",
                {"state": state},
                {"fine": str(fine), "state": state, "penalty_kinds": kinds},
            )
        )
        reviewed = concluded + timedelta(days=rng.randint(1, 3))
        if reviewed > end:
            return finish()
        sink.add(
            CaseReview,
            {
                "case_id": case_id,
                "report_id": report_id,
                "reviewer_id": leader.id,
                "opinion": "agree",
                "text": "事实清楚，证据确凿，同意。",
                "on": reviewed,
            },
        )
        last = reviewed
        events.append(
            Event(self._at(reviewed), leader, "case.case_review", "案件审核：同意", {"state": state}, {"state": state})
        )
        if major:
            legal_on = reviewed + timedelta(days=rng.randint(1, 5))
            if legal_on > end:
                return finish()
            sink.add(
                LegalReview,
                {
                    "case_id": case_id,
                    "report_id": report_id,
                    "reviewer_id": reviewer.id,
                    "opinion": "agree",
                    "text": "主体适格，事实清楚，证据确凿，程序合法，适用依据正确。",
                    "on": legal_on,
                },
            )
            last = reviewed = legal_on
            events.append(
                Event(
                    self._at(legal_on),
                    reviewer,
                    "case.legal_review",
                    "法制审核：同意",
                    {"state": state},
                    {"state": state},
                )
            )
        decided = reviewed
        if outcome == "penalty":
            served = reviewed + timedelta(days=rng.randint(1, 3))
            if served > end:
                return finish()
            until = served + timedelta(days=7)
            sink.add(
                PreDecisionNotice,
                {
                    "case_id": case_id,
                    "penalty_kinds": kinds,
                    "fine": fine,
                    "hearing_right": major,
                    "method": "direct",
                    "served_on": served,
                    "representation_until": until,
                    "hearing_request_until": until if major else None,
                    "issued_by_id": lead.actor.id,
                },
            )
            state, last = "notified", served
            events.append(
                Event(
                    self._at(served),
                    lead.actor,
                    "case.notify",
                    f"送达行政处罚事先告知书，陈述申辩期限至{until:%Y年%m月%d日}",
                    {"state": state},
                    {"state": state},
                )
            )
            decided = until + timedelta(days=rng.randint(1, 14))
        if decided > end or (stuck and rng.random() < 0.3):
            return finish()
        kind = "decision:penalty" if outcome == "penalty" else "decision:exempted"
        template = "{agency}罚决字〔{year}〕第{seq}号" if outcome == "penalty" else "{agency}不罚字〔{year}〕第{seq}号"
        number = self._num(template, kind, decided.year)
        sink.add(
            Decision,
            {
                "case_id": case_id,
                "outcome": outcome,
                "number": number,
                "decided_on": decided,
                "decided_by_id": head.id,
                "penalty_kinds": kinds,
                "fine": fine,
                "reasons": f"违反{item.name}的规定。",
                "decided_late": (decided - registered).days > 90,
            },
        )
        state, last = ("decided" if outcome == "penalty" else "closed"), decided
        events.append(
            Event(
                self._at(decided),
                head,
                "case.decide",
                f"作出决定：{number}，罚款{fine}元",
                {"state": state},
                {"fine": str(fine), "state": state, "number": number, "outcome": outcome},
            )
        )
        if outcome != "penalty":
            values["closed_on"] = decided
            values["close_summary"] = "不予行政处罚，结案。"
        else:
            served_on = decided + timedelta(days=rng.randint(0, 5))
            if served_on > end:
                return finish()
            sink.add(
                Service,
                {
                    "case_id": case_id,
                    "document": "decision",
                    "method": "direct",
                    "served_on": served_on,
                    "deemed_served_on": served_on,
                    "recipient": party_name,
                    "proof": "送达回证（当事人签收）",
                    "recorded_by_id": lead.actor.id,
                },
            )
            state, last = "executing", served_on
            events.append(
                Event(
                    self._at(served_on),
                    lead.actor,
                    "case.serve",
                    f"直接送达处罚决定书，{served_on:%Y年%m月%d日}视为送达",
                    {"state": state},
                    {"state": state},
                )
            )
            paid_on = served_on + timedelta(days=rng.randint(1, 14))
            if paid_on > end or stuck:
                return finish()
            sink.add(
                Payment,
                {
                    "case_id": case_id,
                    "kind": "fine",
                    "amount": fine,
                    "paid_on": paid_on,
                    "receipt_number": f"BENCH-G-{case_id}",
                    "bank": "清源农商银行",
                    "recorded_by_id": clerk.id,
                },
            )
            last = paid_on
            events.append(
                Event(
                    self._at(paid_on, 10 * 60),
                    clerk,
                    "case.payment",
                    f"登记罚款{fine}元（清源农商银行，凭证BENCH-G-{case_id}）",
                    {"state": state},
                )
            )
            closed = paid_on + timedelta(days=rng.randint(0, 5))
            if closed > end:
                return finish()
            values["closed_on"] = closed
            values["close_summary"] = "当事人已按期缴纳罚款。"
            state, last = "closed", closed
            events.append(Event(self._at(closed, 15 * 60), head, "case.close", "结案", {"state": state}))
        archived = last + timedelta(days=rng.randint(5, 60))
        if archived > end or rng.random() < 0.1:
            return finish()
        values["archived_on"] = archived
        values["archive_number"] = self._num("{agency}档〔{year}〕{seq}号", "archive", archived.year)
        state, last = "archived", archived
        events.append(
            Event(self._at(archived), clerk, "case.archive", f"归档 {values['archive_number']}", {"state": state})
        )
        return finish()


# --- imported cases --------------------------------------------------------------------------------------------


class ImportedCases:
    def __init__(self, *, sink: Sink, ctx: dict[str, Any], rng: random.Random) -> None:
        self.sink, self.ctx, self.rng = sink, ctx, rng
        self.batches: dict[int, int] = {}
        self.per_year: dict[int, int] = defaultdict(int)
        self.lines: dict[int, int] = defaultdict(int)
        items = ctx["items"]
        self.simple_items = (
            [items[c] for c, w, _ in ITEMS if w and c in items],
            [w for c, w, _ in ITEMS if w and c in items],
        )
        self.general_items = (
            [items[c] for c, _, w in ITEMS if w and c in items],
            [w for c, _, w in ITEMS if w and c in items],
        )
        self.sources = [s for s, _ in SOURCES], [w for _, w in SOURCES]

    def _batch(self, year: int) -> int:
        from fazhi.imports.models import ImportBatch

        if year not in self.batches:
            self.batches[year] = self.sink.add(
                ImportBatch,
                {
                    "kind": "cases",
                    "filename": f"{year}年历史案件（基准数据）.csv",
                    "sha256": hashlib.sha256(f"bench-{year}-{self.ctx['seed']}".encode()).hexdigest(),
                    "imported_by_id": self.ctx["admin"].id,
                    "imported_at": self.ctx["now"],
                    "row_count": 0,
                },
            )
        return self.batches[year]

    def add(self, *, found: date) -> None:
        from fazhi.imports.models import HistoricalCase

        rng, end = self.rng, self.ctx["end"]
        simple = rng.random() < 0.95
        item = rng.choices(*(self.simple_items if simple else self.general_items))[0]
        person = rng.random() < 0.62
        registered = found if simple else found + timedelta(days=rng.randint(0, 5))
        decided = registered if simple else registered + timedelta(days=rng.randint(20, 85))
        if decided > end:
            decided = registered = found = end
        outcome = (
            "penalty" if simple else rng.choices(["penalty", "no_penalty", "exempted", "withdrawn"], [88, 4, 6, 2])[0]
        )
        if simple:
            cap = 200 if person else 3000
            low, high = max(int(item.fine_min or 0), 50), min(int(item.fine_max or cap), cap)
            fine = Decimal(rng.randrange(low, high + 1, 50) if high >= low else 0)
        elif outcome == "penalty":
            low, high = int(item.fine_min or 200), int(item.fine_max or 50000)
            fine = Decimal(rng.randrange(low, high + 1, 100) if high > low else low)
        else:
            fine = Decimal(0)
        paid = decided + timedelta(days=rng.randint(0 if simple else 1, 14)) if fine else None
        if paid is not None and paid > end:
            paid = None
        closed = (paid or decided) + timedelta(days=rng.randint(0, 10))
        year = decided.year
        self.per_year[year] += 1
        n = self.per_year[year]
        batch = self._batch(year)
        self.lines[batch] += 1
        self.sink.add(
            HistoricalCase,
            {
                "batch_id": batch,
                "line": self.lines[batch] + 1,
                "case_number": f"清当历〔{year}〕第{n:07d}号" if simple else f"清城管历罚〔{year}〕第{n:06d}号",
                "procedure": "simple" if simple else "general",
                "source": rng.choices(*self.sources)[0],
                "item_code": item.code,
                "power_item_id": item.pk,
                "domain": item.domain,
                "agency_id": rng.choice(self.ctx["units"]).pk,
                "party_kind": "person" if person else "organization",
                "party_name": (rng.choice(SURNAMES) + "某" + str(n))
                if person
                else f"清源县历史{n}{rng.choice(COMPANIES)}有限公司",
                "act_date": found - timedelta(days=0 if simple else rng.randint(0, 4)),
                "registered_on": registered,
                "decided_on": decided,
                "outcome": outcome,
                "fine": fine.quantize(Decimal("0.01")),
                "is_major": fine >= 50000,
                "review_opinions": 1 if fine >= 50000 else 0,
                "served_on": decided,
                "paid_on": paid,
                "closed_on": closed if closed <= end else None,
            },
        )

    def finish(self, cursor: Any) -> None:
        for _year, batch in self.batches.items():
            cursor.execute("UPDATE imports_importbatch SET row_count = %s WHERE id = %s", [self.lines[batch], batch])


# --- the run ---------------------------------------------------------------------------------------------------


def add_search_grams(sink: Sink) -> None:
    """The case list's search key of the cases in the chunk, as the services keep it (``fazhi.cases.search``):
    the grams of each case's final 案源编号, 立案编号, party name and 决定书文号."""
    from fazhi.cases.models import Case, CaseSearchGram, Decision, Party
    from fazhi.cases.search import gram_values

    ci, pi, di = (sink.specs[m][1] for m in (Case, Party, Decision))
    names = {r[pi["id"]]: r[pi["name"]] for r in sink.rows[Party]}
    numbers = {r[di["case_id"]]: r[di["number"]] for r in sink.rows[Decision]}
    for r in list(sink.rows[Case]):
        case_id = r[ci["id"]]
        texts = [r[ci["lead_number"]], r[ci["register_number"]], names.get(r[ci["party_id"]]), numbers.get(case_id)]
        for _, gram, created_at in gram_values(case_id, r[ci["created_at"]], texts):
            sink.add(CaseSearchGram, {"case_id": case_id, "gram": gram, "created_at": created_at})


def days(rng: random.Random, start: date, span: int, count: int) -> Iterator[date]:
    """``count`` dates over the period in order, as a database grows (the ids and the indexes on dates follow
    time), a little more recent than old (a bureau's case load grows ~5 % a year)."""
    for i in range(count):
        u = (i + rng.random()) / count
        yield start + timedelta(days=min(span, int(span * u**0.85)))


def build(  # noqa: PLR0915 - the whole load, step by step
    *,
    live: int,
    imported: int,
    agency_code: str,
    seed: int,
    chunk: int,
    years: int,
    fk_triggers: bool = False,
    check_fks: bool = True,
) -> dict[str, Any]:
    from fazhi.accounts.models import User
    from fazhi.agencies.models import Agency, AgencyKind
    from fazhi.cases.models import (
        Case,
        CaseHandler,
        CaseReview,
        CaseSearchGram,
        Decision,
        FormStock,
        InvestigationReport,
        LegalReview,
        Party,
        Payment,
        PreDecisionNotice,
        Service,
    )
    from fazhi.core import clock
    from fazhi.core.models import AuditChainHead, AuditEvent
    from fazhi.demo.services import DEMO_REGION
    from fazhi.imports.models import HistoricalCase, ImportBatch
    from fazhi.powers.models import PowerItem
    from fazhi.powers.selectors import rule_set_in_force

    agency = Agency.objects.filter(code=agency_code).first()
    if agency is None:
        raise SystemExit(f"没有编码为「{agency_code}」的机构：先在该数据库上运行 fazhi demo。")
    legal_subject = agency.legal_subject()
    units = list(Agency.objects.filter(path__startswith=agency.path, kind=AgencyKind.SQUAD).order_by("pk")) or [agency]
    end = clock.today()
    start = end - timedelta(days=round(365.25 * years))
    rule_set = rule_set_in_force(owner=legal_subject, on=end)
    if rule_set is None:
        raise SystemExit(f"{legal_subject.name}没有施行中的权责清单。")
    items = {i.code: i for i in PowerItem.objects.filter(rule_set=rule_set)}

    def user(name: str) -> Actor:
        u = User.objects.get(username=name)
        return Actor(u.pk, u.display_name or u.username)

    say(f"机构 {legal_subject.name}（{', '.join(u.name for u in units)}），{start} 至 {end}，种子 {seed}")
    pools = bench_officers(bureau=legal_subject, units=units, start=start, end=end)
    ctx: dict[str, Any] = {
        "legal_subject": legal_subject,
        "units": units,
        "end": end,
        "items": items,
        "pools": pools,
        "region": DEMO_REGION,
        "numbers": Numbers(legal_subject),
        "head": user("juzhang"),
        "clerk": user("neiqin"),
        "leader": user("zhongduizhang"),
        "reviewer": user("fazhi"),
        "admin": user("admin"),
        "seed": seed,
        "now": clock.now(),
    }
    models = [
        Party,
        Case,
        CaseHandler,
        InvestigationReport,
        CaseReview,
        LegalReview,
        PreDecisionNotice,
        Decision,
        CaseSearchGram,
        Service,
        Payment,
        AuditEvent,
        AuditChainHead,
        ImportBatch,
        HistoricalCase,
        FormStock,
    ]
    sink = Sink(models, fk_triggers=fk_triggers)
    chains = Chains(sink)
    rng = random.Random(seed)
    span = (end - start).days
    t0 = time.perf_counter()
    figures: dict[str, Any] = {}

    gen = LiveCases(sink=sink, chains=chains, ctx=ctx, rng=rng)
    when = days(rng, start, span, live)
    done = 0
    while done < live:
        n = min(chunk, live - done)
        for _ in range(n):
            gen.add(found=next(when))
        add_search_grams(sink)
        sink.flush(chains.counter_saver())
        done += n
        rate = done / (time.perf_counter() - t0)
        say(f"  在办/已办案件 {done:>9,}/{live:,}  {rate:,.0f} 件/秒")
    t_live = time.perf_counter() - t0
    for year, used in sorted(gen.forms.items()):  # the pre-printed forms the simple cases used, one stock a year
        sink.add(
            FormStock,
            {
                "agency_id": legal_subject.pk,
                "prefix": f"清简B{year}-",
                "first_no": 1,
                "last_no": used,
                "next_no": used + 1,
                "width": 7,
                "received_on": date(year, 1, 1),
            },
        )
    sink.flush()

    t1 = time.perf_counter()
    imp = ImportedCases(sink=sink, ctx=ctx, rng=random.Random(seed + 1))
    when = days(random.Random(seed + 2), start, span, imported)
    done = 0
    while done < imported:
        n = min(chunk, imported - done)
        for _ in range(n):
            imp.add(found=next(when))
        sink.flush()
        done += n
        rate = done / (time.perf_counter() - t1)
        say(f"  导入历史案件 {done:>9,}/{imported:,}  {rate:,.0f} 件/秒")
    sink.flush(imp.finish)
    t_imported = time.perf_counter() - t1
    sink.close()
    ctx["numbers"].save()
    t_loaded = time.perf_counter() - t0
    sink.reset_sequences()
    figures.update(
        live_generated_seconds=round(t_live, 1),
        imported_generated_seconds=round(t_imported, 1),
        loaded_seconds=round(t_loaded, 1),
        rows={m._meta.db_table: n for m, n in sink.written.items() if n},
        states=dict(sorted(gen.counts.items())),
        audit_events=chains.gseq - chains.start_gseq,
        write_seconds={k: round(v, 1) for k, v in sorted(sink.seconds.items(), key=lambda kv: -kv[1])},
    )
    t2 = time.perf_counter()
    analyze(sink)
    figures["analyze_seconds"] = round(time.perf_counter() - t2, 1)
    if check_fks:
        t3 = time.perf_counter()
        bad = {k: v for k, v in sink.check_foreign_keys().items() if v}
        figures["fk_check_seconds"] = round(time.perf_counter() - t3, 1)
        if bad:
            raise SystemExit(f"外键指向不存在的行：{bad}")
    figures["hooks"] = run_hooks()
    t4 = time.perf_counter()
    figures["todo_changed"] = fill_todo()
    figures["hooks"]["cases.todo"] = round(time.perf_counter() - t4, 1)
    figures["total_seconds"] = round(time.perf_counter() - t0, 1)
    return figures


def analyze(sink: Sink) -> None:
    with sink.connection.cursor() as c:
        if sink.vendor == "postgresql":
            for model in sink.models:
                c.execute(f"ANALYZE {model._meta.db_table}")
        else:
            c.execute("ANALYZE")


def run_hooks() -> dict[str, float]:
    """Call ``fazhi.<app>.derived.rebuild(log=…)`` of each app in ``HOOKS`` that has one."""
    timings: dict[str, float] = {}
    for app in HOOKS:
        try:
            module = importlib.import_module(f"fazhi.{app}.derived")
        except ModuleNotFoundError as exc:
            if exc.name not in (f"fazhi.{app}.derived", f"fazhi.{app}"):
                raise
            continue
        t = time.perf_counter()
        say(f"重建派生数据：fazhi.{app}.derived.rebuild")
        module.rebuild(log=say)
        timings[app] = round(time.perf_counter() - t, 1)
    return timings


def fill_todo() -> int:
    """待办's column ``Case.todo_due`` of every case, by the code the services' maintenance runs
    (``fazhi.cases.todo``): the rows are written without it, so each value is the services' own."""
    from fazhi.cases import todo

    say("待办最早期限：fazhi.cases.todo.rebuild")
    return todo.rebuild(log=say)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--live", type=int, default=100_000)
    parser.add_argument("--imported", type=int, default=100_000)
    parser.add_argument("--agency", default="清城管", help="机构编码（默认示范局 清城管）")
    parser.add_argument("--database-url", default=None, help="默认 FAZHI_DATABASE_URL")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--chunk", type=int, default=20_000, help="每个事务写入的案件数")
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument(
        "--fk-triggers", action="store_true", help="PostgreSQL：写入时保留外键触发器（默认关闭，写完后逐一校验外键）"
    )
    parser.add_argument("--no-fk-check", action="store_true", help="写完后不校验外键")
    args = parser.parse_args(argv)
    setup_django(args.database_url)
    from django.db import connection

    say(f"数据库：{connection.vendor} {connection.settings_dict.get('NAME')}")
    figures = build(
        live=args.live,
        imported=args.imported,
        agency_code=args.agency,
        seed=args.seed,
        chunk=args.chunk,
        years=args.years,
        fk_triggers=args.fk_triggers,
        check_fks=not args.no_fk_check,
    )
    say(json.dumps(figures, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
