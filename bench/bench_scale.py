"""The scale benchmark (issue 14): every page, report and transition on a dataset built by build_dataset.py.

    .venv/bin/python bench/bench_scale.py [--database-url URL] [--clients 20] [--seconds 30] [--repeat 3]
        [--workers 2] [--threads 1] [--skip web,queries,annual,supervise,transitions,import]

Web: starts ``fazhi serve --workers W --threads T`` (``manage.py serve`` of this checkout) on a free port against
the database, logs in the representative users of the demo (``duiyuan1`` 执法队员, ``zhongduizhang`` 中队长,
``juzhang`` 负责人; the demo's password), warms up, then for each measure runs ``--clients`` closed-loop clients
(threads, one ``requests.Session`` each) for ``--seconds`` and records p50/p95 and the request count. The anchor
``/healthz`` is measured in every repeat; the ratio is the measure's p95 over the anchor's p95 of the same repeat,
and the table shows the medians over ``--repeat`` repeats. The query count of one request of each page is taken
in process (Django's ``CaptureQueriesContext``).

In process: the annual report (``fazhi.reports.annual.annual_report``) against one hand-written SQL of a few of its
figures; ``fazhi supervise`` first run (``full``) and again with nothing changed; ``case_open`` + ``case_register``
by 4 worker processes through the services against ``pgbench -c 4 -T 20`` (TPC-B) on a scratch database; the case
import (``cases_import``) rows/s against COPY of the same rows into a table of the same shape with its indexes.
The transitions add the cases they open to the database (leads registered today, ``BENCH-T`` in their facts).

A benchmark prints figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from multiprocessing import get_context
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import DEFAULT_BENCH_URL, ROOT, say, setup_django

PASSWORD = "Fazhi2026demo"  # the demo's published password (fazhi.demo.services.DEMO_PASSWORD)


@dataclass(frozen=True)
class Measure:
    name: str
    user: str | None  # None: no login
    path: str


def measures(case_id: int | None) -> list[Measure]:
    out = [
        Measure("`/healthz` (anchor)", None, "/healthz"),
        Measure("`/cases/todo/` (待办, 执法队员)", "duiyuan1", "/cases/todo/"),
        Measure("`/cases/todo/` (待办, 中队长)", "zhongduizhang", "/cases/todo/"),
        Measure("`/cases/todo/` (待办, 负责人)", "juzhang", "/cases/todo/"),
        Measure("`/cases/` (负责人)", "juzhang", "/cases/"),
        Measure("`/cases/?state=executing`", "juzhang", "/cases/?state=executing"),
        Measure("`/cases/?q=…` (search)", "juzhang", "/cases/?q=%E6%9D%8E%E4%BC%9F"),  # 李伟
    ]
    if case_id is not None:
        out.append(Measure("case page", "juzhang", f"/cases/{case_id}/"))
    out += [
        Measure("`/reports/` dashboard", "juzhang", "/reports/"),
        Measure("`/supervision/` board", "juzhang", "/supervision/"),
        Measure("`/public/` portal home", None, "/public/"),
        Measure("`/public/search/?q=…`", None, "/public/search/?q=%E7%BD%9A%E6%AC%BE"),  # 罚款
    ]
    return out


# --- the server --------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(url: str, workers: int, threads: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    # 20 clients on one address stand for 20 citizens: the portal's per-address rate limit would answer 429
    env = dict(os.environ, FAZHI_DATABASE_URL=url, FAZHI_PORTAL_RATE="1000000/m")
    cmd = [sys.executable, str(ROOT / "manage.py"), "serve", "--bind", f"127.0.0.1:{port}", "--no-collectstatic"]
    cmd += ["--workers", str(workers), "--threads", str(threads)]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    import requests

    for _ in range(600):
        try:
            if requests.get(base + "/healthz", timeout=2).status_code == 200:
                return proc, base
        except requests.RequestException:
            pass
        if proc.poll() is not None:
            raise SystemExit(f"fazhi serve 退出（{proc.returncode}）")
        time.sleep(0.2)
    proc.terminate()
    raise SystemExit("fazhi serve 未能在两分钟内启动")


def login(base: str, username: str) -> dict[str, str]:
    import requests

    s = requests.Session()
    r = s.get(base + "/accounts/login/", timeout=30)
    token = s.cookies.get("csrftoken", "")
    r = s.post(
        base + "/accounts/login/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": base + "/accounts/login/"},
        timeout=30,
        allow_redirects=False,  # the landing page is 待办, itself a measure
    )
    if "sessionid" not in s.cookies:
        raise SystemExit(f"{username} 登录失败（{r.status_code}）：示范数据已载入吗？是否要求双因素认证？")
    return dict(s.cookies)


def run_clients(base: str, path: str, cookies: dict[str, str] | None, clients: int, seconds: float) -> dict[str, Any]:
    """``clients`` closed-loop clients for ``seconds``: p50, p95 (ms), requests, errors."""
    import requests

    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    stop = time.perf_counter() + seconds

    def client(i: int) -> None:
        s = requests.Session()
        if cookies:
            s.cookies.update(cookies)
        while time.perf_counter() < stop:
            t = time.perf_counter()
            try:
                r = s.get(base + path, timeout=300, allow_redirects=False)
                ok = r.status_code == 200
            except requests.RequestException:
                ok = False
            latencies[i].append(time.perf_counter() - t)
            errors[i] += 0 if ok else 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    every = sorted(x for lat in latencies for x in lat)
    if not every:
        return {"p50": float("nan"), "p95": float("nan"), "n": 0, "errors": sum(errors)}
    return {
        "p50": 1000 * every[len(every) // 2],
        "p95": 1000 * every[min(len(every) - 1, int(len(every) * 0.95))],
        "n": len(every),
        "errors": sum(errors),
    }


def web(args: argparse.Namespace, url: str, queries: dict[str, int]) -> list[str]:
    case_id = representative_case()
    proc, base = start_server(url, args.workers, args.threads)
    try:
        cookies = {u: login(base, u) for u in ("duiyuan1", "zhongduizhang", "juzhang")}
        ms = [m for i, m in enumerate(measures(case_id)) if i == 0 or _wanted(m, args.only)]
        say(f"预热（{base}，{args.workers}个进程×{args.threads}个线程）……")
        for m in ms:
            run_clients(base, m.path, cookies.get(m.user) if m.user else None, 1, 0.1)
        runs: dict[str, list[dict[str, Any]]] = {m.name: [] for m in ms}
        anchor = ms[0]
        for rep in range(args.repeat):
            anchor_result = run_clients(base, anchor.path, None, args.clients, args.seconds)
            runs[anchor.name].append({**anchor_result, "anchor": anchor_result["p95"]})
            for m in ms[1:]:
                result = run_clients(base, m.path, cookies.get(m.user) if m.user else None, args.clients, args.seconds)
                runs[m.name].append({**result, "anchor": anchor_result["p95"]})
                say(
                    f"  第{rep + 1}轮 {m.name}: p50 {result['p50']:.0f} ms, p95 {result['p95']:.0f} ms, {result['n']}次"
                )
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    lines = [
        f"{args.clients} clients × {args.seconds:g} s, medians of {args.repeat}; "
        f"`fazhi serve --workers {args.workers} --threads {args.threads}`",
        "",
        "| measure | p50 | p95 | anchor p95 | ratio | requests | errors | queries |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for m in ms:
        rs = runs[m.name]
        p50 = statistics.median(r["p50"] for r in rs)
        p95 = statistics.median(r["p95"] for r in rs)
        a95 = statistics.median(r["anchor"] for r in rs)
        ratio = statistics.median(r["p95"] / r["anchor"] for r in rs if r["anchor"])
        n = statistics.median(r["n"] for r in rs)
        err = sum(r["errors"] for r in rs)
        q = queries.get(m.name, "")
        lines.append(
            f"| {m.name} | {fmt_ms(p50)} | {fmt_ms(p95)} | {fmt_ms(a95)} | {ratio:,.1f}× | {n:,.0f} | {err} | {q} |"
        )
    return lines


def _wanted(m: Measure, only: str) -> bool:
    """``--only``: comma-separated parts of measure names or paths (the anchor is always measured)."""
    parts = [p.strip() for p in only.split(",") if p.strip()]
    return not parts or any(p in m.name or p in m.path for p in parts)


def fmt_ms(ms: float) -> str:
    return f"{ms / 1000:.2f} s" if ms >= 1000 else f"{ms:.0f} ms"


# --- in process ---------------------------------------------------------------------------------------------------


def representative_case() -> int | None:
    """A 一般程序 case in execution with the longest history: the heaviest ordinary case page."""
    from fazhi.cases.models import Case

    return (
        Case.objects.filter(procedure="general", state="executing").order_by("-id").values_list("id", flat=True).first()
    )


def query_counts(only: str = "") -> tuple[dict[str, int], dict[str, float]]:
    """Queries and seconds of one request of each page, in process (the test client, no server)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from fazhi.accounts.models import User

    counts: dict[str, int] = {}
    seconds: dict[str, float] = {}
    clients: dict[str | None, Client] = {None: Client(HTTP_HOST="127.0.0.1")}
    for m in measures(representative_case()):
        if not _wanted(m, only):
            continue
        if m.user not in clients:
            c = Client(HTTP_HOST="127.0.0.1")
            c.force_login(User.objects.get(username=m.user))
            clients[m.user] = c
        clients[m.user].get(m.path)  # warm: the first request of a process pays its imports and caches
        t = time.perf_counter()
        with CaptureQueriesContext(connection) as q:
            r = clients[m.user].get(m.path)
        seconds[m.name] = time.perf_counter() - t
        counts[m.name] = len(q)
        if r.status_code != 200:
            say(f"  注意：{m.path} 返回 {r.status_code}")
    return counts, seconds


def timed(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def annual(repeat: int) -> list[str]:
    """The annual report of last year for the demo bureau, and one hand-written SQL of a few of its figures."""
    from django.db import connection

    from fazhi.agencies.models import Agency
    from fazhi.core import clock
    from fazhi.reports.annual import annual_report

    bureau = Agency.objects.get(code="清城管")
    year = clock.today().year - 1
    sql = """
        SELECT procedure, COUNT(*), SUM(fine) FROM (
            SELECT c.procedure, d.fine FROM cases_case c JOIN agencies_agency a ON a.id = c.agency_id
                LEFT JOIN cases_decision d ON d.case_id = c.id
             WHERE a.path LIKE %(path)s AND c.registered_on BETWEEN %(start)s AND %(end)s
            UNION ALL
            SELECT h.procedure, h.fine FROM imports_historicalcase h JOIN agencies_agency a ON a.id = h.agency_id
             WHERE a.path LIKE %(path)s AND h.registered_on BETWEEN %(start)s AND %(end)s
        ) x GROUP BY procedure"""
    params = {"path": bureau.path + "%", "start": date(year, 1, 1), "end": date(year, 12, 31)}

    def hand() -> None:
        with connection.cursor() as c:
            c.execute(sql, params)
            c.fetchall()

    t_hand = timed(hand, repeat)
    t_report = timed(lambda: annual_report(agency=bureau, year=year, include_subordinates=True), repeat)
    return [
        f"| annual report {year}, in process | {t_report:.2f} s | one hand-written SQL (count, fines by procedure): "
        f"{t_hand:.2f} s | {t_report / t_hand:,.1f}× |"
    ]


def supervise_runs(repeat: int) -> list[str]:
    """The first (full) scan once, with the command's default worker processes; then nothing changed, ``repeat``
    times (median)."""
    from fazhi.core import clock
    from fazhi.supervision.scan import default_jobs
    from fazhi.supervision.services import supervise

    today, jobs = clock.today(), default_jobs()
    t = time.perf_counter()
    supervise(today=today, full=True, jobs=jobs)
    first = time.perf_counter() - t
    again = timed(lambda: supervise(today=today, jobs=jobs), repeat)
    return [
        f"| `fazhi supervise` first (full, {jobs} processes) / nothing changed (median of {repeat}) "
        f"| {first:.1f} s / {again:.2f} s | | |"
    ]


def _transition_worker(url: str, seconds: float, out: Any, start: Any) -> None:
    setup_django(url)
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from fazhi.accounts.models import User
    from fazhi.agencies.models import Agency, Officer
    from fazhi.cases.services import case_open, case_register
    from fazhi.core import clock

    officer = User.objects.get(username="duiyuan1")
    head = User.objects.get(username="juzhang")
    squad = Agency.objects.get(code="清城管东")
    handlers = list(
        Officer.objects.filter(pk__in=[officer.officer_id, User.objects.get(username="duiyuan2").officer_id])
    )
    today = clock.today()
    pairs = queries = 0
    start.wait()  # every worker set up (spawned, Django loaded) before any starts: they run side by side
    stop = time.perf_counter() + seconds
    while time.perf_counter() < stop:
        with CaptureQueriesContext(connection) as q:
            case = case_open(
                actor=officer,
                agency=squad,
                source="patrol",
                power_item_code="SL-SZ-001",
                party_kind="person",
                party_name="基准测试",
                act_date=today - timedelta(days=1),
                discovered_on=today,
                facts="BENCH-T",
            )
            case_register(actor=head, case=case, handlers=handlers, on=today)
        queries += len(q)
        reset_queries()
        pairs += 1
    out.put((pairs, queries))


def transitions(url: str, workers: int, seconds: float) -> list[str]:
    ctx = get_context("spawn")
    out = ctx.Queue()
    start = ctx.Barrier(workers)
    procs = [ctx.Process(target=_transition_worker, args=(url, seconds, out, start)) for _ in range(workers)]
    t = time.perf_counter()
    for p in procs:
        p.start()
    results = [out.get() for _ in procs]
    for p in procs:
        p.join()
    elapsed = time.perf_counter() - t
    pairs = sum(r[0] for r in results)
    per_pair = sum(r[1] for r in results) / max(pairs, 1)
    rate = pairs / seconds
    tps = pgbench(url)
    ratio = f"{rate / tps:.3f}" if tps else "—"
    say(f"  transitions: {pairs} pairs in {elapsed:.1f} s wall")
    return [
        f"| `case_open`+`case_register`, {workers} workers | {rate:,.1f} /s ({per_pair:.0f} queries a pair) | "
        f"pgbench TPC-B, 4 clients: {tps:,.0f} tps | {ratio} |"
    ]


def pgbench(url: str) -> float:
    """TPS of ``pgbench -c 4 -T 20`` on a scratch database beside the dataset (created and initialised once)."""
    import dj_database_url

    cfg = dj_database_url.parse(url)
    scratch = f"{cfg['NAME']}_pgbench"
    conn = [
        "-h",
        cfg.get("HOST") or "127.0.0.1",
        "-p",
        str(cfg.get("PORT") or 5432),
        "-U",
        cfg.get("USER") or "postgres",
    ]
    env = dict(os.environ, PGPASSWORD=cfg.get("PASSWORD") or "")
    exists = subprocess.run(
        ["psql", *conn, "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{scratch}'", "postgres"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if exists.stdout.strip() != "1":
        subprocess.run(["createdb", *conn, scratch], check=True, env=env)
        subprocess.run(["pgbench", *conn, "-i", "-q", "-s", "10", scratch], check=True, env=env, capture_output=True)
    run = subprocess.run(
        ["pgbench", *conn, "-c", "4", "-j", "2", "-T", "20", scratch],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    for line in run.stdout.splitlines():
        if line.startswith("tps ="):
            return float(line.split()[2])
    say(f"  pgbench 未给出 tps：{run.stderr.strip()[:200]}")
    return 0.0


def imports(rows: int) -> list[str]:
    """The case import through the service (in a transaction rolled back) vs COPY of the same rows."""
    import csv
    import io

    from django.db import connection, transaction

    from fazhi.accounts.models import User
    from fazhi.core import clock
    from fazhi.imports.models import HistoricalCase
    from fazhi.imports.parsing import COLUMNS
    from fazhi.imports.services import cases_import

    out = io.StringIO(newline="")
    w = csv.writer(out)
    w.writerow([name for name, _ in COLUMNS])
    year = clock.today().year - 1
    for i in range(rows):
        day = date(year, 1, 2) + timedelta(days=i % 300)
        w.writerow([
            f"清当基准〔{year}〕第{i + 1:07d}号", "简易", "巡查发现", "SL-SR-001", "", "清城管东", "个人",
            f"李某{i}", "",
            day.isoformat(), day.isoformat(), day.isoformat(), "处罚", "100", "0", "否", "0", "否",
            day.isoformat(), day.isoformat(), day.isoformat(),
        ])  # fmt: skip
    data = out.getvalue().encode("utf-8")
    admin = User.objects.get(username="admin")

    class Rollback(Exception):
        pass

    t = time.perf_counter()
    try:
        with transaction.atomic():
            report = cases_import(actor=admin, data=data, filename="bench.csv", today=clock.today())
            imported = report.imported
            raise Rollback
    except Rollback:
        pass
    t_import = time.perf_counter() - t
    fields = [f for f in HistoricalCase._meta.concrete_fields if f.column != "id"]
    sample = list(HistoricalCase.objects.order_by("pk").values_list(*[f.attname for f in fields])[:1000])
    if not sample or connection.vendor != "postgresql":
        return [f"| import, {rows:,} rows | {imported / t_import:,.0f} rows/s | COPY: not measured | |"]
    cols = ", ".join(f.column for f in fields)
    with transaction.atomic(), connection.cursor() as c:
        c.execute("CREATE TEMP TABLE bench_copy (LIKE imports_historicalcase INCLUDING ALL) ON COMMIT DROP")
        t = time.perf_counter()
        with c.cursor.copy(f"COPY bench_copy ({cols}) FROM STDIN") as copy:
            for i in range(rows):
                row = list(sample[i % len(sample)])
                row[fields.index(HistoricalCase._meta.get_field("case_number"))] = f"COPY-{i}"
                copy.write_row(row)
        t_copy = time.perf_counter() - t
    return [
        f"| import on {connection.vendor}, {rows:,} rows | {imported / t_import:,.0f} rows/s | "
        f"COPY of the same rows into a table of the same shape: {rows / t_copy:,.0f} rows/s | "
        f"{(imported / t_import) / (rows / t_copy):.3f} |"
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("FAZHI_BENCH_DATABASE_URL") or DEFAULT_BENCH_URL, help="数据集数据库"
    )
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="1：同步进程（优化前的 fazhi serve）")
    parser.add_argument("--transition-workers", type=int, default=4)
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--only", default="", help="逗号分隔：只测名称或路径含这些字样的页面（另测 /healthz）")
    parser.add_argument("--skip", default="", help="逗号分隔：web,queries,annual,supervise,transitions,import")
    args = parser.parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    setup_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection

    from fazhi.cases.models import Case
    from fazhi.imports.models import HistoricalCase

    call_command("collectstatic", interactive=False, verbosity=0)
    live, imported = Case.objects.count(), HistoricalCase.objects.count()
    say(f"数据库 {connection.vendor} {connection.settings_dict['NAME']}：{live:,} 件在办/已办，{imported:,} 件导入")
    report = [f"## {date.today():%Y-%m-%d}, {os.cpu_count()} cores, {live:,} live + {imported:,} imported cases", ""]
    queries: dict[str, int] = {}
    supervised: list[str] = []
    if "supervise" not in skip:  # first: the scan's first run is a measure, and it fills the board's alerts
        supervised = supervise_runs(args.repeat)
    if "queries" not in skip:
        queries, alone = query_counts(args.only)
        say("单次请求（进程内）：" + json.dumps({k: f"{v:.2f}s" for k, v in alone.items()}, ensure_ascii=False))
    if "web" not in skip:
        report += web(args, args.database_url, queries)
    report += ["", "| measure | fazhi | anchor in the same run | ratio |", "|---|---|---|---|"]
    if "annual" not in skip:
        report += annual(args.repeat)
    report += supervised
    if "transitions" not in skip:
        report += transitions(args.database_url, args.transition_workers, 20)
    if "import" not in skip:
        report += imports(args.import_rows)
    say("\n".join(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
