"""The annual report as PDF without LibreOffice: the same blocks as the .docx, as HTML through WeasyPrint.

The page follows the .docx (``fazhi.reports.gongwen``): A4 with the GB/T 9704—2012 margins, the title in 小标宋 2号,
the body in 仿宋 3号 at 22 lines a page, the four heading levels, "— 1 —" page numbers (odd pages right, even pages
left, 空一字) and the 落款. The fonts are named as in the .docx, then the CJK fonts the server has
(``fazhi.documents.printing.cjk_font_families``, found through fontconfig); without one the PDF is refused in
Chinese rather than printed as empty boxes. The chart is embedded as a data: URL and WeasyPrint may fetch nothing
else.
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING

from django.template.loader import render_to_string

from fazhi.core.errors import RuleViolation
from fazhi.documents.printing import NO_CJK_FONT, cjk_font_families
from fazhi.reports import gongwen
from fazhi.reports.charts import bar_chart_png
from fazhi.reports.layout import CHART_CAPTION, TABLE_HEADER, date_text, domain_rows, text_width

if TYPE_CHECKING:
    from fazhi.reports.annual import AnnualReport

__all__ = ["PDF", "report_html", "report_pdf"]

PDF = "application/pdf"

# The 公文 font first, its usual substitutes, then what the server has (serif for 仿宋/楷体/宋体, sans for 黑体).
_STACKS = {
    "title": ("方正小标宋简体", "华文中宋", "STZhongsong", "宋体", "SimSun"),
    "body": ("仿宋_GB2312", "仿宋", "FangSong", "STFangsong"),
    "kai": ("楷体_GB2312", "楷体", "KaiTi", "STKaiti"),
    "hei": ("黑体", "SimHei", "STHeiti"),
    "number": ("宋体", "SimSun"),
}


def _stack(kind: str, installed: tuple[str, ...]) -> str:
    serif = [f for f in installed if "Serif" in f or "Song" in f or "Ming" in f]
    sans = [f for f in installed if f not in serif]
    extra = (sans + serif) if kind == "hei" else (serif + sans)
    names = list(_STACKS[kind]) + [f for f in extra[:3] if f not in _STACKS[kind]]
    generic = "sans-serif" if kind == "hei" else "serif"
    return ", ".join(f'"{n}"' for n in names) + f", {generic}"


def report_html(report: AnnualReport, *, for_pdf: bool = True) -> str:
    installed = cjk_font_families()
    rows = domain_rows(report.figures)
    chart = base64.b64encode(bar_chart_png([n for _, n, _ in rows])).decode("ascii")
    name_w, date_w = text_width(report.issuer), text_width(date_text(report.dated))
    if date_w <= name_w:
        name_right, date_right = 2.0, name_w - date_w
    else:
        name_right, date_right = 4.0 + date_w - name_w, 2.0
    return render_to_string(
        "reports/annual_print.html",
        {
            "report": report,
            "page": gongwen.PAGE,
            "line_pt": f"{gongwen.LINE_PITCH_PT:.2f}",
            "fonts": {kind: _stack(kind, installed) for kind in _STACKS},
            "chart": f"data:image/png;base64,{chart}",
            "caption": CHART_CAPTION.format(year=report.year),
            "header": TABLE_HEADER,
            "rows": rows,
            "dated": date_text(report.dated),
            "name_right": f"{name_right}em",
            "date_right": f"{date_right}em",
            "for_pdf": for_pdf,
        },
    )


def report_pdf(report: AnnualReport) -> bytes:
    """The PDF (WeasyPrint); refused in Chinese when the server has no CJK font."""
    if not cjk_font_families():
        raise RuleViolation(NO_CJK_FONT)
    from weasyprint import HTML  # noqa: PLC0415 — WeasyPrint (cairo, pango) loads only when a PDF is made
    from weasyprint.urls import URLFetcher  # noqa: PLC0415 — as above

    fetcher = URLFetcher(allowed_protocols=("data",), timeout=5)
    return bytes(HTML(string=report_html(report), url_fetcher=fetcher).write_pdf())
