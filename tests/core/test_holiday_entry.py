"""Reading the State Council's notice and a list of days; the preview; the confirm service."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date

import openpyxl
import pytest
from chinese_calendar import constants as cc

from fazhi.core import holidays as hol
from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.core.models import AuditEvent, HolidayOverride, HolidayYear
from fazhi.rules import is_working_day, set_default_holiday_table

# 国务院办公厅关于2026年部分节假日安排的通知, the dates as published (the package ships the same year).
NOTICE_2026 = """
一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
三、清明节：4月4日（周六）至6日（周一）放假，共3天。
四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
五、端午节：6月19日（周五）至21日（周日）放假，共3天。
六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
"""


@pytest.fixture(autouse=True)
def _reset_table() -> Iterator[None]:
    yield
    set_default_holiday_table(None)


def _package(year: int) -> tuple[set[date], set[date]]:
    return {d for d in cc.holidays if d.year == year}, {d for d in cc.workdays if d.year == year}


def test_the_2026_notice_reads_as_the_published_arrangement() -> None:
    parsed = hol.parse_notice_text(2026, NOTICE_2026)
    holidays, workdays = _package(2026)
    assert parsed.errors == []
    assert set(parsed.holidays) == holidays and set(parsed.workdays) == workdays
    assert parsed.holidays[date(2026, 2, 16)] == "春节" and parsed.workdays[date(2026, 10, 10)] == "国庆节"
    preview = hol.preview(parsed)
    assert preview.confirmable and preview.check is not None and preview.check.rest_weekdays == 13
    feb = preview.months[1]
    assert (feb.working_days, feb.rest_days) == (16, 12)  # 20 weekdays − 6 off + 2 make-up Saturdays


def test_a_clause_that_says_neither_rest_nor_work_is_reported_not_guessed() -> None:
    parsed = hol.parse_notice_text(2027, "一、元旦：1月1日（周五）至3日（周日），共3天。")
    assert parsed.holidays == {} and "无法判断是放假还是上班" in parsed.errors[0]
    assert "没有读到任何日期" in hol.parse_notice_text(2027, "放假通知").errors[0]
    assert "不合理" in hol.parse_notice_text(2027, "1月9日至1月2日放假").errors[0]
    assert "不在2027年内" in hol.parse_notice_text(2027, "2026年12月31日放假").errors[0]
    assert "本来就是工作日" in hol.parse_notice_text(2027, "1月4日（周一）上班").errors[0]
    assert "日期2月30日无效" in hol.parse_notice_text(2027, "2月30日放假").errors[0]


def _rows_2026() -> list[list[object]]:
    holidays, workdays = _package(2026)
    rows: list[list[object]] = [["日期", "类别", "名称"]]
    rows += [[d, "放假", "节日"] for d in sorted(holidays)] + [[d, "调休上班", ""] for d in sorted(workdays)]
    return rows


def test_an_xlsx_and_a_gbk_csv_list_read_the_same() -> None:
    book = openpyxl.Workbook()
    for row in _rows_2026():
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    from_xlsx = hol.parse_upload(2026, "2026.xlsx", buffer.getvalue())
    text = io.StringIO()
    writer = csv.writer(text)
    for row in _rows_2026():
        writer.writerow([f"{c:%Y/%m/%d}" if isinstance(c, date) else c for c in row])
    from_csv = hol.parse_upload(2026, "2026.csv", text.getvalue().encode("gb18030"))
    holidays, workdays = _package(2026)
    for parsed in (from_xlsx, from_csv):
        assert parsed.errors == [] and set(parsed.holidays) == holidays and set(parsed.workdays) == workdays


def test_bad_files_are_refused_clearly() -> None:
    with pytest.raises(ValidationError, match="请上传"):
        hol.parse_upload(2027, "a.pdf", b"%PDF")
    with pytest.raises(ValidationError, match="无法读取"):
        hol.parse_upload(2027, "a.xlsx", b"not a workbook")
    with pytest.raises(ValidationError, match="文件过大"):
        hol.parse_upload(2027, "a.csv", b"x" * (hol.MAX_UPLOAD_BYTES + 1))
    bad = hol.parse_upload(2027, "a.csv", "日期,类别\n2027-01-01,放假\nxx,放假\n2027-01-02,吃饭\n".encode())
    assert bad.errors == ["第3行：日期「xx」无法识别（应为2027-01-01）", "第4行：类别应为“放假”或“上班”"]


def test_confirm_replaces_the_year_audits_it_and_refuses_an_incomplete_one(bureau, make_user) -> None:  # type: ignore[no-untyped-def]
    from fazhi.accounts.models import Role

    with pytest.raises(PermissionDenied):
        hol.holiday_year_confirm(
            actor=make_user(bureau.bureau, Role.HEAD), parsed=hol.parse_notice_text(2031, "1月1日放假"), source="x"
        )
    with pytest.raises(ValidationError, match=r"缺少.*法定节日"):
        hol.holiday_year_confirm(actor=bureau.admin, parsed=hol.parse_notice_text(2031, "1月1日放假"), source="x")
    with pytest.raises(ValidationError, match="请填写依据"):
        hol.holiday_year_confirm(actor=bureau.admin, parsed=hol.parse_notice_text(2026, NOTICE_2026), source=" ")
    assert not HolidayYear.objects.exists() and not HolidayOverride.objects.exists()

    # Entering 2026 again (a correction of a shipped year) replaces the package's data for that year.
    result = hol.holiday_year_confirm(
        actor=bureau.admin, parsed=hol.parse_notice_text(2026, NOTICE_2026), source="通知"
    )
    assert (result.year, result.holidays, result.workdays) == (2026, 33, 6)
    assert HolidayOverride.objects.filter(year=2026).count() == 39
    event = AuditEvent.objects.get(action="holiday.year_confirm")
    assert event.before == {"holidays": [], "workdays": []} and len(event.after["holidays"]) == 33
    assert is_working_day(date(2026, 10, 10)) and not is_working_day(date(2026, 10, 7))


def test_the_page_is_for_system_administrators_and_reachable_from_their_menu(bureau, make_user) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client

    from fazhi.accounts.models import Role

    admin, officer = Client(), Client()
    admin.force_login(bureau.admin)
    officer.force_login(make_user(bureau.squad, Role.OFFICER))
    assert 'href="/system/holidays/"' in admin.get("/").content.decode()
    assert 'href="/system/holidays/"' not in officer.get("/").content.decode()
    page = officer.get("/system/holidays/")
    assert page.status_code == 200 and "预览" not in page.content.decode()  # read-only for others
    refused = officer.post("/system/holidays/", {"step": "preview", "year": "2027", "text": NOTICE_2026})
    assert refused.status_code == 403 and "只能由系统管理员录入" in refused.content.decode()


def test_the_preview_shows_each_block_as_one_span() -> None:
    preview = hol.preview(hol.parse_notice_text(2026, NOTICE_2026))
    assert preview.months[1].holiday_spans == ["2月15日至23日（春节）"]
    assert preview.months[9].holiday_spans == ["10月1日至7日（国庆节）"]
    assert preview.months[0].holiday_spans == ["1月1日至3日（元旦）"]


def test_a_confirm_that_fails_keeps_the_table_in_force(bureau, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from fazhi.core import calendar as core_calendar
    from fazhi.rules import get_default_holiday_table

    def broken(**_: object) -> int:
        raise RuntimeError("recompute failed")

    set_default_holiday_table(None)
    monkeypatch.setattr(core_calendar, "recompute_provisional", broken)
    with pytest.raises(RuntimeError):
        hol.holiday_year_confirm(actor=bureau.admin, parsed=hol.parse_notice_text(2026, NOTICE_2026), source="通知")
    assert get_default_holiday_table() is None
