"""The incremental scan (change queue + due-date index) finds exactly what a full scan finds, day after day.

A varied set of cases is made through the services (registered, decided and unserved, served and unpaid,
extended, reminded), the clock walks across three months, the cases change between the days, and after each
day's incremental run its open alerts are compared with what a full evaluation of every record finds that day
(``fazhi.supervision.scan.full_findings``, which writes nothing, so the incremental chain is never reset).
"""

from __future__ import annotations

from datetime import date, timedelta

from fazhi.cases import services
from fazhi.cases.models import Case, CaseState, ExtensionProvision
from fazhi.supervision.models import Alert, ScanCursor, ScanStamp
from fazhi.supervision.scan import full_findings
from tests.cases.flow import FINE, registered_case, to_notified, travel
from tests.supervision.helpers import scan


def _open_alerts() -> set[tuple[str, str, int, str, str]]:
    return set(
        Alert.objects.filter(resolved_at__isnull=True).values_list(
            "rule_id", "record_type", "object_id", "severity", "explanation"
        )
    )


def _decide(monkeypatch, case: Case, cast, day: date) -> Case:  # type: ignore[no-untyped-def]
    travel(monkeypatch, day)
    services.case_decide(
        actor=cast.head, case=case, outcome="penalty", reasons="违法事实清楚。", penalty_kinds=["fine"], fine=FINE
    )
    return Case.objects.get(pk=case.pk)


def _serve(monkeypatch, case: Case, cast, day: date) -> None:  # type: ignore[no-untyped-def]
    travel(monkeypatch, day)
    services.decision_serve(
        actor=cast.handler1,
        case=case,
        method="direct",
        served_on=day,
        recipient="张三",
        proof="回证",
        late_reason="当事人外出，多次联系未果" if day > date(2025, 4, 3) else "",
    )


def test_the_incremental_scan_finds_what_a_full_scan_finds_across_days(monkeypatch, bureau, cast) -> None:
    waiting = registered_case(monkeypatch, bureau, cast, is_major=False)  # decision due 2025-06-01
    later = registered_case(monkeypatch, bureau, cast, is_major=False, shift=timedelta(days=20))
    unserved = _decide(
        monkeypatch, to_notified(monkeypatch, registered_case(monkeypatch, bureau, cast), cast), cast, date(2025, 3, 25)
    )
    unpaid = _decide(
        monkeypatch, to_notified(monkeypatch, registered_case(monkeypatch, bureau, cast), cast), cast, date(2025, 3, 25)
    )
    _serve(monkeypatch, unpaid, cast, date(2025, 3, 25))  # fine due 2025-04-09

    def changes(day: date) -> None:
        travel(monkeypatch, day)
        if day == date(2025, 4, 10):
            _serve(monkeypatch, unserved, cast, day)
        if day == date(2025, 5, 12):
            services.reminder_issue(
                actor=cast.handler1, case=unpaid, method="direct", served_on=day, recipient="张三", proof="回证"
            )
        if day == date(2025, 5, 25):
            provision = ExtensionProvision.objects.create(
                citation="《示范行政处罚程序规定》第五十条", max_days=30, effective_from=date(2025, 1, 1)
            )
            services.case_extend(actor=cast.head, case=waiting, days=30, reason="案情复杂", provision_id=provision.pk)
        if day == date(2025, 6, 10):
            services.payment_record(
                actor=cast.clerk,
                case=unpaid,
                kind="fine",
                amount=FINE,
                paid_on=day,
                receipt_number="R-1",
                bank="示范农商银行",
            )

    days = [date(2025, 4, d) for d in (1, 4, 7, 9, 10, 11)] + [
        date(2025, 5, d) for d in (9, 10, 11, 12, 13, 21, 22, 25, 26, 31)
    ]
    days += [date(2025, 6, d) for d in (1, 2, 3, 10, 11, 25)] + [date(2025, 7, 1), date(2025, 7, 2)]
    seen_rules: set[str] = set()
    partial = 0
    for day in days:
        changes(day)
        run = scan(monkeypatch, day)
        found = full_findings(today=day)
        assert _open_alerts() == found, day
        seen_rules |= {f[0] for f in found}
        partial += run.scanned < ScanStamp.objects.count()
        again = scan(monkeypatch, day)  # nothing changed, nothing newly due: no record is read
        assert (again.scanned, again.raised, again.updated, again.resolved) == (0, 0, 0, 0)
        assert _open_alerts() == found
    assert {"decision_deadline", "service_late", "payment_overdue", "reminder_missing"} <= seen_rules
    assert partial >= len(days) // 2  # most days read only what changed or fell due
    assert later.pk in set(ScanStamp.objects.values_list("object_id", flat=True))
    assert ScanCursor.objects.filter(record_type="cases.case").exists()


def test_a_case_changed_without_a_due_date_is_evaluated_from_the_queue_only(monkeypatch, bureau, cast) -> None:
    case = registered_case(monkeypatch, bureau, cast, is_major=False)
    scan(monkeypatch, date(2025, 4, 1))
    stamp = ScanStamp.objects.get(record_type="cases.case", object_id=case.pk)
    assert stamp.recheck_on == date(2025, 5, 22)  # the decision-deadline warning day (90 days - 10)
    assert scan(monkeypatch, date(2025, 4, 2)).scanned == 0
    travel(monkeypatch, date(2025, 4, 3))
    services.case_suspend(actor=cast.head, case=case, kind="testing", start=date(2025, 4, 3), reason="委托鉴定")
    run = scan(monkeypatch, date(2025, 4, 3))
    assert run.scanned == 1
    assert _open_alerts() == full_findings(today=date(2025, 4, 3))


def test_a_case_gone_back_from_the_candidates_has_its_alerts_resolved(monkeypatch, bureau, cast) -> None:
    case = registered_case(monkeypatch, bureau, cast, is_major=False)
    scan(monkeypatch, date(2025, 6, 2))
    assert Alert.objects.filter(case=case, resolved_at__isnull=True).exists()
    Case.objects.filter(pk=case.pk).update(state=CaseState.LEAD)  # a direct correction: the full scan sees it
    run = scan(monkeypatch, date(2025, 6, 3), full=True)
    assert run.resolved >= 1
    assert not Alert.objects.filter(case=case, resolved_at__isnull=True).exists()
    assert not ScanStamp.objects.filter(record_type="cases.case", object_id=case.pk).exists()
    assert _open_alerts() == full_findings(today=date(2025, 6, 3))
