"""One test per case rule: create the condition through the services (time travel), scan, read the alert and its
explanation (article and the dates compared), clear the condition, scan again, and see the alert resolved.

A condition that the services refuse to create (a decision without legal review, a fine outside its tier without
a reason, a case registered after the limitation period) is created as imported or legacy data would be, by
writing the rows directly; such corrections bypass the case timeline, so the scan that sees them runs with
``full`` (``fazhi supervise --full``).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from fazhi import rules
from fazhi.cases import services
from fazhi.cases.models import Case, Decision
from fazhi.supervision.models import Alert, Severity
from tests.cases.flow import FINE, add_evidence, registered_case, to_notified, travel
from tests.supervision.helpers import open_alert, resolved, scan


def _decided(monkeypatch, bureau, cast, day: date = date(2025, 3, 25)) -> Case:  # type: ignore[no-untyped-def]
    case = to_notified(monkeypatch, registered_case(monkeypatch, bureau, cast, is_major=False), cast)
    travel(monkeypatch, day)
    services.case_decide(
        actor=cast.head, case=case, outcome="penalty", reasons="违法事实清楚。", penalty_kinds=["fine"], fine=FINE
    )
    return Case.objects.get(pk=case.pk)


def _served(monkeypatch, bureau, cast) -> Case:  # type: ignore[no-untyped-def]
    case = _decided(monkeypatch, bureau, cast)
    services.decision_serve(
        actor=cast.handler1, case=case, method="direct", served_on=date(2025, 3, 25), recipient="张三", proof="回证"
    )
    return Case.objects.get(pk=case.pk)


def test_a_case_near_its_decision_limit_warns_and_an_extension_resolves_it(monkeypatch, bureau, cast) -> None:
    case = registered_case(monkeypatch, bureau, cast, is_major=False)  # 立案 2025-03-03: due 2025-06-01
    scan(monkeypatch, date(2025, 5, 21))
    assert open_alert("decision_deadline", case.pk) is None  # day 79
    scan(monkeypatch, date(2025, 5, 25))
    alert = open_alert("decision_deadline", case.pk)
    assert alert is not None and alert.severity == Severity.WARNING
    assert "行政处罚法第六十条" in alert.explanation
    assert "2025年03月03日" in alert.explanation and "2025年06月01日" in alert.explanation
    assert alert.case_id == case.pk and alert.agency_id == bureau.squad.pk

    from fazhi.cases.models import ExtensionProvision

    provision = ExtensionProvision.objects.create(
        citation="《示范行政处罚程序规定》第五十条", max_days=30, effective_from=date(2025, 1, 1)
    )
    services.case_extend(actor=cast.head, case=case, days=30, reason="案情复杂", provision_id=provision.pk)
    scan(monkeypatch, date(2025, 5, 25))
    assert resolved("decision_deadline", case.pk)

    scan(monkeypatch, date(2025, 7, 2))  # the extended limit (2025-07-01) has passed
    alert = open_alert("decision_deadline", case.pk)
    assert alert is not None and alert.severity == Severity.SERIOUS
    assert "2025年07月01日" in alert.explanation and "已逾期1日" in alert.explanation


def test_a_decision_not_served_within_seven_working_days_is_flagged_until_served(monkeypatch, bureau, cast) -> None:
    case = _decided(monkeypatch, bureau, cast)  # decided 2025-03-25: serve by 2025-04-03 (清明 on 04-04)
    scan(monkeypatch, date(2025, 4, 3))
    assert open_alert("service_late", case.pk) is None
    scan(monkeypatch, date(2025, 4, 7))
    alert = open_alert("service_late", case.pk)
    assert alert is not None and alert.severity == Severity.SERIOUS
    assert "行政处罚法第六十一条" in alert.explanation
    assert "2025年03月25日" in alert.explanation and "2025年04月03日" in alert.explanation

    services.decision_serve(
        actor=cast.handler1,
        case=case,
        method="direct",
        served_on=date(2025, 4, 7),
        recipient="张三",
        proof="回证",
        late_reason="当事人外出",
    )
    scan(monkeypatch, date(2025, 4, 7))
    assert resolved("service_late", case.pk)


def test_an_unpaid_fine_after_its_due_date_is_flagged_until_paid_with_its_late_fee(monkeypatch, bureau, cast) -> None:
    case = _served(monkeypatch, bureau, cast)  # due 2025-04-09
    scan(monkeypatch, date(2025, 4, 9))
    assert open_alert("payment_overdue", case.pk) is None
    scan(monkeypatch, date(2025, 4, 10))
    alert = open_alert("payment_overdue", case.pk)
    assert alert is not None
    assert "行政处罚法第七十二条" in alert.explanation and "2025年04月09日" in alert.explanation
    assert "加处罚款" in alert.explanation and "2025年04月10日" in alert.explanation

    travel(monkeypatch, date(2025, 4, 12))
    for kind, amount, receipt in (("fine", FINE, "R-1"), ("late_fee", Decimal("4500"), "R-2")):
        services.payment_record(
            actor=cast.clerk,
            case=case,
            kind=kind,
            amount=amount,
            paid_on=date(2025, 4, 12),
            receipt_number=receipt,
            bank="示范农商银行",
        )
    scan(monkeypatch, date(2025, 4, 12))
    assert resolved("payment_overdue", case.pk)


def test_no_reminder_thirty_days_after_the_due_date_is_flagged_until_one_is_served(monkeypatch, bureau, cast) -> None:
    case = _served(monkeypatch, bureau, cast)  # due 2025-04-09: 催告 expected by 2025-05-09
    scan(monkeypatch, date(2025, 5, 9))
    assert open_alert("reminder_missing", case.pk) is None
    scan(monkeypatch, date(2025, 5, 12))
    alert = open_alert("reminder_missing", case.pk)
    assert alert is not None
    assert "行政强制法第三十五条、第五十四条" in alert.explanation and "2025年04月09日" in alert.explanation

    services.reminder_issue(
        actor=cast.handler1, case=case, method="direct", served_on=date(2025, 5, 12), recipient="张三", proof="回证"
    )
    scan(monkeypatch, date(2025, 5, 12))
    assert resolved("reminder_missing", case.pk)


def test_a_closing_court_enforcement_window_warns_until_the_application(monkeypatch, bureau, cast) -> None:
    case = _served(monkeypatch, bureau, cast)
    travel(monkeypatch, date(2025, 5, 12))
    services.reminder_issue(
        actor=cast.handler1, case=case, method="direct", served_on=date(2025, 5, 12), recipient="张三", proof="回证"
    )
    start, end = rules.court_enforcement_window(date(2025, 3, 25), date(2025, 5, 12))
    scan(monkeypatch, end - timedelta(days=31))
    assert open_alert("court_window", case.pk) is None
    day = end - timedelta(days=10)
    scan(monkeypatch, day)
    alert = open_alert("court_window", case.pk)
    assert alert is not None and alert.severity == Severity.WARNING
    assert "行政强制法第五十三条" in alert.explanation
    assert f"{start:%Y年%m月%d日}至{end:%Y年%m月%d日}" in alert.explanation

    services.court_enforcement_apply(actor=cast.head, case=case, court="示范市人民法院")
    scan(monkeypatch, day)
    assert resolved("court_window", case.pk)


def test_a_missed_court_enforcement_window_is_serious(monkeypatch, bureau, cast) -> None:
    case = _served(monkeypatch, bureau, cast)
    travel(monkeypatch, date(2025, 5, 12))
    services.reminder_issue(
        actor=cast.handler1, case=case, method="direct", served_on=date(2025, 5, 12), recipient="张三", proof="回证"
    )
    _, end = rules.court_enforcement_window(date(2025, 3, 25), date(2025, 5, 12))
    scan(monkeypatch, end + timedelta(days=1))
    alert = open_alert("court_window", case.pk)
    assert alert is not None and alert.severity == Severity.SERIOUS and "已届满，未提出申请" in alert.explanation


def test_a_major_decision_without_legal_review_or_discussion_is_flagged(monkeypatch, bureau, cast) -> None:
    case = registered_case(monkeypatch, bureau, cast, is_major=False)
    travel(monkeypatch, date(2025, 3, 10))
    add_evidence(case, cast, date(2025, 3, 10))
    services.investigation_conclude(
        actor=cast.handler1,
        case=case,
        facts="事实",
        evidence_summary="证据",
        proposed_outcome="penalty",
        penalty_kinds=["fine"],
        fine=FINE,
        discretion_facts={"area_m2": 50, "construction_cost": 800000},
    )
    services.case_review_record(actor=cast.leader, case=case, opinion="agree", text="同意")
    services.notice_issue(actor=cast.handler1, case=case, method="direct", served_on=date(2025, 3, 10))
    travel(monkeypatch, date(2025, 3, 25))
    services.case_decide(actor=cast.head, case=case, outcome="penalty", reasons="r", penalty_kinds=["fine"], fine=FINE)
    Case.objects.filter(pk=case.pk).update(is_major=True)  # the bureau's 重大执法决定 list, entered afterwards
    scan(monkeypatch, date(2025, 3, 26), full=True)
    alert = open_alert("major_without_review", case.pk)
    assert alert is not None and alert.severity == Severity.SERIOUS
    assert "行政处罚法第五十八条" in alert.explanation and "第五十七条第二款" in alert.explanation
    assert "2025年03月25日" in alert.explanation

    Case.objects.filter(pk=case.pk).update(is_major=False)  # corrected: not on the list
    scan(monkeypatch, date(2025, 3, 26), full=True)
    assert resolved("major_without_review", case.pk)


def test_a_handler_whose_certificate_was_not_valid_when_he_acted_is_flagged(monkeypatch, bureau, cast) -> None:
    case = registered_case(monkeypatch, bureau, cast, is_major=False)  # handlers assigned 2025-03-03
    certificate = cast.officers[0].certificates.get()
    certificate.status, certificate.status_changed_on = "suspended", date(2025, 3, 1)  # suspended retroactively
    certificate.save()
    scan(monkeypatch, date(2025, 3, 20))
    alert = open_alert("handler_certificate", case.pk)
    assert alert is not None and alert.severity == Severity.SERIOUS
    assert "行政处罚法第四十二条" in alert.explanation and "2025年03月03日办案时" in alert.explanation
    assert "刘晓东" in alert.explanation and "暂扣" in alert.explanation

    certificate.status, certificate.status_changed_on = "valid", None  # the suspension was entered in error
    certificate.save()
    run = scan(monkeypatch, date(2025, 3, 20))  # incremental: the changed certificate rescans the cases
    assert run.scanned >= 1
    assert resolved("handler_certificate", case.pk)


def test_a_reviewer_who_is_also_a_handler_is_flagged_until_he_withdraws(monkeypatch, bureau, cast) -> None:
    case = to_notified(monkeypatch, registered_case(monkeypatch, bureau, cast, is_major=False), cast)
    reviewer_officer = cast.reviewer.officer
    travel(monkeypatch, date(2025, 3, 18))
    services.handler_add(actor=cast.head, case=case, officer=reviewer_officer)
    scan(monkeypatch, date(2025, 3, 18))
    alert = open_alert("reviewer_was_handler", case.pk)
    assert alert is not None and alert.severity == Severity.SERIOUS
    assert "办审分离" in alert.explanation and "第五十八条" in alert.explanation
    assert "2025年03月12日审核" in alert.explanation and "2025年03月18日起" in alert.explanation

    travel(monkeypatch, date(2025, 3, 19))
    recusal = services.recusal_apply(
        actor=cast.head, case=case, officer=reviewer_officer, applicant="self", reason="曾参与法制审核"
    )
    services.recusal_decide(actor=cast.head, recusal=recusal, granted=True)
    scan(monkeypatch, date(2025, 3, 19))
    assert resolved("reviewer_was_handler", case.pk)


def test_a_fine_outside_its_discretion_tier_without_a_reason_is_flagged(monkeypatch, bureau, cast) -> None:
    case = _decided(monkeypatch, bureau, cast)  # tier 48000–64000 元
    Decision.objects.filter(case=case).update(fine=Decimal("30000.00"))  # imported without the written reason
    scan(monkeypatch, date(2025, 3, 26), full=True)
    alert = open_alert("fine_outside_tier", case.pk)
    assert alert is not None
    assert "行政处罚法第三十四条" in alert.explanation and "30000.00元" in alert.explanation
    assert "2025年03月25日" in alert.explanation and "48000" in alert.explanation

    Decision.objects.filter(case=case).update(out_of_range_reason="当事人主动消除违法后果，减轻处罚。")
    scan(monkeypatch, date(2025, 3, 26), full=True)
    assert resolved("fine_outside_tier", case.pk)


def test_a_case_registered_after_the_limitation_period_is_flagged(monkeypatch, bureau, cast) -> None:
    case = registered_case(monkeypatch, bureau, cast, is_major=False)  # discovered 2025-03-03
    Case.objects.filter(pk=case.pk).update(act_date=date(2023, 1, 5))  # legacy data: act over two years before
    scan(monkeypatch, date(2025, 3, 4), full=True)
    alert = open_alert("registered_after_limitation", case.pk)
    assert alert is not None and alert.severity == Severity.SERIOUS
    assert "行政处罚法第三十六条" in alert.explanation
    assert "2023年01月05日" in alert.explanation and "2025年01月05日" in alert.explanation
    assert "2025年03月03日立案" in alert.explanation

    Case.objects.filter(pk=case.pk).update(act_date=date(2025, 2, 20))  # the date was mistyped
    scan(monkeypatch, date(2025, 3, 4), full=True)
    assert resolved("registered_after_limitation", case.pk)


def test_a_publication_past_its_due_date_is_flagged_until_published(monkeypatch, bureau, cast) -> None:
    from fazhi.publicity.models import Publication
    from fazhi.publicity.services import publication_publish

    case = _decided(monkeypatch, bureau, cast)
    publication = Publication.objects.get(decision__case=case)
    scan(monkeypatch, publication.due_on)
    assert open_alert("publication_late", publication.pk) is None
    late = publication.due_on + timedelta(days=1)
    scan(monkeypatch, late)
    alert = open_alert("publication_late", publication.pk)
    assert alert is not None and alert.case_id == case.pk
    assert "行政处罚法第四十八条" in alert.explanation and f"{publication.due_on:%Y年%m月%d日}" in alert.explanation

    publication_publish(actor=cast.head, publication=publication, on=late)
    scan(monkeypatch, late)
    assert resolved("publication_late", publication.pk)
    assert Alert.objects.filter(rule_id="publication_late").count() == 1
