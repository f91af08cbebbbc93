"""The supervision board and its alert list run as many queries with many open alerts as with few (issue 14)."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from fazhi.accounts.models import Role
from fazhi.supervision.models import Alert
from tests.cases.flow import registered_case
from tests.supervision.helpers import scan

PAGES = ("/supervision/", "/supervision/alerts/", "/supervision/alerts/?rule=decision_deadline")


def _counts(users) -> dict[tuple[str, str], int]:  # type: ignore[no-untyped-def]
    out = {}
    for user in users:
        client = Client()
        client.force_login(user)
        for url in PAGES:
            client.get(url)
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            out[(user.username, url)] = len(ctx.captured_queries)
    return out


def test_the_board_runs_as_many_queries_with_many_open_alerts_as_with_few(monkeypatch, bureau, cast, make_user) -> None:
    users = [make_user(bureau.justice, Role.SUPERVISOR), cast.head, make_user(bureau.squad, Role.SQUAD_LEADER)]
    registered_case(monkeypatch, bureau, cast, is_major=False)
    scan(monkeypatch, date(2025, 6, 2))
    few_alerts = Alert.objects.filter(resolved_at__isnull=True).count()
    few = _counts(users)
    for _ in range(5):
        registered_case(monkeypatch, bureau, cast, is_major=False)
    scan(monkeypatch, date(2025, 6, 2))
    assert Alert.objects.filter(resolved_at__isnull=True).count() > few_alerts
    assert _counts(users) == few
