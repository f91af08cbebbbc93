"""The sentences a 文书 prints, composed from the case's records: 处罚内容, the procedure the decision went through,
the 复议/诉讼 route, the 先行登记保存 decision date. Pure: no query, the records are passed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from fazhi import rules
from fazhi.cases.models import Opinion
from fazhi.cases.services.simple import REMEDY_NOTICE_SIMPLE
from fazhi.documents.formatting import choice_label, cn_int, fmt_date, fmt_money, kinds_text, money_words
from fazhi.documents.records import Records


def penalty_text(kinds: Sequence[str], fine: Decimal, confiscation: Decimal) -> str:
    """处罚内容 in words: 罚款人民币壹仟元整（¥1000.00）."""
    parts = []
    for k in kinds:
        if k == rules.PenaltyKind.FINE and fine > 0:
            parts.append(f"罚款人民币{money_words(fine)}（¥{fmt_money(fine)}）")
        elif k == rules.PenaltyKind.CONFISCATE_ILLEGAL_GAINS and confiscation > 0:
            parts.append(f"没收违法所得人民币{money_words(confiscation)}（¥{fmt_money(confiscation)}）")
        else:
            parts.append(kinds_text([k]))
    return "；".join(parts)


def opinion_label(value: str) -> str:
    return choice_label(Opinion, value) if value else ""


def process_text(records: Records) -> str:
    """The procedure the decision went through: 告知, 陈述申辩, 听证, 法制审核, 集体讨论."""
    n = records.notice
    if n is None:
        return ""
    rights = "陈述、申辩和要求听证" if n.hearing_right else "陈述、申辩"
    text = (
        f"本机关于{fmt_date(n.served_on)}向当事人送达了《行政处罚事先告知书》，告知当事人拟作出行政处罚的事实、理由、"
        f"依据、处罚内容及其依法享有的{rights}的权利。"
    )
    if records.representations:
        adopted = any(r.adopted for r in records.representations)
        responses = "；".join(r.response for r in records.representations)
        text += (
            f"当事人在规定期限内提出了陈述、申辩，本机关经复核，{'予以采纳' if adopted else '不予采纳'}：{responses}。"
        )
    elif n.waived_on:
        text += f"当事人于{fmt_date(n.waived_on)}书面放弃陈述、申辩的权利。"
    else:
        text += "当事人在规定期限内未提出陈述、申辩。"
    # 第六十四条: what was waived is stated one by one; waiving 陈述、申辩 is not waiving the hearing.
    h = records.hearing
    if h is not None and h.held:
        text += f"应当事人申请，本机关于{fmt_date(h.hearing_date)}依法举行了听证。"
    elif h is not None and h.waived:
        text += "当事人申请听证后放弃听证或者无正当理由未到场，视为放弃听证权利。"
    elif n.hearing_right and n.hearing_waived_on:
        text += f"当事人于{fmt_date(n.hearing_waived_on)}书面放弃要求听证的权利。"
    elif n.hearing_right:
        text += f"当事人在告知后五日内（至{fmt_date(n.hearing_request_until)}）未要求听证。"
    review = records.legal_review
    if review is not None:
        text += f"本案经法制审核（{fmt_date(review.on)}），审核意见为{opinion_label(review.opinion)}。"
    if records.discussion is not None:
        text += f"本案经本机关负责人集体讨论（{fmt_date(records.discussion.on)}）决定。"
    return text


def on_spot_text(d: Any) -> str:
    """简易程序: the party was told and heard, or declined (行政处罚法 第四十四条、第四十五条), as recorded."""
    if not getattr(d, "told_on_spot", False):
        return ""
    text = (
        "执法人员在作出本决定前，当场向当事人告知了拟作出的行政处罚内容及事实、理由、依据，并告知当事人依法享有"
        "陈述、申辩的权利（《中华人民共和国行政处罚法》第四十四条）。"
    )
    if d.party_response == "stated":
        statement, review = d.party_statement.rstrip("。"), d.statement_review.rstrip("。")
        text += f"当事人进行了陈述、申辩：{statement}。执法人员经复核：{review}。"
    else:
        text += "当事人明确放弃陈述、申辩的权利。"
    return text


def remedy_text(procedure: str, reconsideration_body: str, court: str) -> str:
    """The 复议/诉讼 route and period (行政处罚法 第五十九条第一款第(五)项, 第五十二条).

    A 当场 decision goes to 复议 first (行政复议法 第二十三条, RULES.md S-6), so it uses the cases app's
    ``REMEDY_NOTICE_SIMPLE``; otherwise 复议 within 60 days (行政复议法 第二十条) or a lawsuit within six months
    (行政诉讼法 第四十六条).
    """
    if procedure == "simple":
        return REMEDY_NOTICE_SIMPLE.format(reconsideration_body=reconsideration_body)
    return (
        f"当事人如不服本决定，可以自收到本决定书之日起{cn_int(rules.RECONSIDERATION_APPLICATION_DAYS)}日内向"
        f"{reconsideration_body}申请行政复议，也可以自收到本决定书之日起{cn_int(rules.LAWSUIT_PERIOD_MONTHS)}个月内"
        f"依法向{court}提起行政诉讼。行政复议或者行政诉讼期间，本决定不停止执行，法律另有规定的除外"
        "（《中华人民共和国行政处罚法》第七十三条）。"
    )


def preservation_due_text(saved_on: date) -> str:
    """The 7-working-day decision date; a date counted on the provisional calendar says so in the document."""
    with rules.provisional_calendar() as use:
        due = rules.preservation_decision_deadline(saved_on)
    return fmt_date(due) + ("（暂定，以节假日安排为准）" if use.provisional else "")
