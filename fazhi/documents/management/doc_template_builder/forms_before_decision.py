"""The shipped wording of the forms up to the decision: 立案 to 听证笔录, each kind a function filling a ``Builder``."""

from __future__ import annotations

from fazhi.documents.kinds import DocumentKind
from fazhi.documents.management.doc_template_builder.layout import BLANK, Builder

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
