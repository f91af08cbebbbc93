"""A real PostgreSQL streaming replica beside a primary, both started here, and fazhi's router between them.
Prints figures; asserts nothing about time.

    .venv/bin/python bench/bench_replica.py [--workdir /tmp/fazhi-replica] [--requests 30] [--keep] [--reuse]

Starts a primary cluster (``initdb``, port 5440) and loads the demo bureau into it (``fazhi migrate`` and
``fazhi demo``), takes a base backup of it as a streaming standby (``pg_basebackup -R``, port 5441), then, in this
process, with ``FAZHI_DATABASE_URL`` on the primary and ``FAZHI_DATABASE_REPLICA_URLS`` on the standby:

1. report load: the dashboard ``/reports/``, the portal home and a portal search, each ``--requests`` times by the
   head; prints how many were read from the replica (the ``X-Fazhi-Read-From`` header) and the rows each server
   returned meanwhile (``pg_stat_database.tup_returned + tup_fetched``), so the primary's share shows;
2. a write pins its client: a POST sets the pin cookie, and the next report request reads the primary;
3. lag: replay is paused on the standby, a write lands on the primary, and the next report request reads the
   primary (the standby is behind more than ``FAZHI_REPLICA_MAX_LAG_SECONDS``); replay resumes, the standby catches
   up, and reports read from it again.

Run as root it runs the PostgreSQL servers as the ``postgres`` user (``initdb`` refuses root). Both clusters are
stopped at the end unless ``--keep``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PRIMARY_PORT, REPLICA_PORT = 5440, 5441


def _pg_bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for version in ("17", "16", "15", "14"):
        path = Path(f"/usr/lib/postgresql/{version}/bin/{name}")
        if path.exists():
            return str(path)
    sys.exit(f"找不到 PostgreSQL 程序 {name}")


def _as_postgres(args: list[str]) -> None:
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--", *args]
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)


def _start_clusters(work: Path) -> tuple[str, str]:
    primary, replica, sockets = work / "primary", work / "replica", work / "sockets"
    for path in (primary, replica, sockets):
        if path.exists():
            shutil.rmtree(path)
    sockets.mkdir(parents=True)
    if os.geteuid() == 0:
        shutil.chown(work, "postgres")
        shutil.chown(sockets, "postgres")
    _as_postgres(
        [_pg_bin("initdb"), "-D", str(primary), "--auth=trust", "-U", "postgres", "--encoding=UTF8", "--no-locale"]
    )
    options = f"-p {PRIMARY_PORT} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off"
    _as_postgres([_pg_bin("pg_ctl"), "-D", str(primary), "-o", options, "-l", str(work / "primary.log"), "-w", "start"])
    subprocess.run(
        [_pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(PRIMARY_PORT), "-U", "postgres", "fazhi"], check=True
    )
    primary_url = f"postgres://postgres@127.0.0.1:{PRIMARY_PORT}/fazhi"
    env = os.environ | {"FAZHI_DATABASE_URL": primary_url, "FAZHI_DEBUG": "1", "FAZHI_VAR_DIR": str(work / "var")}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput"],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "demo"], check=True, env=env, stdout=subprocess.DEVNULL)
    print(f"primary on :{PRIMARY_PORT}, demo loaded in {time.perf_counter() - started:.0f} s")
    _as_postgres(
        [
            _pg_bin("pg_basebackup"),
            "-h",
            "127.0.0.1",
            "-p",
            str(PRIMARY_PORT),
            "-U",
            "postgres",
            "-D",
            str(replica),
            "-R",
            "-X",
            "stream",
            "-c",
            "fast",
        ]
    )
    options = f"-p {REPLICA_PORT} -k {sockets} -c listen_addresses=127.0.0.1 -c hot_standby=on"
    _as_postgres([_pg_bin("pg_ctl"), "-D", str(replica), "-o", options, "-l", str(work / "replica.log"), "-w", "start"])
    print(f"streaming replica on :{REPLICA_PORT} (pg_basebackup -R)")
    return primary_url, f"postgres://postgres@127.0.0.1:{REPLICA_PORT}/fazhi"


def _stop_clusters(work: Path) -> None:
    for name in ("replica", "primary"):
        if (work / name / "postmaster.pid").exists():
            _as_postgres([_pg_bin("pg_ctl"), "-D", str(work / name), "-m", "fast", "-w", "stop"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", default="/tmp/fazhi-replica")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="leave both clusters running")
    parser.add_argument("--reuse", action="store_true", help="measure the clusters a --keep run left running")
    args = parser.parse_args()
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    try:
        if args.reuse and all((work / name / "postmaster.pid").exists() for name in ("primary", "replica")):
            primary_url = f"postgres://postgres@127.0.0.1:{PRIMARY_PORT}/fazhi"
            replica_url = f"postgres://postgres@127.0.0.1:{REPLICA_PORT}/fazhi"
        else:
            primary_url, replica_url = _start_clusters(work)
        _measure(work, primary_url, replica_url, args.requests)
    finally:
        if not args.keep:
            _stop_clusters(work)


def _measure(work: Path, primary_url: str, replica_url: str, requests: int) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        FAZHI_DEBUG="1",
        FAZHI_VAR_DIR=str(work / "var"),
        FAZHI_DATABASE_URL=primary_url,
        FAZHI_DATABASE_REPLICA_URLS=replica_url,
        FAZHI_REPLICA_MAX_LAG_SECONDS="1",
        FAZHI_REPLICA_CHECK_SECONDS="0",
        FAZHI_OTP_REQUIRED="0",
        FAZHI_PORTAL_CACHE_SECONDS="0",
        FAZHI_PORTAL_RATE="100000/m",
        FAZHI_LOG_LEVEL="WARNING",
    )
    import django

    django.setup()
    from django.db import connections
    from django.test import Client

    from fazhi.accounts.models import PartnerPurpose, User
    from fazhi.accounts.services import partner_key_issue
    from fazhi.core.dbrouter import PIN_COOKIE, replica_lag_seconds

    def rows_read(alias: str) -> int:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute("SELECT tup_returned + tup_fetched FROM pg_stat_database WHERE datname = current_database()")
            return int(cursor.fetchone()[0])

    head = User.objects.get(username="juzhang")
    admin = User.objects.get(username="admin")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(head)
    pages = {"/reports/": "报表", "/public/": "公开首页", "/public/search/?q=占道": "公开检索 占道"}
    for path in pages:  # warm both connections and the caches
        client.get(path)
    time.sleep(1.0)  # the statistics collector reports at most every 0.5 s
    print("\n| page | requests | from the replica | median ms | rows read on primary | rows read on replica |")
    print("|---|---|---|---|---|---|")
    for path, label in pages.items():
        before = rows_read("default"), rows_read("replica_0")
        times, from_replica, statuses = [], 0, set()
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            statuses.add(response.status_code)
            from_replica += response.get("X-Fazhi-Read-From") == "replica"
        time.sleep(1.0)
        after = rows_read("default"), rows_read("replica_0")
        print(
            f"| {label} (HTTP {','.join(map(str, sorted(statuses)))}) | {requests} | {from_replica} | "
            f"{statistics.median(times):.1f} | {after[0] - before[0]:,} | {after[1] - before[1]:,} |"
        )

    response = client.post("/reports/")
    pinned = client.get("/reports/")
    print(
        f"\nafter a POST: pin cookie set {PIN_COOKIE in response.cookies}; the next report read from "
        f"{'the replica' if pinned.get('X-Fazhi-Read-From') else 'the primary'}"
    )
    client.cookies.pop(PIN_COOKIE, None)

    with connections["replica_0"].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    partner_key_issue(actor=admin, agency=head.agency, name="延迟测试", purpose=PartnerPurpose.OPEN311)
    time.sleep(1.5)
    lag = replica_lag_seconds("replica_0")
    behind = client.get("/reports/")
    print(
        f"replay paused, a write on the primary: replica lag {lag:.1f} s > 1 s → the report read from "
        f"{'the replica' if behind.get('X-Fazhi-Read-From') else 'the primary'}"
    )
    with connections["replica_0"].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_resume()")
    started = time.perf_counter()
    while (replica_lag_seconds("replica_0") or 0) > 0 and time.perf_counter() - started < 30:
        time.sleep(0.1)
    caught_up = client.get("/reports/")
    print(
        f"replay resumed: caught up in {time.perf_counter() - started:.2f} s, lag "
        f"{replica_lag_seconds('replica_0'):.1f} s → the report read from "
        f"{'the replica' if caught_up.get('X-Fazhi-Read-From') else 'the primary'}"
    )


if __name__ == "__main__":
    main()
