"""The layout of the shipped .docx templates: page, fonts and a small vocabulary of enforcement forms (``Builder``).

Layout after GB/T 9704-2012: A4, margins 37/35/28/26 mm, title 黑体, body 仿宋, agency name 宋体. Each placeholder is
written into one run, so Word's run splitting never breaks it. The zip entries get a fixed timestamp, so a rebuild
without changes gives the same bytes (and the same SHA-256, hence no new template version).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence

from docx import Document as new_document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from fazhi.documents.kinds import DocumentKind

BODY_FONT = "仿宋"
TITLE_FONT = "黑体"
AGENCY_FONT = "宋体"
BODY_SIZE = 14  # 四号
TABLE_SIZE = 12  # 小四
BLANK = "＿＿＿＿＿＿"
FIXED_ZIP_TIME = (2026, 1, 1, 0, 0, 0)


def _font(run_or_style: object, name: str, size: float, *, bold: bool = False) -> None:
    font = run_or_style.font  # type: ignore[attr-defined]
    font.name = name
    font.size = Pt(size)
    font.bold = bold
    element = run_or_style.element if hasattr(run_or_style, "element") else run_or_style._element  # type: ignore[attr-defined]
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


class Builder:
    """A small vocabulary for enforcement forms: header, paragraphs, label lines, tables, signature block."""

    def __init__(self, kind: DocumentKind) -> None:
        self.kind = kind
        self.doc: DocxDocument = new_document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
        normal = self.doc.styles["Normal"]
        _font(normal, BODY_FONT, BODY_SIZE)
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.line_spacing = Pt(26)
        props = self.doc.core_properties
        props.title = kind.label
        props.author = "fazhi"
        props.comments = "fazhi 默认文书模板；可由执法机关上传替换（见 docs/documents.md）。"

    # --- building blocks -----------------------------------------------------------------------------------

    def header(self, *, number: bool = True, title: str | None = None) -> None:
        p = self._p(align=WD_ALIGN_PARAGRAPH.CENTER)
        _font(p.add_run("{{ agency.name }}"), AGENCY_FONT, 18, bold=True)
        p = self._p(align=WD_ALIGN_PARAGRAPH.CENTER)
        _font(p.add_run(title or self.kind.label), TITLE_FONT, 22)
        if number:
            p = self._p(align=WD_ALIGN_PARAGRAPH.RIGHT)
            _font(p.add_run("{{ document.number }}"), BODY_FONT, BODY_SIZE)
        self._p()

    def _p(self, *, align: int | None = None, indent: bool = False) -> Paragraph:
        p = self.doc.add_paragraph()
        if align is not None:
            p.alignment = align  # type: ignore[assignment]
        if indent:
            p.paragraph_format.first_line_indent = Pt(BODY_SIZE * 2)
        return p

    def para(self, *parts: str, indent: bool = True, bold: bool = False, align: int | None = None) -> Paragraph:
        """One paragraph; each part is its own run (a placeholder never spans runs)."""
        p = self._p(align=align, indent=indent)
        for part in parts:
            _font(p.add_run(part), BODY_FONT, BODY_SIZE, bold=bold)
        return p

    def line(self, label: str, *values: str) -> Paragraph:
        """``label：value`` with the label in bold, no indent."""
        p = self._p()
        _font(p.add_run(label + "："), BODY_FONT, BODY_SIZE, bold=True)
        for value in values:
            _font(p.add_run(value), BODY_FONT, BODY_SIZE)
        return p

    def tag(self, text: str) -> None:
        """A paragraph holding only a docxtpl ``{%p … %}`` tag: the paragraph disappears when rendered."""
        p = self._p()
        _font(p.add_run(text), BODY_FONT, BODY_SIZE)

    def blank_lines(self, n: int) -> None:
        for _ in range(n):
            self.para(BLANK * 6, indent=False)

    def table(self, rows: Sequence[tuple[str, str]], widths: tuple[float, float] = (4.2, 11.4)) -> Table:
        table = self.doc.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for label, value in rows:
            cells = table.add_row().cells
            for cell, text, bold, width in ((cells[0], label, True, widths[0]), (cells[1], value, False, widths[1])):
                cell.width = Cm(width)
                p = cell.paragraphs[0]
                _font(p.add_run(text), BODY_FONT, TABLE_SIZE, bold=bold)
        self._p()
        return table

    def grid(self, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]) -> Table:
        table = self.doc.add_table(rows=0, cols=len(header))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for values, bold in [(header, True), *((r, False) for r in rows)]:
            cells = table.add_row().cells
            for cell, text, width in zip(cells, values, widths, strict=True):
                cell.width = Cm(width)
                _font(cell.paragraphs[0].add_run(text), BODY_FONT, TABLE_SIZE, bold=bold)
        self._p()
        return table

    def signature(self, *, date: str = "{{ document.date }}", signer: str = "{{ agency.name }}") -> None:
        """The agency, the seal placeholder (盖章处) and the date, right-aligned."""
        self._p()
        self.para(signer, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
        self.para("{{ seal }}", indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
        self.para(date, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)

    def party_lines(self) -> None:
        self.line("当事人", "{{ party.name }}")
        self.line("{{ party.id_label }}", "{{ party.id_number }}")
        self.tag("{%p if party.legal_representative %}")
        self.line("法定代表人（负责人）", "{{ party.legal_representative }}")
        self.tag("{%p endif %}")
        self.line("住所（地址）", "{{ party.address }}")

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return _normalize_zip(buffer.getvalue())


def _normalize_zip(data: bytes) -> bytes:
    """Rewrite the package with fixed entry times, so identical content gives identical bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()
