"""The read-replica router: which reads may leave the primary (fazhi.core.dbrouter; a real streaming replica is
exercised by bench/bench_replica.py)."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory

from fazhi.accounts.models import User
from fazhi.cases.models import Case
from fazhi.core import dbrouter
from fazhi.core.dbrouter import PIN_COOKIE, ReplicaReadsMiddleware, ReplicaRouter, replica_reads


@pytest.fixture
def one_replica(monkeypatch: pytest.MonkeyPatch) -> dict[str, bool]:
    usable = {"replica_0": True}
    monkeypatch.setattr(dbrouter, "replica_aliases", lambda: list(usable))
    monkeypatch.setattr(dbrouter, "_usable", lambda alias: usable[alias])
    return usable


def test_without_a_replica_every_read_goes_to_the_primary() -> None:
    router = ReplicaRouter()
    with replica_reads():
        assert router.db_for_read(Case) is None
    assert router.db_for_write(Case) == "default"


def test_reads_outside_a_replica_scope_stay_on_the_primary(one_replica: dict[str, bool]) -> None:
    assert ReplicaRouter().db_for_read(Case) is None


def test_a_scope_reads_from_the_replica_until_it_writes(one_replica: dict[str, bool]) -> None:
    router = ReplicaRouter()
    with replica_reads() as scope:
        assert router.db_for_read(Case) == "replica_0"
        assert router.db_for_write(Case) == "default"
        assert scope.wrote
        assert router.db_for_read(Case) is None
    with replica_reads():
        assert router.db_for_read(Case) == "replica_0"  # a new scope starts clean


@pytest.mark.django_db(transaction=True)  # the test case itself is no transaction
def test_reads_inside_a_transaction_and_identity_reads_stay_on_the_primary(one_replica: dict[str, bool]) -> None:
    router = ReplicaRouter()
    with replica_reads():
        assert router.db_for_read(User) is None
        router.db_for_write(User)  # the session or last_login: pins nothing
        assert router.db_for_read(Case) == "replica_0"
        with transaction.atomic():
            assert router.db_for_read(Case) is None
        assert router.db_for_read(Case) == "replica_0"


def test_a_replica_down_or_behind_is_skipped(one_replica: dict[str, bool]) -> None:
    one_replica["replica_0"] = False
    with replica_reads():
        assert ReplicaRouter().db_for_read(Case) is None


def test_migrations_run_on_the_primary_only() -> None:
    router = ReplicaRouter()
    assert router.allow_migrate("default", "cases")
    assert not router.allow_migrate("replica_0", "cases")


def _middleware(view_reads: bool = True, view_writes: bool = False) -> tuple[ReplicaReadsMiddleware, list[str | None]]:
    seen: list[str | None] = []

    def view(request):  # type: ignore[no-untyped-def]
        router = ReplicaRouter()
        if view_writes:
            router.db_for_write(Case)
        if view_reads:
            seen.append(router.db_for_read(Case))
        return HttpResponse("ok")

    return ReplicaReadsMiddleware(view), seen


def test_a_report_page_reads_from_the_replica_and_says_so(one_replica: dict[str, bool], settings) -> None:  # type: ignore[no-untyped-def]
    settings.FAZHI_REPLICA_PATHS = ("/reports/", "/public/")
    middleware, seen = _middleware()
    response = middleware(RequestFactory().get("/reports/"))
    assert seen == ["replica_0"] and response["X-Fazhi-Read-From"] == "replica"
    assert PIN_COOKIE not in response.cookies


def test_other_pages_and_posts_read_the_primary_and_a_write_pins_the_client(one_replica, settings) -> None:  # type: ignore[no-untyped-def]
    settings.FAZHI_REPLICA_PATHS = ("/reports/",)
    settings.FAZHI_REPLICA_PIN_SECONDS = 7
    middleware, seen = _middleware()
    middleware(RequestFactory().get("/cases/"))
    response = middleware(RequestFactory().post("/reports/"))
    assert seen == [None, None]
    assert response.cookies[PIN_COOKIE]["max-age"] == 7
    pinned = RequestFactory().get("/reports/")
    pinned.COOKIES[PIN_COOKIE] = "1"
    middleware(pinned)
    assert seen[-1] is None


def test_a_get_that_writes_pins_the_client_and_reads_its_own_write(one_replica, settings) -> None:  # type: ignore[no-untyped-def]
    settings.FAZHI_REPLICA_PATHS = ("/public/",)
    middleware, seen = _middleware(view_writes=True)
    response = middleware(RequestFactory().get("/public/"))
    assert seen == [None]
    assert PIN_COOKIE in response.cookies and "X-Fazhi-Read-From" not in response
