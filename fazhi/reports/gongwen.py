"""The annual report as a .docx in 公文格式 (GB/T 9704—2012 《党政机关公文格式》), with python-docx.

What the standard fixes and where it is set here:

- 5.2.1 A4 (210 mm × 297 mm); 天头 (top margin) 37 mm, 订口 28 mm, 版心 156 mm × 225 mm, so 26 mm on the outer
  side and 35 mm at the bottom (``PAGE``); mirrored margins, as the 订口 of a page printed on its back is on the right;
- 5.2.2 一般每面排22行，每行排28个字: the section's document grid (``linesAndChars``, line pitch 225 mm / 22, the
  character pitch 156 mm / 28 of the 3号 body) and an exact line spacing of that pitch;
- 7.2 / 7.3.3 title in 2号小标宋体 centred; body in 3号仿宋体; the heading levels 一、(黑体) （一）(楷体) 1. （1）
  (仿宋体), each a paragraph style of its own (``STYLES``, with its outline level, so a reader or a test sees them);
- 7.3.5 落款: the issuing body (发文机关署名) and the date (成文日期, Arabic numerals) at the end, the name 右空二字 and
  the date's first character two characters to the right of the name's (or the date 右空二字 and the name moved left
  when the date is the longer);
- 7.5 页码: 4号半角宋体阿拉伯数字, a 一字线 each side ("— 1 —"), 单页码居右空一字、双页码居左空一字 (odd and even
  footers), about 7 mm below the 版心.

Fonts are named as the standard names them (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312, 黑体) in ``w:eastAsia``; the
font table gives each an ``altName`` Word uses where it is not installed (华文中宋/宋体, 仿宋, 楷体, SimHei).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt

from fazhi.reports.charts import bar_chart_png
from fazhi.reports.layout import CHART_CAPTION, TABLE_HEADER, date_text, domain_rows, text_width

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject
    from docx.text.paragraph import Paragraph

    from fazhi.reports.annual import AnnualReport

__all__ = ["FONT_FALLBACKS", "HEADING_STYLES", "PAGE", "STYLES", "report_docx"]

# GB/T 9704—2012 5.2.1: A4 and the margins (mm) that leave the 版心 of 156 mm × 225 mm.
PAGE = {"width": 210, "height": 297, "top": 37, "bottom": 35, "left": 28, "right": 26}
LINES_PER_PAGE = 22  # 5.2.2
CHARS_PER_LINE = 28  # 5.2.2
_TEXT_WIDTH_PT = (PAGE["width"] - PAGE["left"] - PAGE["right"]) * 72 / 25.4
_TEXT_HEIGHT_PT = (PAGE["height"] - PAGE["top"] - PAGE["bottom"]) * 72 / 25.4
LINE_PITCH_PT = _TEXT_HEIGHT_PT / LINES_PER_PAGE  # ≈ 28.95 pt
BODY_PT = 16  # 3号
TITLE_PT = 22  # 2号
PAGE_NUMBER_PT = 14  # 4号

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
KAI_FONT = "楷体_GB2312"
HEI_FONT = "黑体"
PAGE_NUMBER_FONT = "宋体"
# The font table's altName: what Word uses when the named font is not installed.
FONT_FALLBACKS = {
    TITLE_FONT: "华文中宋",
    "华文中宋": "宋体",
    BODY_FONT: "仿宋",
    "仿宋": "FangSong",
    KAI_FONT: "楷体",
    "楷体": "KaiTi",
    HEI_FONT: "SimHei",
    PAGE_NUMBER_FONT: "SimSun",
}

# Style name → (font, size in pt, bold, alignment, first-line indent in characters, outline level or None)
STYLES: dict[str, tuple[str, int, bool, str, int, int | None]] = {
    "公文标题": (TITLE_FONT, TITLE_PT, False, "center", 0, None),
    "公文一级标题": (HEI_FONT, BODY_PT, False, "left", 2, 0),
    "公文二级标题": (KAI_FONT, BODY_PT, False, "left", 2, 1),
    "公文三级标题": (BODY_FONT, BODY_PT, True, "left", 2, 2),
    "公文四级标题": (BODY_FONT, BODY_PT, False, "left", 2, 3),
    "公文正文": (BODY_FONT, BODY_PT, False, "justify", 2, None),
    "公文落款": (BODY_FONT, BODY_PT, False, "right", 0, None),
    "公文图表": (BODY_FONT, PAGE_NUMBER_PT, False, "center", 0, None),
    "公文页码": (PAGE_NUMBER_FONT, PAGE_NUMBER_PT, False, "right", 0, None),
}
HEADING_STYLES = {1: "公文一级标题", 2: "公文二级标题", 3: "公文三级标题", 4: "公文四级标题"}
_ALIGN = {
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


def _set_fonts(rpr_owner: object, font: str) -> None:
    """Latin text in Times New Roman, East Asian text in ``font`` (the page number: all in 宋体)."""
    rpr = rpr_owner.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    latin = font if font == PAGE_NUMBER_FONT else "Times New Roman"
    for attr, value in (("w:ascii", latin), ("w:hAnsi", latin), ("w:eastAsia", font), ("w:cs", latin)):
        fonts.set(qn(attr), value)


def _indent_chars(ppr: object, *, first_line: int = 0, left: float = 0, right: float = 0) -> None:
    """Indents in characters (``w:firstLineChars`` etc., hundredths of a character), as 公文 counts them, with the
    equivalent in twips for readers that ignore the character units."""
    ind = ppr.get_or_add_ind()  # type: ignore[attr-defined]  # python-docx keeps the schema's order of w:pPr
    if first_line:
        ind.set(qn("w:firstLineChars"), str(first_line * 100))
        ind.set(qn("w:firstLine"), str(first_line * BODY_PT * 20))
    if left:
        ind.set(qn("w:leftChars"), str(round(left * 100)))
        ind.set(qn("w:left"), str(round(left * BODY_PT * 20)))
    if right:
        ind.set(qn("w:rightChars"), str(round(right * 100)))
        ind.set(qn("w:right"), str(round(right * BODY_PT * 20)))


def _styles(doc: DocumentObject) -> None:
    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    _set_fonts(normal.element, BODY_FONT)
    for name, (font, size, bold, align, first_line, outline) in STYLES.items():
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.quick_style = True
        style.font.size = Pt(size)
        style.font.bold = bold
        _set_fonts(style.element, font)
        fmt = style.paragraph_format
        fmt.alignment = _ALIGN[align]
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(round(LINE_PITCH_PT, 2))
        fmt.widow_control = True
        ppr = style.element.get_or_add_pPr()
        if first_line:
            _indent_chars(ppr, first_line=first_line)
        if outline is not None:
            level = OxmlElement("w:outlineLvl")
            level.set(qn("w:val"), str(outline))
            ppr.append(level)
            fmt.keep_with_next = True


def _font_table(doc: DocumentObject) -> None:
    """Declare each 公文 font with its ``altName`` and the GB2312 charset in fontTable.xml."""
    part = doc.part.part_related_by(RT.FONT_TABLE)
    root = parse_xml(part.blob)
    for name, alt in FONT_FALLBACKS.items():
        root.append(
            parse_xml(
                f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
                '<w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
            )
        )
    from lxml import etree  # noqa: PLC0415 — python-docx's own XML library, only to serialise this part

    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


_SETTINGS_BEFORE_MIRROR = (
    "writeProtection",
    "view",
    "zoom",
    "removePersonalInformation",
    "removeDateAndTime",
    "doNotDisplayPageBoundaries",
    "displayBackgroundShape",
    "printPostScriptOverText",
    "printFractionalCharacterWidth",
    "printFormsData",
    "embedTrueTypeFonts",
    "embedSystemFonts",
    "saveSubsetFonts",
    "saveFormsData",
)


def _page(doc: DocumentObject) -> None:
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(PAGE["width"]), Mm(PAGE["height"])
    section.top_margin, section.bottom_margin = Mm(PAGE["top"]), Mm(PAGE["bottom"])
    section.left_margin, section.right_margin = Mm(PAGE["left"]), Mm(PAGE["right"])
    section.header_distance = Mm(15)
    # The page number's line sits about 7 mm under the 版心 (7.5): footer's bottom edge = 35 − 7 − 5 mm.
    section.footer_distance = Mm(PAGE["bottom"] - 7 - 5)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(round(LINE_PITCH_PT * 20)))  # twentieths of a point
    char_pitch = _TEXT_WIDTH_PT / CHARS_PER_LINE
    grid.set(qn("w:charSpace"), str(round((char_pitch - BODY_PT) * 4096)))  # 4096ths of a point beyond the font
    doc.settings.odd_and_even_pages_header_footer = True
    # Printed on both sides, the 订口 is the inner edge: the left of an odd page, the right of an even one.
    settings = doc.settings.element
    if settings.find(qn("w:mirrorMargins")) is None:  # after the elements w:settings puts before it, in order
        before = {qn(f"w:{n}") for n in _SETTINGS_BEFORE_MIRROR}
        position = max((i + 1 for i, child in enumerate(settings) if child.tag in before), default=0)
        settings.insert(position, OxmlElement("w:mirrorMargins"))
    _page_number(section.footer.paragraphs[0], odd=True)
    _page_number(section.even_page_footer.paragraphs[0], odd=False)


def _field_run(paragraph: Paragraph, instruction: str) -> None:
    """A field (``PAGE``) as Word writes it: begin, the instruction, separate, a placeholder result, end."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("text", "1"), ("end", None)):
        run = paragraph.add_run()
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {text} "
            run._r.append(instr)
        elif kind == "text":
            run.text = text or ""
        else:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)


def _page_number(paragraph: Paragraph, *, odd: bool) -> None:
    """ "— 1 —": odd pages on the right 空一字, even pages on the left 空一字 (GB/T 9704—2012 7.5)."""
    paragraph.style = "公文页码"
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    ppr = paragraph._p.get_or_add_pPr()
    if odd:
        _indent_chars(ppr, right=1)
    else:
        _indent_chars(ppr, left=1)
    paragraph.add_run("— ")
    _field_run(paragraph, "PAGE")
    paragraph.add_run(" —")


def _chart(doc: DocumentObject, report: AnnualReport) -> None:
    rows = domain_rows(report.figures)
    picture = doc.add_paragraph(style="公文图表")
    picture.add_run().add_picture(io.BytesIO(bar_chart_png([n for _, n, _ in rows])), width=Cm(15))
    doc.add_paragraph(CHART_CAPTION.format(year=report.year), style="公文图表")
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, TABLE_HEADER, strict=True):
        cell.text = text
    for label, n, fines in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = label, str(n), fines
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.style = "公文图表"


def _signature(doc: DocumentObject, report: AnnualReport) -> None:
    """落款 (7.3.5.2, a document without a seal): a blank line, the issuing body 右空二字, then the date."""
    name, dated = report.issuer, date_text(report.dated)
    name_w, date_w = text_width(name), text_width(dated)
    # The date's first character sits two characters right of the name's; if the date is the longer, the date
    # keeps 右空二字 and the name moves left.
    if date_w <= name_w:
        name_right, date_right = 2.0, name_w - date_w
    else:
        name_right, date_right = 2.0 + (date_w - name_w) + 2.0, 2.0
    doc.add_paragraph(style="公文正文")
    for text, right in ((name, name_right), (dated, date_right)):
        paragraph = doc.add_paragraph(text, style="公文落款")
        if right:
            _indent_chars(paragraph._p.get_or_add_pPr(), right=right)


def report_docx(report: AnnualReport) -> bytes:
    doc = Document()
    _styles(doc)
    _font_table(doc)
    _page(doc)
    body = doc.paragraphs[0]._p if doc.paragraphs else None
    if body is not None:  # the template's empty first paragraph
        body.getparent().remove(body)
    doc.core_properties.title = report.title
    doc.core_properties.author = report.issuer
    doc.add_paragraph(report.title, style="公文标题")
    doc.add_paragraph(style="公文正文")  # 标题下空一行
    doc.add_paragraph(report.preface, style="公文正文")
    for block in report.blocks:
        if block.kind == "heading":
            doc.add_paragraph(block.text, style=HEADING_STYLES[block.level])
        elif block.kind == "text":
            doc.add_paragraph(block.text, style="公文正文")
        else:
            _chart(doc, report)
    _signature(doc, report)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
