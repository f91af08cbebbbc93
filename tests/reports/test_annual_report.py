from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from docx import Document

from fazhi.reports.annual import annual_report, render_docx, render_markdown
from fazhi.reports.services import annual_report_text_save
from tests.reports.known import EXPECTED_2024

pytestmark = pytest.mark.django_db


def _text(docx_bytes: bytes) -> str:
    doc = Document(io.BytesIO(docx_bytes))
    paragraphs = [p.text for p in doc.paragraphs]
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join(paragraphs + cells)


def test_the_docx_opens_and_contains_the_figures_in_the_seeds_sentences(bureau, remedies):
    annual_report_text_save(
        actor=bureau.admin,
        agency=bureau.bureau,
        year=2024,
        title="",
        parts={"problems": "执法队伍专业化水平有待提高。", "plans": "持续推进三项制度。"},
    )
    report = annual_report(agency=bureau.bureau, year=2024, include_subordinates=True, today=date(2026, 1, 1))
    content = render_docx(report)
    doc = Document(io.BytesIO(content))
    assert len(doc.inline_shapes) == 1  # the chart
    text = _text(content)
    assert "示范市城市管理和综合执法局2024年法治政府建设年度报告" in text
    assert "共办理一般程序案件5起，案件数量同比增长150.0%，罚款金额9.2001万元，罚款金额同比增长84.0%" in text
    assert "共办理简易程序案件2件，案件数量同比增长100.0%，罚款金额0.025万元" in text
    assert "其中重大案件2件" in text
    assert "法制审核案件3起，出具法制审核意见书4份，重大执法决定法制审核制度执行率50.0%" in text
    assert "处罚事项覆盖率62.5%" in text
    assert "首违不罚案件1起" in text
    assert "行政复议案件2起" in text and "出庭应诉率100.0%" in text
    assert "30000.50" in text  # the domain table
    assert "二、存在的问题" in text and "执法队伍专业化水平有待提高。" in text
    assert "三、2025年工作安排" in text and "持续推进三项制度。" in text


def test_the_markdown_has_the_same_parts(bureau, remedies):
    md = render_markdown(annual_report(agency=bureau.bureau, year=2024, include_subordinates=True))
    assert "## 一、推进法治政府建设工作情况" in md
    assert "### （三）严格规范公正文明执法情况" in md
    assert "| 城乡规划 | 1 | 60000.00 |" in md


def test_the_command_prints_the_json_object(bureau, remedies, capsys, tmp_path):
    call_command(
        "report", "annual", "--agency", "示城管", "--year", "2024", "--format", "json", "--include-subordinates"
    )
    figures = json.loads(capsys.readouterr().out)
    for key in ("cases.general.count", "cases.general.fines", "cases.general.fines_yoy", "powers.coverage"):
        assert figures[key] == EXPECTED_2024[key]
    out = tmp_path / "r.docx"
    call_command("report", "annual", "--agency", "示城管", "--year", "2024", "--format", "docx", "-o", str(out))
    assert "示范市城市管理和综合执法局" in _text(out.read_bytes())
