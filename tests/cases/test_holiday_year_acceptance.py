"""Across the year-end with next year's holidays not entered (issue 7): on 2026-12-20 nothing answers 500, every
deadline that needs 2027's working days is shown as provisional, the one act whose legality turns on an unknown
day (the court application) is refused with the way out, and entering 2027 on the page recomputes everything."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from fazhi.cases import services
from fazhi.cases.models import Case, PreDecisionNotice
from fazhi.core import calendar as core_calendar
from fazhi.core.errors import RuleViolation
from fazhi.core.models import AuditEvent, HolidayOverride, HolidayYear
from fazhi.rules import set_default_holiday_table
from fazhi.supervision.models import Alert, Severity
from tests.cases.flow import FINE, make_cast, registered_case, to_notified, travel

TODAY = date(2026, 12, 20)  # a Sunday in December; 2027 is not entered

# A complete (fictitious) 2027 arrangement, as the State Council's notice words it. It differs from the provisional
# calendar on 2027-01-04 (a holiday here) and 2027-01-09 (a make-up Saturday).
NOTICE_2027 = """
一、元旦：1月1日（周五）至4日（周一）放假调休，共4天。1月9日（周六）上班。
二、春节：2月5日（农历除夕、周五）至13日（农历正月初八、周六）放假调休，共9天。2月20日（周六）上班。
三、清明节：4月3日（周六）至5日（周一）放假，共3天。
四、劳动节：5月1日（周六）至5日（周三）放假调休，共5天。5月8日（周六）上班。
五、端午节：6月9日（周三）放假，共1天。
六、中秋节：9月15日（周三）放假，共1天。
七、国庆节：10月1日（周五）至7日（周四）放假调休，共7天。9月26日（周日）、10月9日（周六）上班。
"""


@pytest.fixture(autouse=True)
def _no_2027() -> Iterator[None]:
    set_default_holiday_table(None)
    core_calendar._loaded_at = None
    yield
    set_default_holiday_table(None)
    core_calendar._loaded_at = None


@pytest.fixture
def cast(bureau, power_list, make_officer, make_user):  # type: ignore[no-untyped-def]
    return make_cast(bureau, make_officer, make_user)


def _decided(monkeypatch: Any, bureau: Any, cast: Any, notice_on: date, decided_on: date) -> Case:
    shift = notice_on - date(2025, 3, 17)
    case = to_notified(
        monkeypatch, registered_case(monkeypatch, bureau, cast, is_major=False, shift=shift), cast, shift
    )
    travel(monkeypatch, decided_on)
    services.case_decide(
        actor=cast.head, case=case, outcome="penalty", reasons="违法事实清楚。", penalty_kinds=["fine"], fine=FINE
    )
    return Case.objects.get(pk=case.pk)


def _client(user: Any) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_december_without_2027_nothing_fails_and_entering_the_year_recomputes(
    monkeypatch, bureau, cast, make_user
) -> None:  # type: ignore[no-untyped-def]
    # Case A: 公告送达 today (served 30 days later, in 2027). Case B: ordinary 送达 today (pay by 2027-01-04).
    a = _decided(monkeypatch, bureau, cast, date(2026, 11, 30), date(2026, 12, 15))
    b = _decided(monkeypatch, bureau, cast, date(2026, 11, 30), date(2026, 12, 15))
    # Case C: served in June, reminded in November: its court window ends in 2027.
    c = _decided(monkeypatch, bureau, cast, date(2026, 6, 1), date(2026, 6, 10))
    services.decision_serve(
        actor=cast.handler1, case=c, method="direct", served_on=date(2026, 6, 10), recipient="张三", proof="回证"
    )
    travel(monkeypatch, date(2026, 11, 2))
    services.reminder_issue(
        actor=cast.handler1, case=c, method="direct", served_on=date(2026, 11, 2), recipient="张三", proof="回证"
    )
    # Case D: a 事先告知 served on 2026-12-28 would run into 2027; served here with the provisional calendar.
    d = registered_case(monkeypatch, bureau, cast, is_major=False, shift=date(2026, 12, 14) - date(2025, 3, 3))
    d = to_notified(monkeypatch, d, cast, shift=date(2026, 12, 28) - date(2025, 3, 17))
    notice = PreDecisionNotice.objects.get(case=d)
    assert notice.representation_until == date(2027, 1, 5)  # 12-29, 12-30, 12-31, (元旦, weekend) 1-4, 1-5

    travel(monkeypatch, TODAY)
    services.decision_serve(
        actor=cast.handler1, case=a, method="announcement", served_on=TODAY, recipient="张三", proof="公告"
    )
    services.decision_serve(
        actor=cast.handler1, case=b, method="direct", served_on=TODAY, recipient="张三", proof="回证"
    )

    head, officer = _client(cast.head), _client(cast.handler1)
    for client in (head, officer):
        assert client.get("/cases/todo/").status_code == 200
    for case in (a, b, c, d):
        page = officer.get(f"/cases/{case.pk}/")
        assert page.status_code == 200, case
        assert officer.get(f"/documents/case/{case.pk}/").status_code == 200
        assert officer.get(f"/api/cases/{case.pk}/money").status_code == 200
    page = officer.get(f"/cases/{b.pk}/").content.decode()
    assert "暂按周末及法定节日推算，待录入2027年安排" in page
    assert "暂定" in officer.get(f"/cases/{d.pk}/").content.decode()  # the stored 陈述申辩 period
    deadlines = {x["code"]: x for x in officer.get(f"/api/cases/{b.pk}/deadlines").json()}
    assert deadlines["payment"]["due"] == "2027-01-04" and deadlines["payment"]["provisional"] is True
    assert deadlines["payment"]["provisional_note"] == "暂按周末及法定节日推算，待录入2027年安排"
    assert deadlines["service"]["provisional"] is False  # decided 12-15: 7 working days end in 2026, exact
    payment_a = {x["code"]: x for x in officer.get(f"/api/cases/{a.pk}/deadlines").json()}["payment"]
    assert payment_a["due"] == "2027-02-03" and payment_a["provisional"] is True  # deemed served 2027-01-19

    # The court application turns on the last day of the window: refused, with where to enter the year.
    actions = {x["code"]: x for x in head.get(f"/api/cases/{c.pk}/actions").json()}
    assert not actions["apply_court"]["allowed"]
    assert any("/system/holidays/" in r and "2027年" in r for r in actions["apply_court"]["reasons"])
    response = head.post(f"/api/cases/{c.pk}/apply-court", {"court": "示范市人民法院"}, "application/json")
    assert response.status_code == 409 and "节假日安排尚未录入" in response.json()["message"]
    with pytest.raises(RuleViolation, match="申请法院强制执行的期限取决于2027年的工作日"):
        services.court_enforcement_apply(actor=cast.head, case=c, court="示范市人民法院")

    # In 2027 itself, before the year is entered, whether the party's periods have ended cannot be known: no guess.
    from fazhi.cases import workflow

    d = Case.objects.get(pk=d.pk)
    reasons = workflow.blockers_decide(d, cast.head, date(2027, 1, 8))
    assert any(r.startswith("陈述申辩期限是否届满取决于2027年的工作日") for r in reasons), reasons
    assert any(r.startswith("听证申请期限是否届满取决于2027年的工作日") for r in reasons), reasons
    assert all("/system/holidays/" in r for r in reasons if "取决于" in r)
    assert not any("取决于" in r for r in workflow.blockers_decide(d, cast.head, date(2026, 12, 31)))

    # The scan answers: the window is a notice, not a missed deadline, and the missing year is an alert.
    call_command("supervise")
    window = Alert.objects.get(rule_id="court_window", object_id=c.pk, resolved_at__isnull=True)
    assert window.severity == Severity.INFO and "暂定" in window.explanation
    assert Alert.objects.filter(rule_id="holiday_year_missing", resolved_at__isnull=True).exists()

    # A year with one holiday cannot be confirmed, neither by preview nor by a forged confirm.
    admin = _client(bureau.admin)
    one = admin.post(
        "/system/holidays/",
        {"step": "preview", "year": "2027", "source": "测试", "text": "一、元旦：1月1日放假，共1天。"},
    )
    assert (
        one.status_code == 200 and "不能确认" in one.content.decode() and 'value="confirm"' not in one.content.decode()
    )
    forged = admin.post(
        "/system/holidays/", {"step": "confirm", "year": "2027", "source": "测试", "days": "H2027-01-01:元旦"}
    )
    assert forged.status_code == 400 and "不完整" in forged.content.decode()
    assert not HolidayYear.objects.filter(year=2027).exists() and not HolidayOverride.objects.filter(year=2027).exists()
    # Only a system administrator may enter a year.
    assert head.post("/system/holidays/", {"step": "preview", "year": "2027", "text": NOTICE_2027}).status_code == 403

    # Enter 2027 from the notice's text: preview, then confirm.
    preview = admin.post(
        "/system/holidays/", {"step": "preview", "year": "2027", "source": "通知", "text": NOTICE_2027}
    )
    body = preview.content.decode()
    assert preview.status_code == 200 and 'value="confirm"' in body and "不能确认" not in body
    encoded = body.split('name="days" value="')[1].split('"')[0]
    done = admin.post(
        "/system/holidays/",
        {"step": "confirm", "year": "2027", "source": "国务院办公厅关于2027年部分节假日安排的通知", "days": encoded},
    )
    assert done.status_code == 302
    assert HolidayYear.objects.filter(year=2027).exists()
    assert HolidayOverride.objects.filter(year=2027, kind="holiday").count() == 30
    assert AuditEvent.objects.filter(action="holiday.year_confirm").count() == 1

    # Stored deadlines are recomputed (2027-01-04 is now a holiday), audited; computed ones lose "provisional".
    notice.refresh_from_db()
    assert notice.representation_until == date(2027, 1, 6)
    assert AuditEvent.objects.filter(action="holiday.recompute", entity_id=str(notice.pk)).exists()
    deadlines = {x["code"]: x for x in officer.get(f"/api/cases/{b.pk}/deadlines").json()}
    assert deadlines["payment"]["due"] == "2027-01-05" and deadlines["payment"]["provisional"] is False
    assert "暂定" not in officer.get(f"/cases/{d.pk}/").content.decode()
    actions = {x["code"]: x for x in head.get(f"/api/cases/{c.pk}/actions").json()}
    assert actions["apply_court"]["allowed"], actions["apply_court"]["reasons"]
    call_command("supervise")
    assert not Alert.objects.filter(rule_id="holiday_year_missing", resolved_at__isnull=True).exists()


def test_the_banner_shows_from_1_november_to_heads_and_administrators_only(monkeypatch, bureau, cast) -> None:  # type: ignore[no-untyped-def]
    travel(monkeypatch, date(2026, 10, 31))
    assert "尚未录入" not in _client(bureau.admin).get("/").content.decode()
    travel(monkeypatch, date(2026, 11, 1))
    page = _client(bureau.admin).get("/").content.decode()
    assert "2027年的法定节假日安排尚未录入" in page and "/system/holidays/" in page
    assert "2027年的法定节假日安排尚未录入" in _client(cast.head).get("/").content.decode()
    assert "2027年的法定节假日安排尚未录入" not in _client(cast.handler1).get("/").content.decode()


def test_bad_input_on_the_holiday_page_is_a_clear_refusal(bureau) -> None:  # type: ignore[no-untyped-def]
    admin = _client(bureau.admin)
    for year in ("0", "abc", "-5", "99999999999999999999", "2024"):
        response = admin.post("/system/holidays/", {"step": "preview", "year": year, "text": "1月1日放假"})
        assert response.status_code == 400 and "年份" in response.content.decode(), year
    forged = admin.post(
        "/system/holidays/", {"step": "confirm", "year": "2027", "source": "x", "days": "Xbad|H2027-13-01:"}
    )
    assert forged.status_code == 400 and "确认数据已损坏" in forged.content.decode()
    junk = admin.post("/system/holidays/", {"step": "preview", "year": "2027", "text": "\x00 一、元旦：1月1日至"})
    assert junk.status_code == 400 and "空字符" in junk.content.decode()  # refused by InputSafetyMiddleware
    assert not HolidayYear.objects.exists()
