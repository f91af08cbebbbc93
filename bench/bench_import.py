"""Time ``fazhi import cases`` on 100,000 generated rows (SQLite; PostgreSQL if FAZHI_DATABASE_URL is set).

    .venv/bin/python bench/bench_import.py [--rows 100000] [--runs 3] [--format csv|xlsx]

Builds a throw-away database (a temporary SQLite file, or a test database on the PostgreSQL server), a bureau
with the sample power list, writes the file to disk, and imports it ``--runs`` times from the file, streamed
(emptying the table between runs); prints each run, the median and the peak memory of the process. On PostgreSQL
each run is also compared with ``COPY`` of the same rows into a table of the same shape and indexes. Each run
first reads the file alone (``open_rows``, every row, no
validation, no database: the reader's own time), then imports it. A benchmark prints figures; it asserts nothing.

The machine is shared, so each run is preceded by an anchor (a fixed pure-Python workload, ``anchor()``) and the
run is also printed as a ratio to it: the median ratio compares code before and after a change even when the
load of the machine differs between the two measurements.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CODES = ["SL-GH-001", "SL-GH-002", "SL-SZ-001", "SL-HJ-001", "SL-HJ-002", "SL-ZT-001", "SL-ZT-002", "SL-SR-001"]
SOURCES = ["巡查发现", "投诉举报", "上级交办", "非现场执法", "数字城管"]


def anchor() -> float:
    """Seconds taken by a fixed pure-Python workload (~0.5 s on a quiet machine): dict and string work like the
    import's, no I/O, no database."""
    t0 = time.perf_counter()
    table: dict[str, int] = {}
    for i in range(400_000):
        key = f"BENCH-{i % 5000:07d}"
        table[key] = table.get(key, 0) + len(key.strip().split("-")[1])
    sorted(table.items())
    return time.perf_counter() - t0


def generate(rows: int, fmt: str, path: Path) -> None:
    """Write the file to ``path``: a .csv row by row (nothing held), an .xlsx through openpyxl's write-only mode."""
    from fazhi.imports.parsing import COLUMNS
    from fazhi.rules import uscc_check_char

    header = [name for name, _ in COLUMNS]
    base = date(2023, 1, 2)

    def records() -> Iterator[list[str]]:
        yield from (_record(i, base, body_of) for i in range(rows))

    def body_of(i: int) -> str:
        body = f"91430281MA{i:07d}"
        return body + uscc_check_char(body)

    if fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet()
        ws.append(header)
        for r in records():
            ws.append(r)
        wb.save(path)
        return
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(records())


def _record(i: int, base: date, body_of: Callable[[int], str]) -> list[str]:
    act = base + timedelta(days=i % 600)
    simple = i % 3 == 0
    return [
        f"BENCH-{i:07d}",
        "简易" if simple else "一般",
        SOURCES[i % len(SOURCES)],
        CODES[i % len(CODES)],
        "",
        "示城管东",
        "单位",
        f"企业{i}",
        body_of(i),
        act.isoformat(),
        (act + timedelta(days=3)).isoformat(),
        (act + timedelta(days=3 if simple else 40)).isoformat(),
        "处罚",
        "200" if simple else f"{1000 + i % 5000}.50",
        "0",
        "是" if i % 17 == 0 else "否",
        "0" if simple else "1",
        "否",
        "",
        "",
        "",
    ]


def setup_django(database_url: str | None, tmp: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["FAZHI_DEBUG"] = "0"
    os.environ.setdefault("FAZHI_SECRET_KEY", "bench-only-throw-away-key")  # production settings need one
    os.environ.setdefault("FAZHI_AUDIT_KEY", "bench-only-throw-away-audit-key")  # and an audit key
    os.environ.pop("FAZHI_DATABASE_URL", None)
    if database_url:
        os.environ["FAZHI_DATABASE_URL"] = database_url
    import django
    from django.conf import settings

    django.setup()
    if not database_url:
        settings.DATABASES["default"]["NAME"] = str(tmp / "bench.sqlite3")


def prepare() -> None:
    from django.core.management import call_command

    from fazhi.accounts.models import Role
    from fazhi.accounts.services import user_create
    from fazhi.agencies.models import AgencyKind
    from fazhi.agencies.services import agency_create
    from fazhi.powers.sample import load_sample_power_list

    call_command("migrate", verbosity=0)
    admin = user_create(
        actor=None,
        username="bench",
        password="Bench-12345!x",
        display_name="bench",
        agency=None,
        roles=[Role.SYSTEM_ADMIN],
        is_superuser=True,
    )
    from fazhi.rules import uscc_check_char

    body = "11430281MB1000001"
    bureau = agency_create(
        actor=admin,
        kind=AgencyKind.BUREAU,
        name="示范局",
        code="示城管",
        region_code="430281",
        uscc=body + uscc_check_char(body),
    )
    agency_create(
        actor=admin, kind=AgencyKind.SQUAD, name="城东中队", code="示城管东", region_code="430281", parent=bureau
    )
    load_sample_power_list(actor=admin, owner=bureau, effective_from=date(2020, 1, 1))


def copy_anchor(rows: int) -> float | None:
    """Seconds PostgreSQL's ``COPY`` takes to load the rows just imported into a table of the same shape and indexes
    (``LIKE … INCLUDING ALL``), from their own COPY text: what any import must at least pay. None on SQLite."""
    from django.db import connection

    from fazhi.imports.models import HistoricalCase

    if connection.vendor != "postgresql":
        return None
    table = HistoricalCase._meta.db_table
    columns = ", ".join(f.column for f in HistoricalCase._meta.concrete_fields if not f.primary_key)
    with tempfile.TemporaryFile() as spool, connection.cursor() as cursor:
        with cursor.copy(f"COPY (SELECT {columns} FROM {table}) TO STDOUT") as copy:
            for block in copy:
                spool.write(block)
        cursor.execute("DROP TABLE IF EXISTS bench_copy_anchor")
        cursor.execute(f"CREATE TABLE bench_copy_anchor (LIKE {table} INCLUDING ALL)")
        spool.seek(0)
        t0 = time.perf_counter()
        with cursor.copy(f"COPY bench_copy_anchor ({columns}) FROM STDIN") as copy:
            while block := spool.read(1 << 20):
                copy.write(block)
        elapsed = time.perf_counter() - t0
        cursor.execute("DROP TABLE bench_copy_anchor")
    return elapsed


def main() -> None:  # noqa: PLR0915 — one measured sequence, read top to bottom
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    args = parser.parse_args()
    database_url = os.environ.get("FAZHI_DATABASE_URL")
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(database_url, Path(tmp))
        from django.db import connection
        from django.test.utils import setup_databases, teardown_databases

        from fazhi.imports.models import HistoricalCase, ImportBatch
        from fazhi.imports.parsing import open_rows
        from fazhi.imports.services import cases_import

        db_cfg = None
        if database_url:  # a throw-away test database on the given server, never the real one
            db_cfg = setup_databases(verbosity=0, interactive=False)
        prepare()
        path = Path(tmp) / f"bench.{args.format}"
        t0 = time.perf_counter()
        generate(args.rows, args.format, path)
        size = path.stat().st_size / 1e6
        print(f"generated {args.rows} rows as {args.format} ({size:.1f} MB) in {time.perf_counter() - t0:.1f} s")
        times: list[float] = []
        ratios: list[float] = []
        reads: list[float] = []
        read_ratios: list[float] = []
        copy_ratios: list[float] = []
        for run in range(1, args.runs + 1):
            base = statistics.median(anchor() for _ in range(3))
            t0 = time.perf_counter()
            with path.open("rb") as stream:
                read_rows = sum(1 for _ in open_rows(stream, path.name).rows)
            read = time.perf_counter() - t0
            reads.append(read)
            read_ratios.append(read / base)
            HistoricalCase.objects.all().delete()
            ImportBatch.objects.all().delete()
            marks: dict[str, float] = {}

            def progress(phase: str, done: int, total: int | None, marks: dict[str, float] = marks) -> None:
                if phase == "validate" and done == total:
                    marks.setdefault("validated", time.perf_counter())

            t0 = time.perf_counter()
            with path.open("rb") as stream:  # streamed, as `fazhi import cases FILE` does
                report = cases_import(
                    actor=None, data=stream, filename=path.name, today=date(2026, 1, 1), progress=progress
                )
            elapsed = time.perf_counter() - t0
            times.append(elapsed)
            ratios.append(elapsed / base)
            validated = marks.get("validated", t0 + elapsed) - t0
            copied = copy_anchor(report.imported)
            against_copy = ""
            if copied:
                copy_ratios.append(copied / elapsed)
                against_copy = (
                    f"; COPY of the same rows into an indexed table of the same shape {copied:.2f} s"
                    f" ({report.imported / copied:,.0f} rows/s): import/COPY throughput {copied / elapsed:.3f}"
                )
            print(
                f"run {run}: anchor {base:.3f} s; read {read_rows} rows in {read:.2f} s (ratio {read / base:.2f});"
                f" import {report.imported} rows in {elapsed:.2f} s = {report.imported / elapsed:,.0f} rows/s"
                f" (ratio {elapsed / base:.2f}; read+validate {validated:.2f} s, write {elapsed - validated:.2f} s)"
                f"{against_copy}"
            )
        median_import = statistics.median(times)
        print(
            f"{connection.vendor}, {args.rows} rows ({args.format}), medians: read {statistics.median(reads):.2f} s"
            f" (ratio to the anchor {statistics.median(read_ratios):.2f}), import {median_import:.2f} s"
            f" = {args.rows / median_import:,.0f} rows/s (ratio {statistics.median(ratios):.2f})"
            + (f", import/COPY throughput {statistics.median(copy_ratios):.3f}" if copy_ratios else "")
            + f"; peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
        )
        if db_cfg is not None:
            teardown_databases(db_cfg, verbosity=0)


if __name__ == "__main__":
    main()
