"""The shipped wording of the decision and after: 决定书 to 卷宗封面, each kind a function filling a ``Builder``."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH

from fazhi.documents.kinds import DocumentKind
from fazhi.documents.management.doc_template_builder.layout import BLANK, Builder

K = DocumentKind
CASE_LINE = ("案由", "{{ case.cause }}")


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
