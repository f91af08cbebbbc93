"""A 笔录 as a small, deterministic PDF: its text and the SHA-256 of each signature, stored as evidence.

Made with ReportLab and the PDF's predefined Chinese font (STSong-Light, Adobe-GB1, which every PDF reader carries),
not with WeasyPrint and the server's fonts, on purpose: the evidence copy of a record is written inside the
transaction that creates it, on every server, and must not depend on the fonts a machine has. The file holds only the
text; the printed 笔录 with the signature images is the print view's job (``fazhi.documents.printing``).
``invariant`` makes the same record give the same bytes (no creation time or random document id in the file).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

FONT = "STSong-Light"


@cache
def _styles() -> tuple[ParagraphStyle, ParagraphStyle]:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    body = ParagraphStyle("record", fontName=FONT, fontSize=11, leading=17, wordWrap="CJK")
    title = ParagraphStyle("title", parent=body, fontSize=16, leading=24, alignment=1)
    return title, body


def _page_number(canvas: Canvas, doc: SimpleDocTemplate) -> None:
    canvas.setFont(FONT, 9)
    canvas.drawCentredString(A4[0] / 2, 12 * mm, f"第{doc.page}页")


def record_pdf(title: str, lines: Sequence[str]) -> bytes:
    """A PDF with ``title`` on top of the first page and one paragraph per line of ``lines`` below (wrapped)."""
    title_style, body = _styles()
    story = [Paragraph(escape(title), title_style), Spacer(1, 6 * mm)]
    story += [Paragraph(escape(line) or "&nbsp;", body) for line in lines]
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=A4, title=title, invariant=1, pageCompression=0, leftMargin=20 * mm, rightMargin=20 * mm
    )
    doc.build(story, onFirstPage=_page_number, onLaterPages=_page_number)
    return out.getvalue()


__all__ = ["record_pdf"]
