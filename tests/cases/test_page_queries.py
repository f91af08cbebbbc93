"""The busy pages read a bounded number of rows and run a bounded number of queries, whatever the case count.

待办 (``/cases/todo/``) and the case list run the same number of queries with 5 and with 50 cases (no query per
case); the case page runs at most ``CASE_PAGE_MAX_QUERIES``. The cases are made through the services, in the
same mix of states each time (leads, cases under investigation, notified cases), so that every per-case path of
待办 is taken in both runs. ``FAZHI_DUMP_QUERIES=1 pytest -s`` prints every query with where it was made.
"""

from __future__ import annotations

import os
import sys
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from fazhi.cases import services
from fazhi.cases.models import Case
from tests.cases.flow import FINE, make_cast, registered_case, to_notified, travel
from tests.cases.remedy_flow import SERVED, served_case, simple_case

#: The case page's bound, every query of the request counted (the session, its user and 2FA device: 3), issue
#: 14's 15. The case's own records, the panels' rows (evidence, 笔录, 文书, 送达, 诉求), the timeline and the
#: extension provisions are read in one query (``fazhi.core.oneread``); the session is saved at most every
#: ``FAZHI_SESSION_TOUCH_SECONDS``, not at every request. docs/scale.md "Case page in 13 queries" has the list.
CASE_PAGE_MAX_QUERIES = 15


@pytest.fixture
def cast(bureau, power_list, make_officer, make_user):  # type: ignore[no-untyped-def]
    return make_cast(bureau, make_officer, make_user)


def _lead(bureau: Any, cast: Any, i: int) -> Case:
    return services.case_open(
        actor=cast.handler1,
        agency=bureau.squad,
        source="patrol",
        power_item_code="SL-GH-001",
        party_kind="person",
        party_name=f"当事人{i}",
        party_id_number="11010519491231002X",
        act_date=date(2025, 2, 20),
        discovered_on=date(2025, 3, 3),
    )


def make_cases(monkeypatch: Any, bureau: Any, cast: Any, groups: int) -> list[Case]:
    """``groups`` × (two leads, two cases under investigation, one notified case)."""
    out: list[Case] = []
    for g in range(groups):
        out += [_lead(bureau, cast, 2 * g), _lead(bureau, cast, 2 * g + 1)]
        out += [registered_case(monkeypatch, bureau, cast, is_major=False) for _ in range(2)]
        out.append(to_notified(monkeypatch, registered_case(monkeypatch, bureau, cast, is_major=False), cast))
    travel(monkeypatch, date(2025, 3, 20))
    return out


def count_queries(user: Any, url: str) -> int:
    client = Client()
    client.force_login(user)
    client.get(url)  # the session and the first read of the user's roles are not the page's
    origins: list[str] = []

    def where(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        import traceback

        frames = [
            f for f in traceback.extract_stack() if "/fazhi/" in f.filename and "/site-packages/" not in f.filename
        ]
        origins.append(" < ".join(f"{f.filename.split('/fazhi/')[-1]}:{f.lineno}" for f in frames[-3:]))
        return execute(sql, params, many, context)

    with CaptureQueriesContext(connection) as ctx, connection.execute_wrapper(where):
        response = client.get(url)
    assert response.status_code == 200, url
    if os.environ.get("FAZHI_DUMP_QUERIES"):
        sys.stderr.write(f"--- {user.username} {url}: {len(ctx.captured_queries)}\n")
        for q, o in zip(ctx.captured_queries, origins, strict=False):
            sys.stderr.write(f"    {q['sql'][:90]} @ {o}\n")
    return len(ctx.captured_queries)


PAGES = ("/cases/todo/", "/cases/", "/cases/?q=当事人", "/cases/?state=investigating&procedure=general")


def _counts(users: list[Any]) -> dict[tuple[str, str], int]:
    return {(u.username, url): count_queries(u, url) for u in users for url in PAGES}


def test_todo_and_the_case_list_run_as_many_queries_with_50_cases_as_with_5(monkeypatch, bureau, cast) -> None:
    users = [cast.head, cast.handler1, cast.leader, cast.reviewer]
    make_cases(monkeypatch, bureau, cast, 1)
    few = _counts(users)
    make_cases(monkeypatch, bureau, cast, 9)
    assert Case.objects.count() == 50
    many = _counts(users)
    assert many == few


def test_the_case_page_runs_a_bounded_number_of_queries_in_every_state(monkeypatch, bureau, cast) -> None:
    cases = make_cases(monkeypatch, bureau, cast, 1)
    counts = {
        (user.username, case.state): count_queries(user, f"/cases/{case.pk}/")
        for case in cases
        for user in (cast.head, cast.handler1, cast.reviewer)
    }
    assert max(counts.values()) <= CASE_PAGE_MAX_QUERIES, counts


def test_the_page_of_a_served_and_of_a_simple_case_runs_a_bounded_number_of_queries(monkeypatch, bureau, cast) -> None:
    served = served_case(monkeypatch, bureau, cast)
    travel(monkeypatch, SERVED + timedelta(days=3))
    services.payment_record(
        actor=cast.clerk,
        case=served,
        kind="fine",
        amount=FINE / 2,
        paid_on=SERVED + timedelta(days=3),
        receipt_number="R1",
        bank="示范银行",
    )
    simple = simple_case(monkeypatch, bureau, cast)
    travel(monkeypatch, SERVED + timedelta(days=90))
    counts = {
        (u.username, c.pk): count_queries(u, f"/cases/{c.pk}/")
        for c in (served, simple)
        for u in (cast.head, cast.handler1, cast.clerk)
    }
    assert max(counts.values()) <= CASE_PAGE_MAX_QUERIES, counts


def test_the_case_page_reads_as_many_queries_with_three_payments_as_with_one(monkeypatch, bureau, cast) -> None:
    served = served_case(monkeypatch, bureau, cast)
    travel(monkeypatch, SERVED + timedelta(days=3))

    def pay(n: int) -> None:
        services.payment_record(
            actor=cast.clerk,
            case=served,
            kind="fine",
            amount=FINE / 10,
            paid_on=SERVED + timedelta(days=3),
            receipt_number=f"R{n}",
            bank="示范银行",
        )

    pay(1)
    one = count_queries(cast.head, f"/cases/{served.pk}/")
    pay(2)
    pay(3)
    assert count_queries(cast.head, f"/cases/{served.pk}/") == one
