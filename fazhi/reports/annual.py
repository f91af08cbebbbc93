"""The annual report (法治政府建设年度报告) as JSON, Markdown, .docx in 公文格式 (GB/T 9704—2012) and PDF.

The report is built once as a list of ``Block``s (headings of four levels, body paragraphs, the chart with its
table, the 落款) and every rendering walks the same list, so the .docx, the Markdown, the HTML print view and its
PDF have one structure:

一、推进法治政府建设工作情况: (一) 学习贯彻习近平法治思想和第一责任人履职 (述法、法治会议、培训、考试、学时),
(二) 依法全面履行职能 (权责清单、赋权、免罚清单、依法决策和法律顾问、双随机), (三) 严格规范公正文明执法 (办案,
违法建设/责令改正/渣土准运, 专项行动, 法制审核, 柔性执法, 公示与监督), (四) 普法, (五) 化解矛盾纠纷 (投诉、交办、
调解、复议、诉讼); 二、存在的问题; 三、下一年度工作安排; the issuing body and the date (落款). Data fills the
sentences (``fazhi.reports.sentences``); the bureau's own text (``AnnualReportText``) follows the figures of each
part. A level-3 or level-4 heading whose figures are all absent is left out and the numbering closes up.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from fazhi.agencies.models import Agency
from fazhi.core import clock
from fazhi.reports import gongwen, pdf, sentences
from fazhi.reports.figures import AnnualFigures, annual_json
from fazhi.reports.layout import TABLE_HEADER, Block, date_text, domain_rows
from fazhi.reports.models import AnnualReportText
from fazhi.reports.selectors import annual_figures_typed

__all__ = [
    "AnnualReport",
    "Block",
    "annual_report",
    "date_text",
    "domain_rows",
    "render_docx",
    "render_html",
    "render_json",
    "render_markdown",
    "render_pdf",
]

_CN_NUM = "一二三四五六七八九十"


@dataclass(frozen=True)
class AnnualReport:
    agency: Agency
    year: int
    title: str
    figures: AnnualFigures
    preface: str
    blocks: list[Block]
    issuer: str  # 发文机关署名
    dated: date  # 成文日期


@dataclass
class _Node:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)
    chart: bool = False
    keep: bool = False  # a part the bureau writes in: kept even without figures

    def empty(self) -> bool:
        return not (self.keep or self.paragraphs or self.chart or any(not c.empty() for c in self.children))


def _number(level: int, n: int) -> str:
    cn = _CN_NUM[n - 1] if n <= len(_CN_NUM) else str(n)
    return {1: f"{cn}、", 2: f"（{cn}）", 3: f"{n}.", 4: f"（{n}）"}[level]


def _blocks(nodes: list[_Node], level: int) -> list[Block]:
    out: list[Block] = []
    kept = [node for node in nodes if not node.empty()]
    for n, node in enumerate(kept, start=1):
        out.append(Block("heading", _number(level, n) + node.title, level))
        out += [Block("text", p) for p in node.paragraphs if p]
        if node.chart:
            out.append(Block("chart"))
        out += _blocks(node.children, level + 1)
    return out


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").split("\n") if line.strip()]


def annual_report(
    *, agency: Agency, year: int, include_subordinates: bool = False, today: date | None = None
) -> AnnualReport:
    today = today or clock.today()
    figures = annual_figures_typed(agency=agency, year=year, include_subordinates=include_subordinates, today=today)
    text = AnnualReportText.objects.filter(agency=agency, year=year).first()

    def part(code: str) -> list[str]:
        return _paragraphs(text.part(code)) if text is not None else []

    s = sentences.report_sections(figures)
    tree = [
        _Node(
            "推进法治政府建设工作情况",
            children=[
                _Node(
                    "学习贯彻习近平法治思想和法治建设第一责任人履职情况",
                    children=[_Node("第一责任人履职情况", s["duties"]), _Node("学法培训和考试情况", s["study"])],
                    keep=True,
                ),
                _Node(
                    "依法全面履行职能情况",
                    children=[
                        _Node("权责清单和赋权事项", s["powers"]),
                        _Node("依法决策和法律顾问", s["decisions"]),
                        _Node("行政检查", s["inspections"]),
                    ],
                    keep=True,
                ),
                _Node(
                    "严格规范公正文明执法情况",
                    children=[
                        _Node(
                            "执法办案情况",
                            children=[
                                _Node("案件办理", s["cases"], chart=True),
                                _Node("违法建设治理和城市管理秩序", s["city"]),
                                _Node("专项行动", s["campaigns"]),
                            ],
                        ),
                        _Node("法制审核", s["review"]),
                        _Node("柔性执法", s["soft"]),
                        _Node("执法公示和执法监督", s["oversight"]),
                    ],
                    keep=True,
                ),
                _Node("落实普法责任制情况", s["education"], keep=True),
                _Node("化解矛盾纠纷情况", s["disputes"], keep=True),
            ],
            keep=True,
        ),
        _Node("存在的问题", part("problems") or ["（待填写）"], keep=True),
        _Node(f"{year + 1}年工作安排", part("plans") or ["（待填写）"], keep=True),
    ]
    # The bureau's own text follows the figures of its part.
    narrative = {"study": 0, "functions": 1, "enforcement": 2, "education": 3, "disputes": 4}
    for code, index in narrative.items():
        tree[0].children[index].paragraphs += part(code)
    preface = " ".join(part("preface")) or f"现将{agency.name}{year}年度法治政府建设情况报告如下："
    return AnnualReport(
        agency=agency,
        year=year,
        title=(text.title if text is not None and text.title else f"{agency.name}{year}年法治政府建设年度报告"),
        figures=figures,
        preface=preface,
        blocks=_blocks(tree, 1),
        issuer=agency.name,
        dated=today,
    )


def render_json(report: AnnualReport) -> str:
    return json.dumps(annual_json(report.figures), ensure_ascii=False, indent=2, sort_keys=False)


def render_markdown(report: AnnualReport) -> str:
    lines = [f"# {report.title}", "", report.preface, ""]
    for block in report.blocks:
        if block.kind == "heading":
            lines += ["#" * (block.level + 1) + " " + block.text, ""]
        elif block.kind == "text":
            lines += [block.text, ""]
        else:
            lines += [f"| {' | '.join(TABLE_HEADER)} |", "|---|---:|---:|"]
            lines += [f"| {label} | {n} | {fines} |" for label, n, fines in domain_rows(report.figures)]
            lines.append("")
    lines += [report.issuer, date_text(report.dated), ""]
    return "\n".join(lines)


def render_docx(report: AnnualReport) -> bytes:
    """The .docx in 公文格式 (``fazhi.reports.gongwen``)."""
    return gongwen.report_docx(report)


def render_html(report: AnnualReport, *, for_pdf: bool = False) -> str:
    """The print view of the same blocks (``fazhi.reports.pdf``)."""
    return pdf.report_html(report, for_pdf=for_pdf)


def render_pdf(report: AnnualReport) -> bytes:
    """The PDF of the same blocks (HTML through WeasyPrint with the server's CJK fonts, ``fazhi.reports.pdf``)."""
    return pdf.report_pdf(report)
