"""Benchmark of ``fazhi supervise`` on ``--cases`` cases (100,000 by default). Prints figures; asserts nothing
about time.

    .venv/bin/python bench/bench_supervise.py [--cases 100000] [--repeat 3] [--changed 0.01] [--jobs N]
    FAZHI_DATABASE_URL=postgres://…/copy_of_bench_200k .venv/bin/python bench/bench_supervise.py --existing \
        --date 2026-12-03 --repeat 3          # the cases of a dataset built by bench/build_dataset.py, as they are

The cases are written with ``bulk_create`` (not through the services) into a throwaway SQLite database under a
temporary folder, or into PostgreSQL when ``FAZHI_DATABASE_URL`` points there (the tables are migrated and the
rows are left behind: use a scratch database; a second run on it reuses them). Each repeat empties the alerts,
the due-date index and the cursors, then times a first (cold) run, a second run over the unchanged data on the
same day, a run on the next day (it re-evaluates only the records whose due date has come), and a run after
``--changed`` of the cases (1 %) got an audit event as a service would write; the medians are printed.

The anchor, timed just before each repeat on the same rows, is one hand-written SQL that reads every case with
its decision, its services and the sum of its payments (what the scan must at least read); each figure is also
printed as a ratio to it, so runs on a loaded machine compare.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _setup(tmp: str) -> str:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("FAZHI_DEBUG", "1")
    os.environ["FAZHI_VAR_DIR"] = tmp
    url = os.environ.get("FAZHI_DATABASE_URL", "")
    if not url.startswith("postgres"):
        os.environ["FAZHI_DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return "PostgreSQL" if url.startswith("postgres") else "SQLite"


def _populate(n: int) -> None:
    from fazhi.accounts.models import Role
    from fazhi.accounts.services import user_create
    from fazhi.agencies.models import AgencyKind
    from fazhi.agencies.services import agency_create, certificate_issue, officer_create
    from fazhi.cases.models import Case, CaseHandler, CaseState, Decision, Party, Payment, Service
    from fazhi.powers.models import PowerItem
    from fazhi.powers.sample import load_sample_power_list
    from fazhi.rules import uscc_check_char

    admin = user_create(
        actor=None,
        username="bench",
        password="Bench-12345x",
        display_name="基准",
        agency=None,
        roles=[Role.SYSTEM_ADMIN],
        is_superuser=True,
    )
    body = "11430281MB1000009"
    bureau = agency_create(
        actor=admin,
        kind=AgencyKind.BUREAU,
        name="基准局",
        code="基准",
        region_code="430281",
        uscc=body + uscc_check_char(body),
    )
    squads = [
        agency_create(
            actor=admin, kind=AgencyKind.SQUAD, name=f"第{i}中队", code=f"基准{i}", region_code="430281", parent=bureau
        )
        for i in range(1, 6)
    ]
    load_sample_power_list(actor=admin, owner=bureau, effective_from=date(2020, 1, 1))
    item = PowerItem.objects.first()
    assert item is not None
    officers, certificates = [], []
    for i in range(20):
        officer = officer_create(actor=admin, agency=squads[i % 5], name=f"队员{i}")
        certificates.append(
            certificate_issue(
                actor=admin,
                officer=officer,
                number=f"BENCH{i:04d}",
                issuer="基准市人民政府",
                valid_from=date(2018, 1, 1),
                valid_until=date(2030, 12, 31),
            )
        )
        officers.append(officer)
    parties = Party.objects.bulk_create([Party(kind="person", name=f"当事人{i}") for i in range(100)])
    start = date(2024, 1, 1)
    states = (
        [CaseState.ARCHIVED] * 5 + [CaseState.CLOSED] * 1 + [CaseState.EXECUTING] * 2 + [CaseState.INVESTIGATING] * 2
    )
    batch = 5000
    for offset in range(0, n, batch):
        cases = []
        for i in range(offset, min(n, offset + batch)):
            registered = start + timedelta(days=i % 600)
            cases.append(
                Case(
                    agency=squads[i % 5],
                    legal_subject=bureau,
                    procedure="general",
                    source="patrol",
                    state=states[i % len(states)],
                    power_item=item,
                    party=parties[i % 100],
                    act_date=registered - timedelta(days=5),
                    discovered_on=registered,
                    lead_number=f"B{i:07d}",
                    register_number=f"基准立〔2024〕{i}号",
                    registered_on=registered,
                    created_by=admin,
                )
            )
        cases = Case.objects.bulk_create(cases)
        handlers, decisions, services, payments = [], [], [], []
        for j, case in enumerate(cases):
            i = offset + j
            assert case.registered_on is not None
            for k in (0, 1):
                officer = officers[(i + k * 7) % 20]
                handlers.append(
                    CaseHandler(
                        case=case,
                        officer=officer,
                        is_lead=k == 0,
                        assigned_on=case.registered_on,
                        certificate=certificates[(i + k * 7) % 20],
                    )
                )
            if case.state != CaseState.INVESTIGATING:
                decided = case.registered_on + timedelta(days=40)
                decisions.append(
                    Decision(
                        case=case,
                        outcome="penalty",
                        decided_on=decided,
                        decided_by=admin,
                        penalty_kinds=["fine"],
                        fine=Decimal("1000.00"),
                        reasons="基准",
                    )
                )
                services.append(
                    Service(
                        case=case,
                        document="decision",
                        method="direct",
                        served_on=decided,
                        deemed_served_on=decided,
                        recipient="当事人",
                        proof="回证",
                        recorded_by=admin,
                    )
                )
                if case.state != CaseState.EXECUTING:
                    payments.append(
                        Payment(
                            case=case,
                            kind="fine",
                            amount=Decimal("1000.00"),
                            paid_on=decided + timedelta(days=5),
                            receipt_number=f"R{i:07d}",
                            bank="基准银行",
                            recorded_by=admin,
                        )
                    )
        CaseHandler.objects.bulk_create(handlers)
        Decision.objects.bulk_create(decisions)
        Service.objects.bulk_create(services)
        Payment.objects.bulk_create(payments)


ANCHOR_SQL = """
SELECT c.id, c.state, d.decided_on, d.fine,
       (SELECT COUNT(*) FROM cases_service s WHERE s.case_id = c.id),
       (SELECT COALESCE(SUM(p.amount), 0) FROM cases_payment p WHERE p.case_id = c.id)
FROM cases_case c LEFT JOIN cases_decision d ON d.case_id = c.id
"""


def _anchor() -> tuple[float, int]:
    from django.db import connection

    t = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(ANCHOR_SQL)
        rows = len(cursor.fetchall())
    return time.perf_counter() - t, rows


def _touch(fraction: float) -> int:
    """Change ``fraction`` of the candidate cases as a service would: one audit event each, in its transaction."""
    from django.db import transaction

    from fazhi.cases.models import Case, CaseState
    from fazhi.core.audit import audit_record

    ids = list(Case.objects.exclude(state=CaseState.LEAD).order_by("pk").values_list("pk", flat=True))
    step = max(1, round(1 / fraction))
    chosen = ids[::step]
    for part in range(0, len(chosen), 500):
        with transaction.atomic():
            for case in Case.objects.filter(pk__in=chosen[part : part + 500]):
                audit_record(actor=None, entity=case, action="bench.touch", summary="基准：模拟一次办理")
    return len(chosen)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--date", default="2025-09-01")
    parser.add_argument("--changed", type=float, default=0.01, help="share of cases changed before the last run")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: the CPU count)")
    parser.add_argument(
        "--existing", action="store_true", help="scan the cases already in the database (a built dataset), add none"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fazhi-bench-") as tmp:
        engine = _setup(tmp)
        from fazhi.cases.models import Case
        from fazhi.supervision.models import Alert, ScanCursor, ScanStamp
        from fazhi.supervision.scan import default_jobs
        from fazhi.supervision.services import supervise

        jobs = args.jobs or default_jobs()
        t0 = time.perf_counter()
        if args.existing:
            args.cases = Case.objects.count()
            print(f"{engine}: the {args.cases} cases of the dataset, {jobs} job(s)")
        elif Case.objects.count() != args.cases:
            _populate(args.cases)
            print(f"{engine}: {args.cases} cases created with bulk_create in {time.perf_counter() - t0:.1f} s")
        else:
            print(f"{engine}: reusing the {args.cases} cases already in the database")
        today = date.fromisoformat(args.date)
        names = ("first", "unchanged", "next day", f"{args.changed:.0%} changed")
        figures: dict[str, list[float]] = {n: [] for n in names}
        anchors: list[float] = []
        for r in range(args.repeat):
            anchor, rows = _anchor()
            anchors.append(anchor)
            Alert.objects.all().delete()
            ScanStamp.objects.all().delete()
            ScanCursor.objects.all().delete()
            runs = []
            for name, day in zip(
                names, (today, today, today + timedelta(days=1), today + timedelta(days=1)), strict=True
            ):
                if name == names[3]:
                    touched = _touch(args.changed)
                t = time.perf_counter()
                runs.append(supervise(today=day, jobs=jobs))
                figures[name].append(time.perf_counter() - t)
                print(f"    {name}: {figures[name][-1]:.2f} s (scanned {runs[-1].scanned})", flush=True)
            print(
                f"  run {r + 1}: anchor {anchor:.2f} s ({rows} rows); "
                + "; ".join(
                    f"{n} {figures[n][-1]:.2f} s (scanned {run.scanned}, raised {run.raised}, "
                    f"updated {run.updated}, resolved {run.resolved})"
                    for n, run in zip(names, runs, strict=True)
                )
                + f"; {touched} cases touched"
            )
        anchor = statistics.median(anchors)
        print(f"{engine}, {args.cases} cases, medians of {args.repeat}: anchor {anchor:.2f} s")
        for n in names:
            ratio = statistics.median(f / a for f, a in zip(figures[n], anchors, strict=True))
            print(f"  {n:>12}: {statistics.median(figures[n]):7.2f} s  ({ratio:.2f}x the anchor)")


if __name__ == "__main__":
    main()
