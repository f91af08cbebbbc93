"""Imports beyond cases: for each kind a good file imports every row through the owning service (audited), a file
with one bad row imports nothing and names the row, the column and the reason in Chinese, and a file imported
twice adds nothing the second time."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from fazhi.accounts.models import Role
from fazhi.agencies.models import Certificate, Officer
from fazhi.complaints.models import Complaint, ComplaintSource
from fazhi.core.audit import AuditEvent
from fazhi.core.errors import PermissionDenied
from fazhi.imports.models import ImportBatch
from fazhi.imports.records import records_import
from fazhi.imports.services import ImportFailed
from fazhi.inspections.models import InspectionTarget
from fazhi.legal_affairs.models import Litigation, Reconsideration, ReviewOutcome, Training, TrainingAttendance
from tests.imports.records_helpers import resident_id, uscc, xlsx

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 1)


def _run(actor, kind, agency, rows):  # type: ignore[no-untyped-def]
    return records_import(
        actor=actor, kind=kind, agency=agency, data=xlsx(kind, rows), filename=f"{kind}.xlsx", today=TODAY
    )


def _failed(actor, kind, agency, rows):  # type: ignore[no-untyped-def]
    with pytest.raises(ImportFailed) as caught:
        _run(actor, kind, agency, rows)
    return [(e.line, e.column, e.reason) for e in caught.value.errors]


# --- 执法人员和执法证 ----------------------------------------------------------------------------------------------

OFFICER_ROWS = [
    {
        "姓名": "李明",
        "身份证号": resident_id(11),
        "性别": "男",
        "联系电话": "13800000001",
        "执法证编号": "43028120230001",
        "发证机关": "湖南省人民政府",
        "有效期自": "2023-01-01",
        "有效期至": "2028-12-31",
    },
    {"姓名": "王芳", "身份证号": resident_id(22), "性别": "女", "所属机构编码": "示城管东", "具有法律职业资格": "是"},
    {  # a second certificate of 李明 on a row of its own
        "姓名": "李明",
        "身份证号": resident_id(11),
        "执法证编号": "43028120230002",
        "发证机关": "湖南省人民政府",
        "有效期自": "2024-01-01",
        "有效期至": "2029-12-31",
    },
]


def test_officers_and_certificates_import_every_row_and_a_second_import_adds_nothing(bureau):
    report = _run(bureau.admin, "officers", bureau.brigade, OFFICER_ROWS)
    assert report.imported == 3 and report.unchanged == 0
    li = Officer.objects.get(resident_id=resident_id(11))
    wang = Officer.objects.get(resident_id=resident_id(22))
    assert li.agency == bureau.brigade and li.gender == "M" and li.phone == "13800000001"
    assert wang.agency == bureau.squad and wang.has_legal_qualification
    assert sorted(Certificate.objects.filter(officer=li).values_list("number", "valid_until")) == [
        ("43028120230001", date(2028, 12, 31)),
        ("43028120230002", date(2029, 12, 31)),
    ]
    assert AuditEvent.objects.filter(action="officer.create").count() == 2
    assert AuditEvent.objects.filter(action="certificate.issue").count() == 2
    batch = ImportBatch.objects.get()
    assert (batch.kind, batch.agency, batch.row_count) == ("officers", bureau.brigade, 3)
    assert AuditEvent.objects.filter(action="imports.officers").count() == 1

    again = _run(bureau.admin, "officers", bureau.brigade, OFFICER_ROWS)
    assert (again.imported, again.unchanged) == (0, 3)
    assert Officer.objects.count() == 2 and Certificate.objects.count() == 2


def test_an_officer_file_with_one_bad_row_imports_nothing_and_names_row_column_and_reason(bureau):
    bad_id = resident_id(33)[:-1] + ("0" if resident_id(33)[-1] != "0" else "1")
    rows = [*OFFICER_ROWS[:2], {"姓名": "赵六", "身份证号": bad_id}]
    errors = _failed(bureau.admin, "officers", bureau.brigade, rows)
    assert len(errors) == 1
    line, column, reason = errors[0]
    assert (line, column) == (4, "身份证号") and "校验位" in reason
    assert Officer.objects.count() == 0 and Certificate.objects.count() == 0 and ImportBatch.objects.count() == 0


def test_a_certificate_ending_before_it_starts_and_a_unit_outside_the_agency_are_refused(bureau):
    rows = [
        {**OFFICER_ROWS[0], "有效期自": "2028-01-01", "有效期至": "2027-12-31"},
        {"姓名": "王芳", "身份证号": resident_id(22), "所属机构编码": "示城管西"},
    ]
    errors = _failed(bureau.admin, "officers", bureau.squad, rows)
    assert (2, "有效期至", "有效期至（2027-12-31）早于有效期自（2028-01-01）") in errors
    assert any(line == 3 and col == "所属机构编码" and "下属机构" in why for line, col, why in errors)
    assert Officer.objects.count() == 0


def test_the_same_id_number_under_another_name_and_a_certificate_of_someone_else_are_refused(bureau, make_officer):
    other = make_officer(bureau.squad, "陈七")
    number = other.certificates.get().number
    Officer.objects.filter(pk=other.pk).update(resident_id=resident_id(44))
    rows = [
        {"姓名": "陈八", "身份证号": resident_id(44)},
        {
            "姓名": "周九",
            "身份证号": resident_id(55),
            "执法证编号": number,
            "发证机关": "示范市人民政府",
            "有效期自": "2020-01-01",
            "有效期至": "2030-12-31",
        },
    ]
    errors = _failed(bureau.admin, "officers", bureau.bureau, rows)
    assert [(line, col) for line, col, _ in errors] == [(2, "姓名"), (3, "执法证编号")]
    assert "其他执法人员" in errors[1][2]


# --- 检查对象名录库 -----------------------------------------------------------------------------------------------


def test_targets_import_and_a_bad_credit_code_refuses_the_file(bureau, make_user):
    clerk = make_user(bureau.bureau, Role.CLERK)
    rows = [
        {"名称": "好味餐饮店", "统一社会信用代码": uscc(1), "地址": "城东路1号", "类别": "餐饮"},
        {"名称": "城东建筑工地", "类别": "建筑工地", "风险等级": "高风险", "信用等级": "C"},
    ]
    report = _run(clerk, "targets", bureau.bureau, rows)
    assert report.imported == 2
    assert InspectionTarget.objects.get(name="城东建筑工地").risk_level == "high"
    assert InspectionTarget.objects.get(name="好味餐饮店").credit_grade == "B"  # the default
    assert sorted(InspectionTarget.objects.values_list("name", "uscc", "category")) == [
        ("城东建筑工地", "", "建筑工地"),
        ("好味餐饮店", uscc(1), "餐饮"),
    ]
    assert _run(clerk, "targets", bureau.bureau, rows).unchanged == 2

    bad = [{"名称": "新店", "统一社会信用代码": uscc(2)[:-1] + "0"}, {"名称": "另一店", "统一社会信用代码": uscc(1)}]
    errors = _failed(clerk, "targets", bureau.bureau, bad)
    assert errors[0][:2] == (2, "统一社会信用代码") and "校验位" in errors[0][2]
    assert errors[1][:2] == (3, "统一社会信用代码") and "好味餐饮店" in errors[1][2]
    assert InspectionTarget.objects.count() == 2
    wrong = _failed(clerk, "targets", bureau.bureau, [{"名称": "某店", "风险等级": "极高"}])
    assert wrong[0][:2] == (2, "风险等级") and "高风险" in wrong[0][2]


# --- 群众诉求 -----------------------------------------------------------------------------------------------------

COMPLAINT_ROWS = [
    {"工单编号": "12345-0001", "来源": "12345热线", "受理时间": "2026-03-02 09:30", "诉求内容": "夜市占道经营"},
    {"工单编号": "SZCG-0002", "来源": "数字城管", "受理时间": "2026-03-03", "诉求内容": "乱堆渣土", "地点": "城西路"},
]


def test_complaints_import_with_their_deadline_and_a_second_import_adds_nothing(bureau):
    report = _run(bureau.admin, "complaints", bureau.bureau, COMPLAINT_ROWS)
    assert report.imported == 2
    first = Complaint.objects.get(number="12345-0001")
    assert first.source == ComplaintSource.HOTLINE_12345 and first.status == "received"
    assert timezone.localtime(first.received_at).isoformat() == "2026-03-02T09:30:00+08:00"
    assert first.deadline == date(2026, 3, 9)  # five working days, the day of receipt not counted
    assert _run(bureau.admin, "complaints", bureau.bureau, COMPLAINT_ROWS).unchanged == 2
    assert Complaint.objects.count() == 2


def test_a_complaint_file_with_an_unknown_source_imports_nothing(bureau):
    rows = [COMPLAINT_ROWS[0], {**COMPLAINT_ROWS[1], "来源": "微博", "联系电话": "12345"}]
    errors = _failed(bureau.admin, "complaints", bureau.bureau, rows)
    assert [(line, col) for line, col, _ in errors] == [(3, "来源"), (3, "联系电话")]
    assert "微博" in errors[0][2] and "12345热线" in errors[0][2]
    assert Complaint.objects.count() == 0


HISTORY_ROWS = [
    {
        "工单编号": "12345-0101",
        "来源": "12345热线",
        "受理时间": "2026-03-02 09:30",
        "诉求内容": "夜市占道经营",
        "承办单位编码": "示城管东",
        "交办时间": "2026-03-02 10:00",
        "处置时间": "2026-03-05 16:00",
        "处置结果": "现场劝离，摊位已清理",
        "办结时间": "2026-03-06 09:00",
        "满意度": "满意",
    },
    {  # dispatched and handled, not yet closed in the earlier system
        "工单编号": "12345-0102",
        "来源": "数字城管",
        "受理时间": "2026-03-03 08:00",
        "诉求内容": "乱堆渣土",
        "承办单位编码": "示城管西",
        "交办时间": "2026-03-03 09:00",
        "处置时间": "2026-03-20 09:00",
        "处置结果": "已清运",
    },
]


def test_work_orders_of_earlier_years_keep_their_handling_and_count_in_their_year(bureau):
    from fazhi.complaints.figures import complaint_counts, complaints_dispatched

    report = _run(bureau.admin, "complaints", bureau.bureau, HISTORY_ROWS)
    assert report.imported == 2
    closed = Complaint.objects.get(number="12345-0101")
    assert (closed.status, closed.assigned_to, closed.satisfaction) == ("closed", bureau.squad, "satisfied")
    assert timezone.localtime(closed.closed_at).isoformat() == "2026-03-06T09:00:00+08:00"
    assert closed.handling_result == "现场劝离，摊位已清理"
    late = Complaint.objects.get(number="12345-0102")
    assert (late.status, late.closed_at) == ("handled", None)
    actions = list(AuditEvent.objects.filter(entity_type="complaints.complaint", entity_id=str(closed.pk)).values_list(
        "action", flat=True
    ))
    assert actions[-1] == "complaint.import_history"
    counts = complaint_counts(
        agency=bureau.bureau, include_subordinates=True, start=date(2026, 3, 1), end=date(2026, 3, 31), today=TODAY
    )
    assert (counts.received, counts.judged, counts.on_time) == (2, 2, 1)  # 0102 handled after its deadline
    dispatched = complaints_dispatched(
        agency=bureau.bureau, include_subordinates=True, start=date(2026, 3, 1), end=date(2026, 3, 31)
    )
    assert dispatched == 2
    assert _run(bureau.admin, "complaints", bureau.bureau, HISTORY_ROWS).unchanged == 2
    itself = {**HISTORY_ROWS[1], "工单编号": "12345-0103", "承办单位编码": ""}
    assert _run(bureau.admin, "complaints", bureau.bureau, [itself]).imported == 1
    assert Complaint.objects.get(number="12345-0103").assigned_to == bureau.bureau  # handled by the body itself
    changed = [{**HISTORY_ROWS[0], "满意度": "不满意"}]
    errors = _failed(bureau.admin, "complaints", bureau.bureau, changed)
    assert errors[0][:2] == (2, "工单编号") and "办理情况与本行不同" in errors[0][2]


@pytest.mark.parametrize(
    ("change", "column", "reason"),
    [
        ({"交办时间": "2026-03-01 10:00"}, "交办时间", "早于受理时间"),
        ({"处置时间": "2026-03-02 09:59"}, "处置时间", "早于交办时间"),
        ({"办结时间": "2026-03-05 15:00"}, "办结时间", "早于处置时间"),
        ({"处置结果": ""}, "处置结果", "须填写处置结果"),
        ({"承办单位编码": "示司法"}, "承办单位编码", "不是示范市城市管理和综合执法局或其下属机构"),
        ({"处置时间": "", "处置结果": ""}, "处置时间", "已办结的工单须有处置时间"),
        ({"办结时间": "", "满意度": "满意"}, "满意度", "只能填在已办结的工单上"),
        ({"满意度": "很好"}, "满意度", "不是可选的值"),
        ({"办结时间": "2026-06-02 09:00"}, "办结时间", "晚于今天"),
    ],
)
def test_a_work_order_whose_handling_does_not_hold_imports_nothing(bureau, change, column, reason):
    rows = [HISTORY_ROWS[1], {**HISTORY_ROWS[0], **change}]
    errors = _failed(bureau.admin, "complaints", bureau.bureau, rows)
    assert [(line, col) for line, col, _ in errors] == [(3, column)], errors
    assert reason in errors[0][2]
    assert Complaint.objects.count() == 0


# --- 行政复议、行政诉讼 -----------------------------------------------------------------------------------------

RECONSIDERATION = {
    "复议案号": "示政复〔2026〕1号",
    "申请人": "张三",
    "复议事项": "不服罚款决定",
    "收到复议申请日期": "2026-03-05",
    "申请复议日期": "2026-03-01",
    "复议机关": "示范市人民政府",
    "提交答复日期": "2026-03-12",
    "复议结果": "维持",
    "复议决定日期": "2026-05-20",
}


def test_reconsiderations_import_with_their_reply_and_result(bureau, make_user):
    reviewer = make_user(bureau.bureau, Role.LEGAL_REVIEWER)
    pending = {**RECONSIDERATION, "复议案号": "示政复〔2026〕2号", "复议结果": "", "复议决定日期": ""}
    report = _run(reviewer, "reconsiderations", bureau.bureau, [RECONSIDERATION, pending])
    assert report.imported == 2
    done = Reconsideration.objects.get(number="示政复〔2026〕1号")
    assert (done.outcome, done.decided_on, done.replied_on) == (
        ReviewOutcome.UPHELD,
        date(2026, 5, 20),
        date(2026, 3, 12),
    )
    assert done.reply_due is not None and done.case is None
    assert Reconsideration.objects.get(number="示政复〔2026〕2号").outcome == ReviewOutcome.PENDING
    assert AuditEvent.objects.filter(action="reconsideration.decide").count() == 1


def test_a_reconsideration_decided_before_it_was_received_or_on_an_unknown_decision_imports_nothing(bureau):
    late = {**RECONSIDERATION, "复议案号": "3号", "复议决定日期": "2026-03-01", "决定书文号": "无此号"}
    rows = [RECONSIDERATION, late]
    errors = _failed(bureau.admin, "reconsiderations", bureau.bureau, rows)
    assert [(line, col) for line, col, _ in errors] == [(3, "决定书文号"), (3, "复议决定日期")]
    assert errors[1][2] == "复议决定日期（2026-03-01）早于收到复议申请日期（2026-03-05）"
    assert Reconsideration.objects.count() == 0


LITIGATION = {
    "诉讼案号": "（2026）湘0281行初12号",
    "原告": "李四",
    "案由": "不服行政处罚",
    "受理法院": "示范市人民法院",
    "立案日期": "2026-04-01",
    "收到起诉状副本日期": "2026-04-03",
    "提交答辩状日期": "2026-04-15",
    "裁判结果": "驳回",
    "结案日期": "2026-05-30",
}


def test_litigations_import_per_instance_and_a_bad_stage_refuses_the_file(bureau):
    appeal = {**LITIGATION, "审级": "二审", "立案日期": "2026-06-01", "收到起诉状副本日期": "", "提交答辩状日期": ""}
    appeal |= {"裁判结果": "", "结案日期": ""}
    report = _run(bureau.admin, "litigations", bureau.bureau, [LITIGATION, appeal])
    assert report.imported == 2
    first = Litigation.objects.get(stage="first_instance")
    assert (first.outcome, first.closed_on, first.defended_on) == ("dismissed", date(2026, 5, 30), date(2026, 4, 15))
    assert first.defence_due == date(2026, 4, 18)  # 15 days from the copy of the complaint (行政诉讼法 第六十七条)
    assert _run(bureau.admin, "litigations", bureau.bureau, [LITIGATION, appeal]).unchanged == 2

    errors = _failed(bureau.admin, "litigations", bureau.bureau, [{**LITIGATION, "诉讼案号": "x", "审级": "三审"}])
    assert errors[0][:2] == (2, "审级") and "一审" in errors[0][2]
    assert Litigation.objects.count() == 2


# --- 培训和参训人员 -----------------------------------------------------------------------------------------------


def test_trainings_import_with_their_attendance_and_an_unknown_attendee_refuses_the_file(bureau, make_officer):
    a = make_officer(bureau.squad, "甲")
    b = make_officer(bureau.squad2, "乙")
    Officer.objects.filter(pk=b.pk).update(resident_id=resident_id(66))
    base = {"培训名称": "行政处罚法专题培训", "培训日期": "2026-03-15", "学时": "4"}
    rows = [
        {**base, "执法证编号": a.certificates.get().number},
        {**base, "身份证号": resident_id(66), "计入学时": "2.5"},
        {"培训名称": "案卷评查培训", "培训日期": "2026-04-01", "学时": "2"},
    ]
    report = _run(bureau.admin, "trainings", bureau.bureau, rows)
    assert report.imported == 3
    training = Training.objects.get(title="行政处罚法专题培训")
    assert training.hours == Decimal("4.0")
    assert sorted(TrainingAttendance.objects.values_list("officer__name", "hours")) == [
        ("乙", Decimal("2.5")),
        ("甲", Decimal("4.0")),
    ]
    assert _run(bureau.admin, "trainings", bureau.bureau, rows).unchanged == 3

    bad = [{**base, "培训日期": "2026-05-01", "执法证编号": "无此证"}, {**base, "培训日期": "2026-05-01", "学时": "3"}]
    errors = _failed(bureau.admin, "trainings", bureau.bureau, bad)
    assert [(line, col) for line, col, _ in errors] == [(2, "执法证编号"), (3, "学时")]
    assert Training.objects.count() == 2


# --- who may import ---------------------------------------------------------------------------------------------


def test_who_may_import_which_kind_into_which_agency(bureau, make_user):
    officer = make_user(bureau.squad, Role.OFFICER)
    clerk = make_user(bureau.squad, Role.CLERK)
    supervisor = make_user(bureau.justice, Role.SUPERVISOR)
    rows = [{"名称": "某店"}]
    for user in (officer, supervisor):
        with pytest.raises(PermissionDenied):
            _run(user, "targets", bureau.squad, rows)
    with pytest.raises(PermissionDenied):  # a clerk imports into his unit and those below, not a sibling
        _run(clerk, "targets", bureau.squad2, rows)
    with pytest.raises(PermissionDenied):  # 法制工作 belongs to the legal reviewer, clerk and head
        _run(officer, "trainings", bureau.squad, [{"培训名称": "x", "培训日期": "2026-01-05", "学时": "1"}])
    assert _run(clerk, "targets", bureau.squad, rows).imported == 1
    assert InspectionTarget.objects.get().agency == bureau.squad


def test_a_reconsideration_of_an_imported_historical_case_keeps_its_number_in_the_note(bureau, power_list):
    from fazhi.imports.models import HistoricalCase
    from fazhi.imports.services import cases_import
    from tests.reports.known import csv_bytes

    cases_import(actor=None, data=csv_bytes(), filename="known.csv")
    number = HistoricalCase.objects.order_by("pk").first().case_number  # type: ignore[union-attr]
    row = {**RECONSIDERATION, "决定书文号": number}
    assert _run(bureau.admin, "reconsiderations", bureau.bureau, [row]).imported == 1
    item = Reconsideration.objects.get()
    assert item.case is None and number in item.note and "历史案件" in item.note


# --- 历史案件的处罚决定公示 -------------------------------------------------------------------------------------


def _historical(bureau, number, *, decided_on, outcome="penalty", procedure="general", fine="500"):  # type: ignore[no-untyped-def]
    from fazhi.imports.models import HistoricalCase

    batch = ImportBatch.objects.first() or ImportBatch.objects.create(
        filename="cases.xlsx", sha256="0" * 64, imported_by=bureau.admin, imported_at=timezone.now(), row_count=1
    )
    return HistoricalCase.objects.create(
        batch=batch,
        line=2,
        case_number=number,
        procedure=procedure,
        source="patrol",
        item_code="330217001000",
        domain="city_appearance",
        agency=bureau.squad,
        party_kind="organization",
        party_name="好味餐饮店",
        act_date=decided_on,
        registered_on=decided_on,
        decided_on=decided_on,
        outcome=outcome,
        fine=Decimal(fine),
    )


def test_publications_of_historical_cases_count_in_their_years_on_time_rate(bureau):
    from fazhi.imports.models import HistoricalPublication
    from fazhi.imports.selectors import historical_publication_stats

    _historical(bureau, "示城管罚〔2025〕1号", decided_on=date(2025, 3, 3))  # due 2025-03-12 (7 working days)
    _historical(bureau, "示城管罚〔2025〕2号", decided_on=date(2025, 3, 3))
    _historical(bureau, "示城管罚〔2025〕3号", decided_on=date(2025, 3, 3))
    rows = [
        {"案号": "示城管罚〔2025〕1号", "公示日期": "2025-03-12", "公示截止日期": "2028-03-12"},  # the last day
        {"案号": "示城管罚〔2025〕2号", "公示日期": "2025-03-13"},  # a day late
        {"案号": "示城管罚〔2025〕3号"},  # never published
    ]
    report = _run(bureau.admin, "publications", bureau.bureau, rows)
    assert report.imported == 3
    first = HistoricalPublication.objects.get(case__case_number="示城管罚〔2025〕1号")
    assert (first.due_on, first.agency, first.batch) == (date(2025, 3, 12), bureau.squad, report.batch)
    stats = historical_publication_stats(
        agency=bureau.bureau, include_subordinates=True, start=date(2025, 1, 1), end=date(2025, 12, 31), today=TODAY
    )
    assert (stats.due, stats.on_time, str(stats.rate)) == (3, 1, "33.3")
    assert _run(bureau.admin, "publications", bureau.bureau, rows).unchanged == 3

    from fazhi.reports.selectors import annual_figures

    figures = annual_figures(agency=bureau.bureau, year=2025, include_subordinates=True, today=TODAY)
    assert (figures["publicity.due"], figures["publicity.on_time"], figures["publicity.on_time_rate"]) == (3, 1, "33.3")


def test_a_publication_row_that_does_not_hold_imports_nothing(bureau):
    from fazhi.imports.models import HistoricalPublication

    _historical(bureau, "示城管罚〔2025〕1号", decided_on=date(2025, 3, 3))
    _historical(bureau, "示城管罚〔2025〕9号", decided_on=date(2025, 3, 3), outcome="exempted", fine="0")
    _historical(bureau, "示城管简〔2025〕8号", decided_on=date(2025, 3, 3), procedure="simple")
    rows = [
        {"案号": "示城管罚〔2025〕1号", "公示日期": "2025-03-01"},  # before the decision
        {"案号": "示城管罚〔2025〕404号"},
        {"案号": "示城管罚〔2025〕9号"},
        {"案号": "示城管简〔2025〕8号"},
        {"案号": "示城管罚〔2025〕1号", "撤回日期": "2025-04-01"},
    ]
    errors = _failed(bureau.admin, "publications", bureau.bureau, rows)
    by_line = {line: (col, reason) for line, col, reason in errors}
    assert by_line[2][0] == "公示日期" and "早于决定日期" in by_line[2][1]
    assert by_line[3][0] == "案号" and "请先导入历史案件" in by_line[3][1]
    assert "不是行政处罚决定" in by_line[4][1]
    assert "简易程序" in by_line[5][1]
    line6 = [(col, reason) for line, col, reason in errors if line == 6]
    assert [col for col, _ in line6] == ["撤回理由", "案号"] and "与第2行重复" in line6[1][1]
    assert HistoricalPublication.objects.count() == 0
    assert ImportBatch.objects.filter(kind="publications").count() == 0
