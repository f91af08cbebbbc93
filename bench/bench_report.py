"""The annual report and the dashboard on a dataset database, beside a hand-written single SQL of the same figures.

    bench/bench_report.py [--database-url URL] [--repeat 3] [--agency CODE] [--year YYYY] [--before-checkout DIR]

Times (medians of ``--repeat``): the annual report's figures in process (``annual_figures``), the annual report by
the CLI (``manage.py report annual --format json``, a fresh process as an operator runs it), the dashboard's data
(``dashboard`` of the statistics page's default filter), and the anchor: one hand-written SQL statement over both
sources computing the report's case counts and sums per procedure × source × domain × item (what
``fazhi.reports.cube`` computes, without the ORM, and without the rollups). The annual report and the dashboard
read the rollups of closed periods where they are built (``fazhi reports rebuild-rollups``); the "cases only"
measures are the same calls with no period counted as rolled up (the single pass over the cases, as before).
``--before-checkout`` also times the CLI of another checkout (e.g. ``/work/main`` before the single pass) on the
same database. Prints figures and ratios to the anchor; asserts nothing. Read-only: it never writes to the
database.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import DEFAULT_BENCH_URL, ROOT, say, setup_django

_ANCHOR = """
WITH f AS (
  SELECT c.procedure AS procedure, c.source AS source, p.domain AS domain, p.code AS item, c.is_major AS major,
         (a.kind = 'township') AS delegated, c.registered_on AS reg, d.decided_on AS dec, d.outcome AS outcome,
         d.fine AS fine, d.confiscation AS conf, c.closed_on AS closed, NULL AS paid, 0 AS opinions
  FROM cases_case c
  JOIN agencies_agency a ON a.id = c.agency_id
  JOIN powers_poweritem p ON p.id = c.power_item_id
  LEFT JOIN cases_decision d ON d.case_id = c.id
  WHERE c.registered_on IS NOT NULL AND a.path LIKE %(path)s
  UNION ALL
  SELECT h.procedure, h.source, h.domain, h.item_code, h.is_major, h.is_delegated, h.registered_on, h.decided_on,
         h.outcome, h.fine, h.confiscation, h.closed_on, h.paid_on, h.review_opinions
  FROM imports_historicalcase h
  JOIN agencies_agency a ON a.id = h.agency_id
  WHERE a.path LIKE %(path)s
)
SELECT procedure, source, domain, item,
  SUM(CASE WHEN reg BETWEEN %(s)s AND %(e)s THEN 1 ELSE 0 END),
  SUM(CASE WHEN reg BETWEEN %(ls)s AND %(le)s THEN 1 ELSE 0 END),
  SUM(CASE WHEN reg BETWEEN %(s)s AND %(e)s AND major THEN 1 ELSE 0 END),
  SUM(CASE WHEN reg BETWEEN %(s)s AND %(e)s AND delegated THEN 1 ELSE 0 END),
  SUM(CASE WHEN reg < %(s)s THEN 1 ELSE 0 END),
  SUM(CASE WHEN dec BETWEEN %(s)s AND %(e)s THEN fine END),
  SUM(CASE WHEN dec BETWEEN %(s)s AND %(e)s THEN conf END),
  SUM(CASE WHEN dec BETWEEN %(ls)s AND %(le)s THEN fine END),
  SUM(CASE WHEN dec BETWEEN %(s)s AND %(e)s AND outcome = 'exempted' THEN 1 ELSE 0 END),
  SUM(CASE WHEN dec BETWEEN %(s)s AND %(e)s AND major THEN 1 ELSE 0 END),
  SUM(CASE WHEN dec BETWEEN %(s)s AND %(e)s AND opinions > 0 THEN 1 ELSE 0 END),
  SUM(CASE WHEN dec BETWEEN %(s)s AND %(e)s THEN opinions ELSE 0 END),
  SUM(CASE WHEN paid BETWEEN %(s)s AND %(e)s THEN fine END),
  SUM(CASE WHEN paid BETWEEN %(ls)s AND %(le)s THEN fine END),
  SUM(CASE WHEN closed BETWEEN %(s)s AND %(e)s AND procedure = 'general' THEN 1 ELSE 0 END),
  SUM(CASE WHEN closed BETWEEN %(s)s AND %(e)s AND procedure = 'general' THEN {days} END)
FROM f
GROUP BY procedure, source, domain, item
"""


_BEFORE = """
import statistics, sys, time
sys.path.insert(0, ".")
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()
from django.db import connection
from django.test.utils import CaptureQueriesContext
from fazhi.agencies.models import Agency
from fazhi.reports.selectors import annual_figures
agency = Agency.objects.get(code={code!r})
times = []
for _ in range({repeat}):
    t = time.perf_counter()
    annual_figures(agency=agency, year={year}, include_subordinates=True)
    times.append(time.perf_counter() - t)
with CaptureQueriesContext(connection) as ctx:
    annual_figures(agency=agency, year={year}, include_subordinates=True)
print(statistics.median(times), len(ctx.captured_queries))
"""


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> None:
    subprocess.run(command, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL)


def _median(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:  # noqa: PLR0915 — a script: read top to bottom
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=os.environ.get("FAZHI_DATABASE_URL", DEFAULT_BENCH_URL))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--agency", default="", help="代字 of the agency (default: the bureau at the tree's top)")
    parser.add_argument("--year", type=int, default=0, help="default: the year with most registered cases")
    parser.add_argument("--before-checkout", default="", help="another checkout whose CLI to time on the same db")
    args = parser.parse_args()
    setup_django(args.database_url)

    from django.db import connection
    from django.db.models import Count
    from django.db.models.functions import ExtractYear
    from django.test.utils import CaptureQueriesContext

    from fazhi.agencies.models import Agency
    from fazhi.cases.models import Case
    from fazhi.imports.models import HistoricalCase
    from fazhi.reports.selectors import annual_figures, dashboard, year_filter

    agency = Agency.objects.get(code=args.agency) if args.agency else Agency.objects.filter(parent__isnull=True).first()
    assert agency is not None, "no agency: load a demo and build a dataset first"
    live, imported = Case.objects.count(), HistoricalCase.objects.count()
    year = args.year
    if not year:
        per_year: dict[int, int] = {}
        for model in (Case, HistoricalCase):
            rows = (
                model.objects.filter(registered_on__isnull=False)
                .annotate(y=ExtractYear("registered_on"))
                .values("y")
                .annotate(n=Count("pk"))
            )
            for row in rows:
                per_year[row["y"]] = per_year.get(row["y"], 0) + row["n"]
        year = max(per_year, key=lambda y: per_year[y])
    say(f"database {connection.vendor}, {live:,} live and {imported:,} imported cases; {agency.code} {year}")

    params = {
        "path": agency.path + "%",
        "s": date(year, 1, 1),
        "e": date(year, 12, 31),
        "ls": date(year - 1, 1, 1),
        "le": date(year - 1, 12, 31),
    }
    days = "(closed - reg)" if connection.vendor == "postgresql" else "(julianday(closed) - julianday(reg))"
    anchor_sql = _ANCHOR.format(days=days)

    def anchor() -> None:
        with connection.cursor() as cur:
            cur.execute(anchor_sql, params)
            cur.fetchall()

    def annual() -> None:
        annual_figures(agency=agency, year=year, include_subordinates=True)

    flt = year_filter(agency, year, True)

    def board() -> None:
        dashboard(flt)

    from fazhi.reports import derived

    def cases_only(fn: Callable[[], None]) -> Callable[[], None]:
        """``fn`` with no period counted as rolled up: the cases alone, as before the rollups."""

        def run() -> None:
            saved = derived.clean_periods
            derived.clean_periods = lambda *a, **k: {}  # type: ignore[assignment]
            try:
                fn()
            finally:
                derived.clean_periods = saved  # type: ignore[assignment]

        return run

    env = {**os.environ, "FAZHI_DATABASE_URL": args.database_url}

    def cli(checkout: Path) -> Callable[[], None]:
        command = [sys.executable, "manage.py", "report", "annual", "--agency", agency.code, "--year", str(year)]
        command += ["--format", "json", "--include-subordinates"]

        def run() -> None:
            subprocess.run(command, cwd=checkout, env=env, check=True, stdout=subprocess.DEVNULL)

        return run

    anchor()  # warm the cache once for every measure alike
    measures: list[tuple[str, Callable[[], None]]] = [
        ("anchor: one hand-written SQL", anchor),
        ("annual report, in process", annual),
        ("annual report, by the CLI", cli(ROOT)),
        ("dashboard data (/reports/ default)", board),
        ("annual report, in process, cases only (no rollups)", cases_only(annual)),
        ("dashboard data, cases only (no rollups)", cases_only(board)),
    ]
    if args.before_checkout:
        measures.append((f"annual report, CLI of {args.before_checkout}", cli(Path(args.before_checkout))))
    startup = [sys.executable, "manage.py", "shell", "-c", "pass"]
    measures.append(
        ("process start alone (manage.py shell -c pass)", lambda: _run(startup, ROOT, env))  # the CLI's floor
    )
    results: dict[str, float] = {}
    for name, fn in measures:
        results[name] = _median(fn, args.repeat)
    if args.before_checkout:  # the other checkout's figures in its own process, timed there
        snippet = _BEFORE.format(code=agency.code, year=year, repeat=args.repeat)
        out = subprocess.run(
            [sys.executable, "-c", snippet], cwd=args.before_checkout, env=env, check=True, capture_output=True
        )
        seconds, queries = out.stdout.decode().split()[-2:]
        results[f"annual report, in process, {args.before_checkout}"] = float(seconds)
        before_queries = int(queries)
    base = results["anchor: one hand-written SQL"]
    counts = {}
    for name, fn in (("annual report, in process", annual), ("dashboard data (/reports/ default)", board)):
        with CaptureQueriesContext(connection) as ctx:
            fn()
        counts[name] = len(ctx.captured_queries)
    if args.before_checkout:
        counts[f"annual report, in process, {args.before_checkout}"] = before_queries
    say(f"{'measure':52} {'median s':>9} {'× anchor':>9} {'queries':>8}")
    for name, seconds in results.items():
        q = counts.get(name, "")
        say(f"{name:52} {seconds:9.3f} {seconds / base:9.2f} {q!s:>8}")


if __name__ == "__main__":
    main()
