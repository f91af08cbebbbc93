"""Fill a migrated PostgreSQL database holding the demo (``fazhi demo --scale small``) with N synthetic live cases
(each with its party, a decision on every third) and M open alerts, by SQL, for EXPLAIN and timing the pages
(``bench/bench_pages.py``). A stand-in until ``bench/build_dataset.py`` lands: rows are copies of one demo case
with their numbers, names, dates and states varied; no audit chain, no deadlines — enough for the list, search,
待办 and board queries, not for reports.

    FAZHI_DATABASE_URL=postgres://…/h_pages_big python bench/fill_pages.py --cases 200000 --alerts 600000
"""

from __future__ import annotations

import argparse
import os
import time

import psycopg


def _columns(cur: psycopg.Cursor, table: str) -> list[str]:
    cur.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s AND column_name <> 'id' "
        "ORDER BY ordinal_position",
        (table,),
    )
    return [r[0] for r in cur.fetchall()]


def _copy(
    cur: psycopg.Cursor, table: str, template: str, n: int, overrides: dict[str, str], *, extra: str = ""
) -> None:
    cols = _columns(cur, table)
    exprs = [overrides.get(c, f"t.{c}") for c in cols]
    sql = (
        f"INSERT INTO {table} ({', '.join(cols)}) SELECT {', '.join(exprs)} "
        f"FROM ({template}) t CROSS JOIN generate_series(1, {n}) g {extra}"
    )
    started = time.perf_counter()
    cur.execute(sql)
    print(f"{table}: {cur.rowcount} rows in {time.perf_counter() - started:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--alerts", type=int, default=600_000)
    args = parser.parse_args()
    url = os.environ["FAZHI_DATABASE_URL"]
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        cur.execute("SELECT coalesce(max(id), 0) FROM cases_party")
        party0 = cur.fetchone()[0]  # type: ignore[index]
        cur.execute("SELECT c.id FROM cases_case c JOIN cases_decision d ON d.case_id = c.id ORDER BY c.id LIMIT 1")
        case_id = cur.fetchone()[0]  # type: ignore[index]
        cur.execute("SELECT array_agg(id) FROM agencies_agency WHERE kind IN ('squad', 'township')")
        units = cur.fetchone()[0]  # type: ignore[index]
        names = "(ARRAY['张','王','李','赵','刘','陈','杨','黄','周','吴'])[1 + g % 10]"
        given = "(ARRAY['伟','芳','娜','敏','静','强','磊','军','洋','勇','艳','杰'])[1 + (g / 10) % 12]"
        _copy(
            cur,
            "cases_party",
            f"SELECT p.* FROM cases_party p JOIN cases_case c ON c.party_id = p.id WHERE c.id = {case_id}",
            args.cases,
            {"name": f"{names} || {given} || 'x' || g::text", "address": "'示范市城东路' || g::text || '号'"},
        )
        states = (
            "(ARRAY['closed','closed','closed','archived','archived','executing','investigating','lead',"
            "'decided','reviewing'])[1 + g % 10]"
        )
        created = "timestamptz '2016-01-01 08:00+08' + (g * interval '1 minute' * 26)"
        _copy(
            cur,
            "cases_case",
            f"SELECT * FROM cases_case WHERE id = {case_id}",
            args.cases,
            {
                "party_id": f"{party0} + g",
                "agency_id": f"(ARRAY{units}::bigint[])[1 + g % {len(units)}]",
                "state": states,
                "created_at": created,
                "updated_at": created,
                "lead_number": "'示城管案源〔' || (2016 + g / 22000)::text || '〕' || g::text || '号'",
                "register_number": "'示城管立〔' || (2016 + g / 22000)::text || '〕' || g::text || '号'",
                "registered_on": f"({created})::date",
            },
        )
        cur.execute("SELECT max(id) - %s FROM cases_case", (args.cases,))
        case0 = cur.fetchone()[0]  # type: ignore[index]
        _copy(
            cur,
            "cases_decision",
            f"SELECT * FROM cases_decision WHERE case_id = {case_id}",
            args.cases,
            {
                "case_id": f"{case0} + g",
                "number": "'示城管罚决字〔' || (2016 + g / 22000)::text || '〕' || g::text || '号'",
            },
            extra="WHERE g % 3 = 0",
        )
        rules = (
            "(ARRAY['decision_deadline','payment_overdue','publicity_due','service_late','archive_late',"
            "'holiday_year'])[1 + g % 6]"
        )
        _copy(
            cur,
            "supervision_alert",
            "SELECT * FROM supervision_alert ORDER BY id LIMIT 1",
            args.alerts,
            {
                "rule_id": rules,
                "severity": "(ARRAY['serious','warning','warning'])[1 + g % 3]",
                "agency_id": f"(ARRAY{units}::bigint[])[1 + g % {len(units)}]",
                "case_id": f"{case0} + 1 + g % {args.cases}",
                "object_id": f"{case0} + 1 + g % {args.cases}",
                "fingerprint": "'bench:' || g::text",
                "first_raised_at": "timestamptz '2020-01-01 08:00+08' + g * interval '3 minutes'",
                "resolved_at": "NULL",
            },
        )
        conn.commit()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
        print("vacuum analyze done")


if __name__ == "__main__":
    main()
