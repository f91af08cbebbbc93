"""The annual report (法治政府建设年度报告) as JSON, Markdown or .docx, in the parts the seeds share.

一、推进法治政府建设工作情况 ((一) 学习与第一责任人履职, (二) 依法全面履行职能, (三) 严格规范公正文明执法,
(四) 化解矛盾纠纷); 二、存在的问题; 三、下一年度工作安排. Data fills the sentences of (二)–(四); the bureau's own
text (``AnnualReportText``) fills every part, placed after the figures.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import date

from docx import Document
from docx.shared import Cm

from fazhi.agencies.models import Agency
from fazhi.powers.domain import Domain
from fazhi.reports import sentences
from fazhi.reports.charts import bar_chart_png
from fazhi.reports.figures import AnnualFigures, annual_json, money_text
from fazhi.reports.models import AnnualReportText
from fazhi.reports.selectors import annual_figures_typed

__all__ = ["AnnualReport", "annual_report", "render_docx", "render_json", "render_markdown"]

_CN_NUM = "一二三四五六七八九十"


@dataclass(frozen=True)
class Paragraphs:
    heading: str
    figures: list[str]
    narrative: str
    chart: bool = False


@dataclass(frozen=True)
class AnnualReport:
    agency: Agency
    year: int
    title: str
    figures: AnnualFigures
    preface: str
    parts: list[Paragraphs]
    chapters: list[tuple[str, str]]  # 二、存在的问题 / 三、下一年度工作安排


def annual_report(
    *, agency: Agency, year: int, include_subordinates: bool = False, today: date | None = None
) -> AnnualReport:
    figures = annual_figures_typed(agency=agency, year=year, include_subordinates=include_subordinates, today=today)
    text = AnnualReportText.objects.filter(agency=agency, year=year).first()

    def part(code: str) -> str:
        return text.part(code) if text is not None else ""

    s = sentences.report_sections(figures)
    powers = [s["cases"][-1]]
    inspections = [x for x in s["enforcement"] if "双随机" in x]
    enforcement = s["cases"][:-1] + [x for x in s["enforcement"] if "双随机" not in x]
    preface = part("preface") or f"现将{agency.name}{year}年度法治政府建设情况报告如下："
    return AnnualReport(
        agency=agency,
        year=year,
        title=(text.title if text is not None and text.title else f"{agency.name}{year}年法治政府建设年度报告"),
        figures=figures,
        preface=preface,
        parts=[
            Paragraphs("（一）学习贯彻习近平法治思想和法治建设第一责任人履职情况", [], part("study")),
            Paragraphs("（二）依法全面履行职能情况", powers + inspections, part("functions")),
            Paragraphs("（三）严格规范公正文明执法情况", enforcement, part("enforcement"), chart=True),
            Paragraphs("（四）化解矛盾纠纷情况", s["disputes"], part("disputes")),
        ],
        chapters=[("二、存在的问题", part("problems")), (f"三、{year + 1}年工作安排", part("plans"))],
    )


def render_json(report: AnnualReport) -> str:
    return json.dumps(annual_json(report.figures), ensure_ascii=False, indent=2, sort_keys=False)


def _domain_rows(figures: AnnualFigures) -> list[tuple[str, int, str]]:
    """The domain table: label, cases, fines in yuan as printed."""
    return [(d.label, figures.by_domain[d.value].count, money_text(figures.by_domain[d.value].fines)) for d in Domain]


def render_markdown(report: AnnualReport) -> str:
    lines = [f"# {report.title}", "", report.preface, "", "## 一、推进法治政府建设工作情况", ""]
    for p in report.parts:
        lines += [f"### {p.heading}", ""]
        lines += [x for para in p.figures for x in (para, "")]
        if p.chart:
            lines += ["| 领域 | 案件数（件） | 罚款（元） |", "|---|---:|---:|"]
            lines += [f"| {label} | {n} | {fines} |" for label, n, fines in _domain_rows(report.figures)]
            lines.append("")
        if p.narrative:
            lines += [p.narrative, ""]
    for heading, narrative in report.chapters:
        lines += [f"## {heading}", "", narrative or "（待填写）", ""]
    return "\n".join(lines)


def render_docx(report: AnnualReport) -> bytes:
    doc = Document()
    doc.add_heading(report.title, level=0)
    doc.add_paragraph(report.preface)
    doc.add_heading("一、推进法治政府建设工作情况", level=1)
    for p in report.parts:
        doc.add_heading(p.heading, level=2)
        for para in p.figures:
            doc.add_paragraph(para)
        if p.chart:
            rows = _domain_rows(report.figures)
            doc.add_picture(io.BytesIO(bar_chart_png([n for _, n, _ in rows])), width=Cm(15))
            doc.add_paragraph(f"图1 {report.year}年各领域案件数（自左至右依次为下表各领域）")
            table = doc.add_table(rows=1, cols=3)
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, ("领域", "案件数（件）", "罚款（元）"), strict=True):
                cell.text = text
            for label, n, fines in rows:
                cells = table.add_row().cells
                cells[0].text, cells[1].text, cells[2].text = label, str(n), fines
        for para in (p.narrative or "").split("\n"):
            if para.strip():
                doc.add_paragraph(para.strip())
    for heading, narrative in report.chapters:
        doc.add_heading(heading, level=1)
        for para in (narrative or "（待填写）").split("\n"):
            if para.strip():
                doc.add_paragraph(para.strip())
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
