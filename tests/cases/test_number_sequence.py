from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections, transaction

from fazhi.cases.services import number_next


def test_numbers_of_one_agency_kind_and_year_count_up_from_one(bureau) -> None:
    with transaction.atomic():
        got = [number_next(agency=bureau.bureau, kind="decision", year=2026) for _ in range(3)]
        other_year = number_next(agency=bureau.bureau, kind="decision", year=2027)
        other_kind = number_next(agency=bureau.bureau, kind="register", year=2026)
    assert got == [1, 2, 3]
    assert other_year == other_kind == 1


def test_a_rolled_back_action_consumes_no_number(bureau) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        number_next(agency=bureau.bureau, kind="decision", year=2026)
        raise RuntimeError("refused")
    with transaction.atomic():
        assert number_next(agency=bureau.bureau, kind="decision", year=2026) == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_transactions_never_share_a_number(bureau) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("real concurrent transactions need PostgreSQL (SQLite serialises writers)")
    workers, results, errors = 8, [], []
    barrier = threading.Barrier(workers)

    def take() -> None:
        try:
            barrier.wait(timeout=30)
            with transaction.atomic():
                n = number_next(agency=bureau.bureau, kind="decision", year=2026)
                time.sleep(0.05)  # hold the lock while the others queue on it
            results.append(n)
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert sorted(results) == list(range(1, workers + 1))
