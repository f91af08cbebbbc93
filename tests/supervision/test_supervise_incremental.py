"""``fazhi supervise`` run twice creates no duplicate, and the second run skips every unchanged record."""

from __future__ import annotations

from datetime import date
from io import StringIO

from django.core.management import call_command

from fazhi.cases import services
from fazhi.supervision.models import Alert, ScanRun
from tests.cases.flow import registered_case, travel
from tests.supervision.helpers import scan


def test_running_the_scan_twice_creates_no_duplicates_and_skips_unchanged_cases(monkeypatch, bureau, cast) -> None:
    case = registered_case(monkeypatch, bureau, cast, is_major=False)
    first = scan(monkeypatch, date(2025, 6, 2))
    assert first.raised >= 1 and first.scanned >= 1
    alerts = list(Alert.objects.values_list("pk", "fingerprint", "explanation"))

    second = scan(monkeypatch, date(2025, 6, 2))
    assert (second.scanned, second.raised, second.resolved, second.updated) == (0, 0, 0, 0)
    assert second.skipped == first.scanned + first.skipped
    assert list(Alert.objects.values_list("pk", "fingerprint", "explanation")) == alerts

    # The next day the overdue case is evaluated again: the same alert, its explanation counting one more day.
    alert = Alert.objects.get(rule_id="decision_deadline", resolved_at__isnull=True)
    assert "已逾期1日" in alert.explanation
    next_day = scan(monkeypatch, date(2025, 6, 3))
    assert next_day.raised == 0 and next_day.updated >= 1
    again = Alert.objects.get(rule_id="decision_deadline", resolved_at__isnull=True)
    assert again.pk == alert.pk and "已逾期2日" in again.explanation

    # A change through a service rescans that case only.
    travel(monkeypatch, date(2025, 6, 3))
    services.case_suspend(actor=cast.head, case=case, kind="testing", start=date(2025, 5, 1), reason="委托鉴定")
    third = scan(monkeypatch, date(2025, 6, 3))
    assert third.scanned == 1 and third.raised == 0
    assert Alert.objects.filter(rule_id="decision_deadline", resolved_at__isnull=True).count() <= 1


def test_a_date_driven_rule_rechecks_on_its_day_without_any_change(monkeypatch, bureau, cast) -> None:
    case = registered_case(monkeypatch, bureau, cast, is_major=False)  # warning from 2025-05-22
    scan(monkeypatch, date(2025, 5, 1))
    assert scan(monkeypatch, date(2025, 5, 21)).scanned == 0  # nothing can change before the warning day
    run = scan(monkeypatch, date(2025, 5, 22))
    assert run.scanned == 1 and run.raised == 1
    assert Alert.objects.get(object_id=case.pk, rule_id="decision_deadline").severity == "warning"


def test_the_command_prints_its_counts_and_a_second_run_changes_nothing(monkeypatch, bureau, cast) -> None:
    registered_case(monkeypatch, bureau, cast, is_major=False)
    travel(monkeypatch, date(2025, 6, 2))
    out = StringIO()
    call_command("supervise", "--date", "2025-06-02", stdout=out)
    assert "预警新增" in out.getvalue() and "消除0条" in out.getvalue()
    count = Alert.objects.count()
    assert Alert.objects.filter(rule_id="decision_deadline").count() == 1
    out = StringIO()
    call_command("supervise", "--date", "2025-06-02", stdout=out)
    assert "检查0件" in out.getvalue() and "预警新增0条" in out.getvalue()
    assert Alert.objects.count() == count and ScanRun.objects.count() == 2
