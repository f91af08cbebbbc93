"""Build the shipped .docx templates (doc_templates/<kind>.docx) with python-docx.

Run once after changing the wording: ``.venv/bin/python -m fazhi.documents.build_templates``. The files are
committed; a bureau that wants other wording uploads its own .docx instead (docs/documents.md), no code needed.

The templates use docxtpl's Jinja syntax: ``{{ party.name }}``, ``{% if … %}`` inside a paragraph, ``{%p … %}``
for whole paragraphs and ``{%tr … %}`` for table rows. Each placeholder is written into one run, so Word's run
splitting never breaks it. Layout after GB/T 9704-2012: A4, margins 37/35/28/26 mm, title 黑体, body 仿宋,
agency name 宋体. The zip entries get a fixed timestamp, so a rebuild without changes gives the same bytes (and
the same SHA-256, hence no new template version).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

from docx import Document as new_document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from fazhi.documents.kinds import SPECS, DocumentKind

TEMPLATE_DIR = Path(__file__).resolve().parent / "doc_templates"

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


# --- the documents ---------------------------------------------------------------------------------------------------

K = DocumentKind
CASE_LINE = ("案由", "{{ case.cause }}")


def register_approval(b: Builder) -> None:
    b.header()
    b.table(
        [
            CASE_LINE,
            ("案件来源", "{{ case.source }}"),
            ("案源编号", "{{ case.lead_number }}"),
            ("立案编号", "{{ case.register_number }}"),
            ("当事人", "{{ party.name }}（{{ party.kind_label }}）"),
            ("证件号码", "{{ party.id_label }}：{{ party.id_number }}"),
            ("住所（地址）", "{{ party.address }}"),
            ("联系电话", "{{ party.phone }}"),
            ("违法行为发生日期", "{{ case.act_date }}"),
            ("发现日期", "{{ case.discovered_on }}"),
            ("违法地点", "{{ case.location }}"),
            ("简要案情", "{{ case.facts }}"),
            ("违法依据", "{{ case.violation_basis }}"),
            ("承办机构意见", "经初步核查，当事人涉嫌违法，依法应当给予行政处罚，建议立案调查。"),
            ("承办人", "{{ handlers_text }}"),
            (
                "负责人审批意见",
                "{% if case.register_number %}同意立案。　{{ case.registered_by }}　{{ case.registered_on }}"
                "{% elif case.not_registered_reason %}不予立案：{{ case.not_registered_reason }}{% endif %}",
            ),
            ("填表日期", "{{ document.date }}"),
            ("备注", ""),
        ]
    )


def correction_order(b: Builder) -> None:
    b.header()
    b.para("{{ party.name }}：", indent=False)
    b.para(
        "经查，你（单位）于{{ case.act_date }}在{{ case.location }}实施了{{ case.cause }}的行为，",
        "违反了{{ case.violation_article }}的规定。",
    )
    b.para("根据《中华人民共和国行政处罚法》第二十八条第一款的规定，现责令你（单位）：")
    b.para("□ 立即停止违法行为；")
    b.para(f"□ 于{BLANK}年＿＿月＿＿日前改正违法行为，改正内容：{BLANK}{BLANK}。")
    b.para("逾期不改正的，本机关将依法处理。你（单位）对本通知有异议的，可以向本机关陈述、申辩。")
    b.line("执法人员", "{{ handlers_text }}")
    b.line("联系电话", BLANK)
    b.signature()
    b.para(f"当事人（签收）：{BLANK}　　　　年　　月　　日", indent=False)


def inspection_record(b: Builder) -> None:
    b.header()
    b.line("案由", "{{ case.cause }}")
    b.line("案件编号", "{{ case.number }}")
    b.line("检查（勘验）时间", "　　　　年　　月　　日　　时　　分至　　时　　分")
    b.line("检查（勘验）地点", "{{ case.location }}")
    b.line("被检查人", "{{ party.name }}　{{ party.id_label }}：{{ party.id_number }}")
    b.line("住所（地址）", "{{ party.address }}　联系电话：{{ party.phone }}")
    b.line("检查人员", "{{ handlers_text }}")
    b.line("记录人", BLANK)
    b.line("见证人", BLANK)
    b.para(
        "执法人员已向被检查人出示执法证件，表明身份，告知其应当如实提供情况、不得拒绝或者阻挠检查，",
        "并告知其有申请回避的权利（《中华人民共和国行政处罚法》第四十三条、第五十五条）。",
        f"被检查人是否申请回避：{BLANK}。",
    )
    b.para("现场检查（勘验）情况：", indent=False, bold=True)
    b.blank_lines(8)
    b.para(f"被检查人对笔录的意见：{BLANK}{BLANK}", indent=False)
    b.para(f"被检查人（签名）：{BLANK}　　　　年　　月　　日", indent=False)
    b.para(f"检查人员（签名）：{BLANK}　{BLANK}　　　　年　　月　　日", indent=False)
    b.para(f"记录人（签名）：{BLANK}　　见证人（签名）：{BLANK}", indent=False)


def inquiry_record(b: Builder) -> None:
    b.header()
    b.line("案由", "{{ case.cause }}")
    b.line("询问时间", "　　　　年　　月　　日　　时　　分至　　时　　分")
    b.line("询问地点", BLANK)
    b.line("询问人", "{{ handlers_text }}")
    b.line("记录人", BLANK)
    b.line("被询问人", "{{ party.name }}　性别：＿＿　{{ party.id_label }}：{{ party.id_number }}")
    b.line("住所（地址）", "{{ party.address }}　联系电话：{{ party.phone }}")
    b.line("与本案关系", "当事人")
    b.para(
        "问：我们是{{ agency.name }}的执法人员（出示执法证件：{{ handlers_text }}），现依法就{{ case.cause }}一事",
        "向你进行询问，请你如实回答。你有陈述和申辩的权利；如认为执法人员与本案有直接利害关系或者有其他关系",
        "可能影响公正执法的，有权申请回避。你听清楚了吗？是否申请回避？",
        indent=False,
    )
    b.para(f"答：{BLANK}{BLANK}", indent=False)
    for _ in range(4):
        b.para(f"问：{BLANK}{BLANK}", indent=False)
        b.para(f"答：{BLANK}{BLANK}", indent=False)
    b.para("问：以上所说是否属实？你还有什么补充？", indent=False)
    b.para(f"答：{BLANK}{BLANK}", indent=False)
    b.para("被询问人意见：以上笔录我已看过（或已向我宣读过），与我所说相符。", indent=False)
    b.para(f"被询问人（签名）：{BLANK}　　　　年　　月　　日", indent=False)
    b.para(f"询问人（签名）：{BLANK}　{BLANK}　　记录人（签名）：{BLANK}", indent=False)


def preservation_notice(b: Builder) -> None:
    b.header()
    b.para("{{ party.name }}：", indent=False)
    b.para(
        "因你（单位）涉嫌{{ case.cause }}，有关证据可能灭失或者以后难以取得，经本机关负责人",
        "{{ preservation.approved_by }}批准，根据《中华人民共和国行政处罚法》第五十六条的规定，本机关于",
        "{{ preservation.saved_on }}对下列物品予以先行登记保存：",
    )
    b.para("{{ preservation.goods }}")
    b.para(f"保存地点：{BLANK}　　保存方式：□就地保存　□异地保存")
    b.para(
        "先行登记保存期间，你（单位）或者有关人员不得损毁、销毁或者转移证据。本机关将在七个工作日内",
        "（即{{ preservation.decision_due }}前）依法作出处理决定。",
    )
    b.line("执法人员", "{{ handlers_text }}")
    b.signature()
    b.para(f"当事人（签收）：{BLANK}　　　　年　　月　　日", indent=False)


def investigation_report(b: Builder) -> None:
    b.header()
    b.line("案由", "{{ case.cause }}")
    b.line("案件编号", "{{ case.number }}")
    b.party_lines()
    b.line("承办人", "{{ handlers_text }}")
    b.para("一、案件来源及立案情况", indent=False, bold=True)
    b.para(
        "本案于{{ case.discovered_on }}经{{ case.source }}发现，于{{ case.registered_on }}经本机关负责人批准立案",
        "（{{ case.register_number }}）。",
    )
    b.para("二、违法事实", indent=False, bold=True)
    b.para("{{ report.facts }}")
    b.para("三、证据", indent=False, bold=True)
    b.para("{{ report.evidence }}")
    b.para("四、违法依据", indent=False, bold=True)
    b.para("{{ case.violation_basis }}")
    b.para("五、处罚依据", indent=False, bold=True)
    b.para("{{ case.penalty_basis }}")
    b.para("六、裁量情况", indent=False, bold=True)
    b.para("{% if report.discretion.present %}{{ report.discretion.text }}{% else %}无。{% endif %}")
    b.para("七、处理意见", indent=False, bold=True)
    b.para("建议{{ report.proposed_outcome }}{% if report.penalty_text %}：{{ report.penalty_text }}{% endif %}。")
    b.para(f"承办人（签名）：{BLANK}　{BLANK}　　{{{{ report.submitted_on }}}}", indent=False)
    b.para(f"审核意见：{BLANK}{BLANK}", indent=False)


def legal_review_opinion(b: Builder) -> None:
    b.header()
    b.para("{{ agency.unit_name }}：", indent=False)
    b.para(
        "你单位报送的{{ party.name }}{{ case.cause }}一案（案件编号：{{ case.number }}）的案卷材料已收悉。",
        "根据《中华人民共和国行政处罚法》第五十八条的规定，经法制审核，意见如下：",
    )
    b.para(
        "一、审核内容：执法主体是否合法，执法人员是否具备执法资格；案件事实是否清楚，证据是否合法充分；",
        "适用法律、法规、规章是否准确，裁量基准运用是否适当；程序是否合法；是否超越本机关职权；",
        "执法文书是否完备、规范；违法行为是否涉嫌犯罪需要移送司法机关。",
    )
    b.para("二、审核意见：{{ legal_review.opinion }}。")
    b.para("{{ legal_review.text }}")
    b.para(
        "{% if legal_review.after_hearing %}本次审核在听证之后进行（行政处罚法第五十八条第一款第（二）项）。{% endif %}"
    )
    b.line("法制审核人员", "{{ legal_review.reviewer }}")
    b.line("审核日期", "{{ legal_review.on }}")
    b.signature()


def discussion_record(b: Builder) -> None:
    b.header()
    b.table(
        [
            CASE_LINE,
            ("案件编号", "{{ case.number }}"),
            ("当事人", "{{ party.name }}"),
            ("讨论时间", "{{ discussion.on }}"),
            ("讨论地点", ""),
            ("主持人", "{{ discussion.chair }}"),
            ("参加人员", "{{ discussion.participants }}"),
            ("记录人", ""),
            ("承办人汇报", "{{ report.facts }}\n拟处理意见：{{ report.proposed_outcome }}　{{ report.penalty_text }}"),
            ("法制审核意见", "{{ legal_review.opinion }}　{{ legal_review.text }}"),
            ("讨论记录", "{{ discussion.record }}"),
            ("结论性意见", "{{ discussion.conclusion }}：{{ discussion.conclusion_text }}"),
            ("参加人员签名", ""),
        ]
    )
    b.para(
        "根据《中华人民共和国行政处罚法》第五十七条第二款，情节复杂或者重大违法行为给予行政处罚，行政机关负责人应当集体讨论决定。",
        indent=False,
    )


def pre_decision_notice(b: Builder) -> None:
    b.header()
    b.para("{{ party.name }}：", indent=False)
    b.para("经查，你（单位）于{{ case.act_date }}在{{ case.location }}实施了{{ case.cause }}的行为。{{ report.facts }}")
    b.para("以上事实有下列证据证明：{{ report.evidence }}")
    b.para(
        "你（单位）的上述行为违反了{{ case.violation_article }}的规定。",
        "{% if report.discretion.present %}{{ report.discretion.text }}{% endif %}",
        "依据{{ case.penalty_article }}的规定，本机关拟对你（单位）作出如下行政处罚：{{ notice.penalty_text }}。",
    )
    b.para(
        "根据《中华人民共和国行政处罚法》第四十四条、第四十五条",
        "{% if notice.hearing_right %}、第六十三条、第六十四条{% endif %}的规定，你（单位）享有陈述、申辩",
        "{% if notice.hearing_right %}和要求听证{% endif %}的权利。你（单位）可以在{{ notice.representation_until }}前",
        "向本机关提出陈述、申辩{% if notice.hearing_right %}；要求听证的，应当在{{ notice.hearing_request_until }}前",
        "提出{% endif %}。逾期未提出的，视为放弃上述权利。",
    )
    b.line("联系人", "{{ handlers_text }}")
    b.line("联系电话", BLANK)
    b.signature()
    b.para(f"当事人（签收）：{BLANK}　　　　年　　月　　日", indent=False)


def hearing_notice(b: Builder) -> None:
    b.header()
    b.para("{{ party.name }}：", indent=False)
    b.para(
        "本机关拟对你（单位）{{ case.cause }}一案作出如下行政处罚：{{ notice.penalty_text }}。根据《中华人民共和国",
        "行政处罚法》第六十三条、第六十四条的规定，你（单位）有权要求举行听证。要求听证的，应当在",
        "{{ notice.hearing_request_until }}前（即告知后五日内）向本机关提出；逾期未提出的，视为放弃听证权利。",
    )
    b.para(
        "听证由本机关指定的非本案调查人员主持；你（单位）认为主持人与本案有直接利害关系的，有权申请回避。",
        "你（单位）可以亲自参加听证，也可以委托一至二人代理。当事人不承担行政机关组织听证的费用。",
        "除涉及国家秘密、商业秘密或者个人隐私依法予以保密外，听证公开举行。",
    )
    b.line("联系人", "{{ handlers_text }}")
    b.signature()
    b.para(f"当事人（签收）：{BLANK}　　　　年　　月　　日", indent=False)


def hearing_record(b: Builder) -> None:
    b.header()
    b.table(
        [
            CASE_LINE,
            ("案件编号", "{{ case.number }}"),
            ("听证时间", "{{ hearing.date }}"),
            ("听证地点", "{{ hearing.location }}"),
            ("听证方式", "{{ hearing.public_text }}"),
            ("听证主持人", "{{ hearing.host }}"),
            ("记录人", ""),
            ("案件调查人员", "{{ handlers_text }}"),
            ("当事人", "{{ party.name }}　{{ party.id_label }}：{{ party.id_number }}"),
            ("委托代理人", ""),
        ]
    )
    b.para("听证记录：", indent=False, bold=True)
    b.para("{{ hearing.record }}")
    b.para("{% if hearing.waived %}当事人放弃听证或者无正当理由未到场，视为放弃听证权利。{% endif %}")
    b.para(
        "本笔录已交当事人审核（或向当事人宣读），当事人认为无误后应当签字或者盖章；当事人拒绝签字或者盖章的，",
        "由听证主持人在笔录中注明（《中华人民共和国行政处罚法》第六十四条第（八）项）。",
    )
    b.para(f"听证主持人（签名）：{BLANK}　　记录人（签名）：{BLANK}", indent=False)
    b.para(f"当事人或者其代理人（签名）：{BLANK}　　案件调查人员（签名）：{BLANK}", indent=False)


def penalty_decision(b: Builder) -> None:
    """行政处罚决定书: every item of 行政处罚法 第五十九条, plus the 文号, the 裁量 explanation and the seal."""
    b.header()
    b.party_lines()
    b._p()
    b.para(
        "{{ party.name }}{{ case.cause }}一案，本机关于{{ case.registered_on }}立案调查。",
        "{{ decision.process_text }}本案现已审查终结。",
    )
    b.para("经查，{{ report.facts }}")
    b.para("以上事实有下列证据证明：{{ report.evidence }}")
    b.para("本机关认为，当事人的上述行为违反了{{ case.violation_article }}的规定。{{ decision.reasons }}")
    b.tag("{%p if decision.discretion.present %}")
    b.para("{{ decision.discretion.text }}")
    b.tag("{%p endif %}")
    b.tag("{%p if decision.out_of_range_reason %}")
    b.para("超出裁量阶次的理由：{{ decision.out_of_range_reason }}")
    b.tag("{%p endif %}")
    b.para("依据{{ case.penalty_article }}的规定，本机关决定对当事人作出如下行政处罚：")
    b.para("{{ decision.penalty_text }}。", bold=True)
    b.para("{{ payment.text }}")
    b.para("{{ remedy.text }}")
    b.signature(date="{{ decision.decided_on }}")
    b.para("（本决定书一式两份，一份送达当事人，一份归档。）", indent=False)


def simple_decision(b: Builder) -> None:
    b.header()
    b.party_lines()
    b.line(
        "违法行为",
        "{{ party.name }}于{{ case.act_date }}在{{ case.location }}实施了{{ case.cause }}的行为。{{ case.facts }}",
    )
    b.line("违法依据", "{{ case.violation_basis }}")
    b.line("处罚依据", "{{ case.penalty_basis }}")
    b.line("处罚种类和金额", "{{ decision.penalty_text }}")
    b.line("处罚时间", "{{ decision.decided_on }}")
    b.line("处罚地点", "{{ case.location }}")
    b.line("履行方式和期限", "{{ payment.text }}")
    b.line("救济途径和期限", "{{ remedy.text }}")
    b.line("告知和陈述申辩", "{{ decision.on_spot_text }}")
    b.line("执法人员（签名）", "{{ handlers_text }}")
    b.para(f"当事人（签名）：{BLANK}（当事人拒绝签收的，由执法人员在本决定书上注明）", indent=False)
    b.tag("{%p if decision.refused_to_sign %}")
    b.para("当事人拒绝签收，执法人员已当场注明（《中华人民共和国行政处罚法》第五十二条第一款）。", indent=False)
    b.tag("{%p endif %}")
    b.signature(date="{{ decision.decided_on }}")
    b.para(
        "本决定书由执法人员当场交付当事人，并报所属行政机关备案（《中华人民共和国行政处罚法》第五十二条）。",
        indent=False,
    )


def service_receipt(b: Builder) -> None:
    b.header()
    b.table(
        [
            ("送达文书名称及文号", "《{{ service.document_title }}》{{ service.document_number }}"),
            ("受送达人", "{{ service.recipient }}"),
            ("送达地点", "{{ service.address }}"),
            ("送达方式", "{{ service.method }}"),
            ("送达日期", "{{ service.served_on }}"),
            ("送达人", "{{ handlers_text }}"),
            ("受送达人签名或者盖章", "\n　　　　年　　月　　日"),
            ("代收人及代收理由", ""),
            ("见证人（留置送达时）", ""),
            ("备注", "{{ service.proof }}"),
        ]
    )
    b.signature()


def reminder(b: Builder) -> None:
    b.header()
    b.para("{{ party.name }}：", indent=False)
    b.para(
        "本机关于{{ decision.decided_on }}对你（单位）作出《行政处罚决定书》（{{ decision.number }}），决定",
        "{{ decision.penalty_text }}，该决定书已于{{ service.deemed_served_on }}送达。你（单位）在法定期限内未全部",
        "履行缴纳罚款的义务。",
    )
    b.para(
        "根据《中华人民共和国行政强制法》第三十五条、第五十四条的规定，现催告你（单位）自收到本催告书之日起",
        "{{ reminder.comply_days }}个工作日内履行下列义务：缴纳罚款人民币{{ reminder.fine_due_words }}",
        "（¥{{ reminder.fine_due }}）及截至{{ reminder.issued_on }}的加处罚款人民币{{ reminder.late_fee_due_words }}",
        "（¥{{ reminder.late_fee_due }}），合计人民币{{ reminder.total_words }}（¥{{ reminder.total }}）。",
        "加处罚款按日计算至罚款缴清之日止，但不超过罚款数额。",
    )
    b.para("履行方式：持《行政处罚决定书》及本催告书到{{ payment.bank }}缴纳，或者通过电子支付系统缴纳。")
    b.para(
        "你（单位）收到本催告书后有权进行陈述和申辩（《中华人民共和国行政强制法》第三十五条第（四）项）。",
        "逾期仍不履行的，本机关将依法申请人民法院强制执行。",
    )
    b.signature()
    b.para(f"当事人（签收）：{BLANK}　　　　年　　月　　日", indent=False)


def enforcement_application(b: Builder) -> None:
    b.header()
    b.line("申请人", "{{ agency.name }}")
    b.line("地址", BLANK)
    b.line("负责人", BLANK)
    b.line("被申请人", "{{ party.name }}　{{ party.id_label }}：{{ party.id_number }}")
    b.line("住所（地址）", "{{ party.address }}")
    b.para("申请事项：", indent=False, bold=True)
    b.para(
        "请求依法强制执行申请人作出的《行政处罚决定书》（{{ decision.number }}）：{{ decision.penalty_text }}；",
        "并执行加处罚款人民币{{ payment.late_fee_words }}（¥{{ payment.late_fee }}）。",
    )
    b.para("事实和理由：", indent=False, bold=True)
    b.para(
        "申请人于{{ decision.decided_on }}对被申请人作出《行政处罚决定书》（{{ decision.number }}），",
        "于{{ service.deemed_served_on }}送达被申请人。被申请人在法定期限内未申请行政复议或者提起行政诉讼，",
        "又不履行行政处罚决定。申请人于{{ reminder.served_on }}向被申请人送达了《催告书》，催告期满后被申请人",
        "仍未履行。根据《中华人民共和国行政强制法》第五十三条、第五十四条、第五十五条的规定，特申请贵院强制执行。",
    )
    b.para("此致", indent=True)
    b.para("{{ enforcement.court }}", indent=False)
    b.para("附：1. 行政处罚决定书及作出决定的事实、理由和依据；2. 当事人的意见及催告情况；", indent=False)
    b.para("3. 申请强制执行标的情况；4. 送达回证；5. 法律、行政法规规定的其他材料。", indent=False)
    b.signature(signer="申请人：{{ agency.name }}")
    b.para(f"负责人（签名）：{BLANK}", indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)


def criminal_transfer(b: Builder) -> None:
    b.header()
    b.para("{{ transfer.receiving_body }}：", indent=False)
    b.para(
        "本机关在查处{{ party.name }}{{ case.cause }}一案中，发现其涉嫌犯罪：{{ transfer.reason }}。",
        "根据《行政执法机关移送涉嫌犯罪案件的规定》第三条、第五条、第六条的规定，经本机关负责人",
        "{{ transfer.approved_by }}于{{ transfer.approved_at }}批准，现将该案移送你单位依法处理。",
    )
    b.tag("{%p if transfer.prior_decision_note %}")
    b.para("{{ transfer.prior_decision_note }}")
    b.tag("{%p endif %}")
    b.para("随案移送材料：", indent=False, bold=True)
    b.tag("{%p for a in transfer.attachments %}")
    b.para("{{ a.seq }}. {{ a.name }}")
    b.tag("{%p endfor %}")
    b.para(
        "请你单位在移送书回执上签字；决定不予立案的，请依法书面通知本机关，说明理由，并退回案卷材料",
        "（《行政执法机关移送涉嫌犯罪案件的规定》第八条、第九条）。",
    )
    b.line("承办人", "{{ handlers_text }}")
    b.signature()
    b.para(f"接收单位（签收）：{BLANK}　　接收人：{BLANK}　　　　年　　月　　日", indent=False)


def closing_report(b: Builder) -> None:
    b.header()
    b.table(
        [
            CASE_LINE,
            ("案件编号", "{{ case.number }}"),
            ("程序", "{{ case.procedure }}"),
            ("当事人", "{{ party.name }}"),
            ("立案日期", "{{ case.registered_on }}"),
            ("决定书文号", "{{ decision.number }}"),
            ("决定日期", "{{ decision.decided_on }}"),
            (
                "处理结果",
                "{{ decision.outcome }}{% if decision.penalty_text %}：{{ decision.penalty_text }}{% endif %}",
            ),
            (
                "执行情况",
                "已缴罚款{{ payment.fine_paid }}元，已缴加处罚款{{ payment.late_fee_paid }}元。{{ closing.summary }}",
            ),
            ("结案日期", "{{ closing.closed_on }}"),
            ("承办人", "{{ handlers_text }}"),
            ("承办人意见", "本案已执行完毕，建议结案。"),
            ("负责人审批意见", ""),
        ]
    )


def file_cover(b: Builder) -> None:
    b.header(number=False, title="行政处罚案卷")
    b.table(
        [
            CASE_LINE,
            ("案件编号", "{{ case.number }}"),
            ("当事人", "{{ party.name }}"),
            ("决定书文号", "{{ decision.number }}"),
            (
                "处理结果",
                "{{ decision.outcome }}{% if decision.penalty_text %}：{{ decision.penalty_text }}{% endif %}",
            ),
            ("立案日期", "{{ case.registered_on }}"),
            ("结案日期", "{{ case.closed_on }}"),
            ("归档日期", "{{ case.archived_on }}"),
            ("档案号", "{{ case.archive_number }}"),
            ("保管期限", ""),
            ("承办人", "{{ handlers_text }}"),
            ("卷宗编号", "{{ document.number }}"),
        ]
    )
    b.doc.add_page_break()
    b.para("卷内目录", indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    b.grid(
        ["序号", "文书名称", "文号", "日期", "页号", "备注"],
        [
            ["{%tr for c in contents %}", "", "", "", "", ""],
            ["{{ c.seq }}", "{{ c.title }}", "{{ c.number }}", "{{ c.date }}", "", ""],
            ["{%tr endfor %}", "", "", "", "", ""],
        ],
        (1.2, 4.6, 4.6, 2.8, 1.2, 1.2),
    )
    b.para("备考表", indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    b.para("本卷共＿＿件，＿＿页，含照片＿＿张、音视频资料＿＿件。")
    b.para(f"立卷人：{BLANK}　　检查人：{BLANK}　　立卷时间：　　　　年　　月　　日", indent=False)


BUILDERS: dict[str, Callable[[Builder], None]] = {
    K.REGISTER_APPROVAL: register_approval,
    K.CORRECTION_ORDER: correction_order,
    K.INSPECTION_RECORD: inspection_record,
    K.INQUIRY_RECORD: inquiry_record,
    K.PRESERVATION_NOTICE: preservation_notice,
    K.INVESTIGATION_REPORT: investigation_report,
    K.LEGAL_REVIEW_OPINION: legal_review_opinion,
    K.DISCUSSION_RECORD: discussion_record,
    K.PRE_DECISION_NOTICE: pre_decision_notice,
    K.HEARING_NOTICE: hearing_notice,
    K.HEARING_RECORD: hearing_record,
    K.PENALTY_DECISION: penalty_decision,
    K.SIMPLE_DECISION: simple_decision,
    K.SERVICE_RECEIPT: service_receipt,
    K.REMINDER: reminder,
    K.ENFORCEMENT_APPLICATION: enforcement_application,
    K.CRIMINAL_TRANSFER: criminal_transfer,
    K.CLOSING_REPORT: closing_report,
    K.FILE_COVER: file_cover,
}


def build(kind: str) -> bytes:
    builder = Builder(DocumentKind(kind))
    BUILDERS[kind](builder)
    return builder.to_bytes()


def build_all(directory: Path = TEMPLATE_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, s in SPECS.items():
        path = directory / s.filename
        path.write_bytes(build(kind))
        written.append(path)
    return written


if __name__ == "__main__":
    import sys

    for path in build_all():
        sys.stdout.write(f"{path}\n")
