"""A year whose every key is known: the records of 2024 (and some just outside it), the issue-11 apps' figures from
fake ``figures`` modules, the JSON checked exactly (with year-on-year), and the .docx and PDF carrying each figure."""

from __future__ import annotations

import io
import sys
import types
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from docx import Document

from fazhi.core.figures import Measure, Rate
from fazhi.reports import collect
from fazhi.reports.annual import annual_report, render_docx, render_markdown, render_pdf
from fazhi.reports.gongwen import HEADING_STYLES
from fazhi.reports.pdf import report_html
from fazhi.reports.selectors import annual_figures
from tests.reports.known import ROWS, csv_bytes

pytestmark = pytest.mark.django_db

TODAY = date(2026, 1, 15)


def _rows() -> list[list[str]]:
    """The known file with payment and closing dates: A1 and A2 paid in 2023; B1 and B2 paid in 2024; closed general
    cases: A3 (2023-11-01 → 2024-01-31: 91 days), B1 (59 days), B2 (60 days), B7 closed in 2025 (outside)."""
    rows = [list(r) for r in ROWS]
    by_number = {r[0]: r for r in rows}
    paid, closed = 19, 20
    by_number["A3"][closed] = "2024-01-31"
    by_number["B1"][paid], by_number["B1"][closed] = "2024-03-10", "2024-03-31"
    by_number["B2"][paid], by_number["B2"][closed] = "2024-04-15", "2024-04-30"
    by_number["B5"][closed] = "2024-08-08"  # a simple case: not in the general average
    by_number["B7"][closed] = "2025-01-20"
    return rows


@pytest.fixture
def year_2024(bureau, power_list, make_officer):  # type: ignore[no-untyped-def]
    from fazhi.agencies.models import Officer
    from fazhi.cases.models import Case, CaseSource, Party, PartyKind, Payment
    from fazhi.complaints.models import Complaint
    from fazhi.imports.services import cases_import
    from fazhi.legal_affairs.models import (
        ContractReview,
        Exam,
        ExamResult,
        LegalEducation,
        MajorPolicyDecision,
        Mediation,
        NormativeDocument,
        Training,
        TrainingAttendance,
    )
    from fazhi.powers.models import Delegation, PowerItem
    from fazhi.supervision.models import UnitInspection

    admin = bureau.admin
    cases_import(actor=admin, data=csv_bytes(_rows()), filename="历史案件.csv", today=TODAY)
    # Only these two officers are active in the bureau's tree: one studies 40 hours, the other 8.
    Officer.objects.update(is_active=False)
    studious, idle = make_officer(name="李勤"), make_officer(name="王闲")
    t1 = Training.objects.create(
        agency=bureau.bureau, title="行政处罚法", held_on=date(2024, 3, 1), hours=8, created_by=admin
    )
    t2 = Training.objects.create(
        agency=bureau.squad, title="证据规则", held_on=date(2024, 9, 1), hours=32, created_by=admin
    )
    t0 = Training.objects.create(
        agency=bureau.bureau, title="去年", held_on=date(2023, 12, 31), hours=8, created_by=admin
    )
    for training, officer, hours in ((t1, studious, 8), (t1, idle, 8), (t2, studious, 32), (t0, idle, 40)):
        TrainingAttendance.objects.create(training=training, officer=officer, hours=hours)
    exam = Exam.objects.create(agency=bureau.bureau, title="一月一考", held_on=date(2024, 1, 31), created_by=admin)
    ExamResult.objects.create(exam=exam, officer=studious, attended=True, score=90, passed=True)
    ExamResult.objects.create(exam=exam, officer=idle, attended=False, passed=False)
    old_exam = Exam.objects.create(agency=bureau.bureau, title="去年", held_on=date(2023, 12, 1), created_by=admin)
    ExamResult.objects.create(exam=old_exam, officer=idle, attended=True, score=40, passed=False)
    for title, day, views in (
        ("短视频一", date(2024, 2, 1), 100),
        ("漫画", date(2024, 12, 31), 250),
        ("旧", date(2023, 1, 1), 9),
    ):
        LegalEducation.objects.create(
            agency=bureau.bureau, title=title, kind="video", published_on=day, views=views, created_by=admin
        )
    for n, (day, resolved) in enumerate(
        ((date(2024, 1, 1), True), (date(2024, 5, 1), True), (date(2024, 6, 1), False), (date(2024, 7, 1), None))
    ):
        Mediation.objects.create(
            agency=bureau.township,
            received_on=day,
            parties=f"甲{n}与乙",
            subject="噪声",
            resolved=resolved,
            created_by=admin,
        )
    Mediation.objects.create(
        agency=bureau.bureau, received_on=date(2025, 1, 1), parties="丙", subject="x", created_by=admin
    )
    ContractReview.objects.create(
        agency=bureau.bureau,
        title="保洁合同",
        received_on=date(2024, 4, 1),
        reviewed_on=date(2024, 4, 3),
        created_by=admin,
    )
    ContractReview.objects.create(agency=bureau.bureau, title="未审", received_on=date(2024, 12, 30), created_by=admin)
    MajorPolicyDecision.objects.create(
        agency=bureau.bureau, title="占道经营疏导点设置", adopted=True, decided_on=date(2024, 6, 1), created_by=admin
    )
    MajorPolicyDecision.objects.create(agency=bureau.bureau, title="未决", created_by=admin)
    NormativeDocument.objects.create(
        agency=bureau.bureau, title="新规", legality_reviewed=True, issued_on=date(2024, 2, 2), created_by=admin
    )
    NormativeDocument.objects.create(
        agency=bureau.bureau, title="旧规", issued_on=date(2019, 1, 1), repealed_on=date(2024, 11, 1), created_by=admin
    )
    for agency, day in (
        (bureau.squad, date(2024, 3, 3)),
        (bureau.township, date(2024, 8, 8)),
        (bureau.squad, date(2023, 8, 8)),
    ):
        UnitInspection.objects.create(
            agency=agency, inspected_on=day, inspectors="督查组", findings="台账不全", recorded_by=admin
        )
    # 通报: one issued in the year (counted), one issued the year before (not).
    from fazhi.core import clock
    from fazhi.supervision.issuing import bulletin_issue

    for issued_on, month in ((date(2024, 4, 2), 3), (date(2023, 12, 5), 11)):
        with clock.frozen_at(issued_on):
            bulletin_issue(actor=admin, agency=bureau.bureau, kind="monthly", year=issued_on.year, month=month)
    # A delegation that ended in the year is not in force at its end.
    Delegation.objects.create(
        owner=bureau.bureau,
        township=bureau.township,
        item_code="SL-HJ-001",
        item_name="露天烧烤",
        valid_from=date(2023, 1, 1),
        valid_until=date(2024, 6, 30),
        document_number="示政发〔2023〕1号",
        granted_by=admin,
    )

    def at(d: date) -> datetime:
        return timezone.make_aware(datetime(d.year, d.month, d.day, 10))

    for n, (received, dispatched) in enumerate(
        (
            (date(2024, 3, 1), date(2024, 3, 1)),
            (date(2023, 12, 31), date(2024, 1, 2)),
            (date(2024, 12, 31), date(2025, 1, 1)),
        )
    ):
        Complaint.objects.create(
            agency=bureau.bureau,
            source="hotline_12345",
            number=f"D-{n}",
            content="渣土撒漏",
            created_by=admin,
            received_at=at(received),
            deadline=received,
            dispatched_at=at(dispatched),
        )
    # A live case's payments by their 缴款日期: the fine of 2024 counts, the late fee and last year's do not.
    item = PowerItem.objects.filter(rule_set=power_list, code="SL-SR-001").get()
    party = Party.objects.create(kind=PartyKind.ORGANIZATION, name="示范商贸有限公司")
    case = Case.objects.create(
        agency=bureau.squad,
        legal_subject=bureau.bureau,
        source=CaseSource.PATROL,
        power_item=item,
        party=party,
        act_date=date(2023, 12, 1),
        discovered_on=date(2023, 12, 1),
        lead_number="AY-2023-0001",
        created_by=admin,
    )
    for n, (kind, amount, day) in enumerate(
        (
            (Payment.Kind.FINE, "999.50", date(2024, 1, 1)),
            (Payment.Kind.LATE_FEE, "100", date(2024, 2, 1)),
            (Payment.Kind.FINE, "1", date(2023, 12, 31)),
        )
    ):
        Payment.objects.create(
            case=case,
            kind=kind,
            amount=Decimal(amount),
            paid_on=day,
            receipt_number=f"R{n}",
            bank="示范银行",
            recorded_by=admin,
        )


def _fake_apps(monkeypatch: pytest.MonkeyPatch, values: dict[str, dict[str, object]]) -> list[dict[str, object]]:
    """Install fake ``fazhi.<app>.figures`` modules returning ``values[app]``; returns the calls' arguments."""
    calls: list[dict[str, object]] = []
    for app, figures in values.items():
        module = types.ModuleType(f"fazhi.{app}.figures")

        def annual_figures(*, _figures: dict[str, object] = figures, **kwargs: object) -> dict[str, object]:
            calls.append(kwargs)
            return dict(_figures)

        module.annual_figures = annual_figures  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, f"fazhi.{app}.figures", module)
    return calls


APP_VALUES: dict[str, dict[str, object]] = {
    "urban": {
        "rectification.orders": 130,
        "rectification.corrected": 120,
        "demolition.count": 68,
        "demolition.area_m2": Measure(Decimal("19508"), "平方米"),
        "demolition.target_m2": Measure(Decimal("10000"), "平方米"),
        "demolition.completion_rate": Rate(Decimal("19508"), Decimal("10000")),
    },
    "waste": {"construction_waste.permit_companies": 18, "construction_waste.permit_vehicles": 305},
    "campaigns": {"campaigns.count": 4, "campaigns.cases": 76, "soft_enforcement.count": 25},
    "counsel": {
        "legal_adviser.contracts": 36,
        "legal_adviser.opinions": 35,
        "legal_adviser.litigation": 2,
        "legal_adviser.major_review_rate": Rate(3, 3),
        "legal_review.accompanied": 4,
        "case_consultations.count": 9,
        "duties.meetings": 7,
        "duties.statement": True,
        "delegation.reviews_for_townships": 280,
    },
}

EXPECTED = {
    "training.sessions": 2,
    "training.attendances": 3,
    "exams.count": 1,
    "exams.participation_rate": "50.0",
    "exams.pass_rate": "100.0",
    "study_hours.below_minimum": 1,  # 王闲: 8 hours in 2024 (his 40 of 2023 do not count)
    "legal_education.items": 2,
    "legal_education.views": 350,
    "mediation.count": 4,
    "mediation.success_rate": "66.7",  # 2 of the 3 concluded; the open one is not judged
    "contracts.reviewed": 1,
    "policy_decisions.count": 1,
    "normative_documents.reviewed": 1,
    "normative_documents.cleaned": 1,
    "supervision.inspections": 2,
    "supervision.bulletins": 1,  # the 通报 issued on 2 April 2024 (the one of December 2023 is last year's)
    "fines.collected": "71000.00",  # imported B1 60000 + B2 10000.50, live 999.50; not the late fee
    "fines.collected_yoy": "41.7",  # against 2023: A1 50000 + A2 100 + the live 1.00 = 50101.00
    "cases.general.avg_handling_days": "70.00",  # (91 + 59 + 60) / 3
    "powers.new_item_cases": 3,
    "delegation.items": 1,
    "delegation.townships": 1,
    "complaints.dispatched": 2,
    "exemptions.list_size": 4,
    "cases.total.count_yoy": "133.3",
    "cases.total.fines_yoy": "84.1",
    "cases.general.count_yoy": "150.0",
    "cases.general.fines_yoy": "84.0",
    "rectification.orders": 130,
    "rectification.corrected": 120,
    "demolition.count": 68,
    "demolition.area_m2": "19508.00",
    "demolition.target_m2": "10000.00",
    "demolition.completion_rate": "195.1",
    "construction_waste.permit_companies": 18,
    "construction_waste.permit_vehicles": 305,
    "campaigns.count": 4,
    "campaigns.cases": 76,
    "soft_enforcement.count": 25,
    "legal_adviser.contracts": 36,
    "legal_adviser.opinions": 35,
    "legal_adviser.litigation": 2,
    "legal_adviser.major_review_rate": "100.0",
    "legal_review.accompanied": 4,
    "case_consultations.count": 9,
    "duties.meetings": 7,
    "duties.statement": True,
    "delegation.reviews_for_townships": 280,
}


def test_every_key_of_a_known_year_is_exact_with_year_on_year(bureau, year_2024, monkeypatch):
    calls = _fake_apps(monkeypatch, APP_VALUES)
    figures = annual_figures(agency=bureau.bureau, year=2024, include_subordinates=True, today=TODAY)
    assert set(collect.RECORD_KEYS) | set(collect.APP_KEYS) <= set(figures)
    assert {k: figures[k] for k in EXPECTED} == EXPECTED
    assert len(calls) == 4
    assert calls[0] == {
        "agency": bureau.bureau,
        "include_subordinates": True,
        "start": date(2024, 1, 1),
        "end": date(2024, 12, 31),
        "today": TODAY,
    }


def test_the_year_before_is_counted_by_the_same_rules(bureau, year_2024):
    figures = annual_figures(agency=bureau.bureau, year=2023, include_subordinates=True, today=TODAY)
    assert figures["training.sessions"] == 1 and figures["training.attendances"] == 1
    assert figures["exams.participation_rate"] == "100.0" and figures["exams.pass_rate"] == "0.0"
    assert figures["fines.collected"] == "50101.00"
    assert figures["fines.collected_yoy"] is None  # nothing collected in 2022: no base
    assert figures["cases.general.avg_handling_days"] == "60.00"  # A1: 2023-03-01 → 2023-04-30
    assert figures["mediation.success_rate"] is None


def test_without_the_apps_modules_their_keys_are_null_and_their_sentences_absent(bureau, year_2024, no_app_figures):
    figures = annual_figures(agency=bureau.bureau, year=2024, include_subordinates=True, today=TODAY)
    assert all(figures[k] is None for k in collect.APP_KEYS)
    md = render_markdown(annual_report(agency=bureau.bureau, year=2024, include_subordinates=True, today=TODAY))
    for absent in (
        "拆除",
        "准运",
        "专项行动",
        "法律顾问、公职律师",
        "跟案",
        "会商",
        "述法",
        "柔性执法方式",
        "审核赋权案件",
    ):
        assert absent not in md
    assert "开展督查2次，发布通报1期。" in md  # issued 通报 of every kind are counted (IssuedBulletin)


def test_a_clause_whose_figure_is_absent_is_left_out_and_nothing_is_invented(
    bureau, year_2024, no_app_figures, monkeypatch
):
    urban = dict(APP_VALUES["urban"])
    urban["demolition.target_m2"] = None
    urban["demolition.completion_rate"] = Rate(Decimal("19508"), 0)  # no target: no rate
    _fake_apps(monkeypatch, {"urban": urban, "counsel": {"duties.meetings": 3}})
    report = annual_report(agency=bureau.bureau, year=2024, include_subordinates=True, today=TODAY)
    md = render_markdown(report)
    assert "拆除各类违法建设68处，共计拆除面积19508平方米。" in md
    assert "任务" not in md.split("拆除各类违法建设")[1].split("\n")[0]
    assert "党组会议、局长办公会研究部署法治建设工作3次。" in md
    assert "述法" not in md and "法制人员跟案" not in md


def _paragraphs(content: bytes) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in Document(io.BytesIO(content)).paragraphs]


def test_the_docx_carries_every_figure_in_its_sentence(bureau, year_2024, monkeypatch):
    _fake_apps(monkeypatch, APP_VALUES)
    report = annual_report(agency=bureau.bureau, year=2024, include_subordinates=True, today=TODAY)
    text = "\n".join(t for _, t in _paragraphs(render_docx(report)))
    for sentence in (
        "党组会议、局长办公会研究部署法治建设工作7次。",
        "党政主要负责人履行推进法治建设第一责任人职责，开展年度述法。",
        "全年组织执法人员培训2次，累计参训3人次。",
        "开展法律知识考试1次，参考率50.0%，合格率100.0%。",
        "全年学法学时未达到规定要求的执法人员1名。",
        "首次办理的事项（新案由）3项，办理新案由案件3起。",
        "赋权1个乡镇（街道），执法事项1项，乡镇（街道）办理赋权事项案件1件，案件审核中心帮助乡镇审核赋权案件280起。",
        "轻微违法行为免罚清单（首违不罚清单）事项4项。",
        "作出重大行政决策1项，制发规范性文件经合法性审核1件，清理（废止）规范性文件1件，合法性审查合同1份。",
        "法律顾问、公职律师审核合同36份，出具书面法律意见书35份，参与行政诉讼案件2起，"
        "对重大行政决策和重大法制审核事项的参与度为100.0%。",
        "全年收缴罚款金额7.1万元，同比增长41.7%。",
        "一般程序案件从立案到结案平均办理70天。",
        "召开案件会商会9次。",
        "下达责令（限期）改正通知书130份，经复查已改正120份。",
        "拆除各类违法建设68处，共计拆除面积19508平方米，上级下达任务10000平方米，完成任务数的195.1%。",
        "核发渣土（建筑垃圾）准运企业18家，准运车辆305辆。",
        "开展专项行动4个，专项行动中立案查处案件76起。",
        "法制人员跟案4起。",
        "运用温馨告知、说服教育、劝导示范、警示告诫、指导约谈等柔性执法方式25次。",
        "开展督查2次，发布通报1期。",
        "发布普法作品、以案释法案例2条，浏览量350次。",
        "交办问题2件。",
        "排查化解矛盾纠纷4件，调处成功率66.7%。",
    ):
        assert sentence in text, sentence


def test_the_docx_follows_the_gongwen_layout(bureau, year_2024, monkeypatch):
    from docx.oxml.ns import qn

    _fake_apps(monkeypatch, APP_VALUES)
    report = annual_report(agency=bureau.bureau, year=2024, include_subordinates=True, today=TODAY)
    content = render_docx(report)
    doc = Document(io.BytesIO(content))
    section = doc.sections[0]
    mm = [
        round(x.mm, 1)
        for x in (
            section.page_width,
            section.page_height,
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        )
    ]
    assert mm == [210, 297, 37, 35, 28, 26]  # GB/T 9704—2012 5.2.1 (stored in twentieths of a point)
    grid = section._sectPr.find(qn("w:docGrid"))
    assert (
        grid.get(qn("w:type")) == "linesAndChars" and grid.get(qn("w:linePitch")) == "580"
    )  # 225 mm / 22 lines in twips
    paragraphs = _paragraphs(content)
    assert paragraphs[0] == ("公文标题", "示范市城市管理和综合执法局2024年法治政府建设年度报告")
    title_fonts = doc.styles["公文标题"].element.rPr.find(qn("w:rFonts"))
    assert title_fonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert doc.styles["公文正文"].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert doc.styles["公文一级标题"].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "黑体"
    assert doc.styles["公文二级标题"].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "楷体_GB2312"
    assert doc.styles["公文正文"].font.size.pt == 16 and doc.styles["公文标题"].font.size.pt == 22
    # The heading levels in order: every level used, none skipped, each number the style's own kind.
    levels = {name: level for level, name in HEADING_STYLES.items()}
    headings = [(levels[style], text) for style, text in paragraphs if style in levels]
    assert {lvl for lvl, _ in headings} == {1, 2, 3, 4}
    previous = 0
    for level, text in headings:
        assert level <= previous + 1, text
        previous = level
        mark = {1: "一二三四五六七八九十", 2: "（", 3: "0123456789", 4: "（"}[level]
        assert text[0] in mark, text
    assert [t for lvl, t in headings if lvl == 1] == [
        "一、推进法治政府建设工作情况",
        "二、存在的问题",
        "三、2025年工作安排",
    ]
    assert [t for lvl, t in headings if lvl == 2][:5] == [
        "（一）学习贯彻习近平法治思想和法治建设第一责任人履职情况",
        "（二）依法全面履行职能情况",
        "（三）严格规范公正文明执法情况",
        "（四）落实普法责任制情况",
        "（五）化解矛盾纠纷情况",
    ]
    assert ("公文四级标题", "（1）案件办理") in paragraphs
    # 落款: the issuing body, then the date in Arabic numerals, the last two paragraphs.
    assert paragraphs[-2:] == [("公文落款", "示范市城市管理和综合执法局"), ("公文落款", "2026年1月15日")]
    # The page number: a PAGE field between 一字线 in the odd (right) and even (left) footers.
    assert doc.settings.odd_and_even_pages_header_footer
    assert doc.settings.element.find(qn("w:mirrorMargins")) is not None  # the 订口 is the inner edge
    for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
        p = footer.paragraphs[0]
        assert p.text == "— 1 —"
        assert " PAGE " in [i.text for i in p._p.iter(qn("w:instrText"))]
        assert p.alignment is not None and p.alignment.name.lower() == align
    font_table = doc.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable"
    ).blob.decode()
    assert 'w:name="方正小标宋简体"><w:altName w:val="华文中宋"/>' in font_table
    assert 'w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in font_table


def test_the_pdf_is_the_same_report_through_weasyprint(bureau, year_2024, monkeypatch):
    from weasyprint import HTML

    _fake_apps(monkeypatch, APP_VALUES)
    report = annual_report(agency=bureau.bureau, year=2024, include_subordinates=True, today=TODAY)
    content = render_pdf(report)
    assert content.startswith(b"%PDF")
    document = HTML(string=report_html(report)).render()
    texts: list[str] = []

    def walk(box: object) -> None:  # in document order: the lines of a wrapped title join up again
        if getattr(box, "text", None):
            texts.append(box.text)  # type: ignore[attr-defined]
        for child in getattr(box, "children", []):
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    laid_out = "".join(texts)
    assert "示范市城市管理和综合执法局2024年法治政府建设年度报告" in laid_out
    assert "— 1 —" in laid_out  # the page number in the footer's margin box
    assert "拆除各类违法建设68处" in laid_out and "2026年1月15日" in laid_out
    assert len(document.pages) >= 2
