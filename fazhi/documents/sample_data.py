"""A sample case, for checking uploaded templates: a realistic 一般程序 or 简易程序 case made of plain objects.

Every uploaded template is test-rendered with ``sample_context`` (``services.template_upload``), so it is checked
against exactly the placeholders real documents receive; a test keeps its shape equal to a real case's.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from fazhi.documents.context import document_context
from fazhi.documents.kinds import SPECS
from fazhi.documents.placeholders import DocumentContext
from fazhi.documents.records import Handler, Records


def sample_records(procedure: str = "general") -> Records:
    """A realistic case of plain objects: the context every uploaded template is test-rendered with."""
    ns = SimpleNamespace
    d = date(2026, 3, 2)
    user = ns(display_name="王局长", username="head")
    case = ns(
        register_number="示城管立字〔2026〕第1号",
        lead_number="示城管案源〔2026〕1号",
        procedure=procedure,
        source="patrol",
        state="closed",
        act_date=d,
        act_ended=None,
        discovered_on=d,
        registered_on=date(2026, 3, 3),
        not_registered_reason="",
        location="示范市人民路12号门前",
        facts="当事人在禁止区域内露天烧烤食品。",
        is_major=False,
        closed_on=date(2026, 5, 20),
        close_summary="当事人已缴清罚款及加处罚款，结案。",
        filed_on=None,
        archived_on=None,
        archive_number="",
    )
    item = ns(
        code="SL-HJ-001",
        name="在禁止的时段和区域内露天烧烤食品或者为露天烧烤食品提供场地",
        violation_basis="《中华人民共和国大气污染防治法》第八十一条第三款",
        penalty_basis="《中华人民共和国大气污染防治法》第一百一十八条第三款",
    )
    party = ns(
        kind="person",
        name="张三",
        id_number="11010519491231002X",
        address="示范市人民路12号",
        phone="13800138000",
        legal_representative="",
        birth_date=date(1949, 12, 31),
    )
    discretion = {
        "tier_label": "一般",
        "fine_min": "2000",
        "fine_max": "10000",
        "reasons": ["前次违法次数<=1"],
        "rule_set_version": "2024版",
        "basis": "示范市城市管理行政处罚裁量基准",
    }
    kinds = ["fine", "confiscate_illegal_property"]
    report = ns(
        facts=case.facts,
        evidence_summary="现场检查笔录、询问笔录、现场照片",
        proposed_outcome="penalty",
        penalty_kinds=kinds,
        fine=Decimal("6000.00"),
        confiscation=Decimal("0.00"),
        discretion=discretion,
        submitted_by=user,
        submitted_on=date(2026, 3, 10),
    )
    notice = ns(
        served_on=date(2026, 3, 12),
        method="direct",
        representation_until=date(2026, 3, 19),
        hearing_right=True,
        hearing_request_until=date(2026, 3, 19),
        waived_on=None,
        hearing_waived_on=None,
        penalty_kinds=kinds,
        fine=Decimal("6000.00"),
        confiscation=Decimal("0.00"),
    )
    decision = ns(
        number="示城管罚决字〔2026〕第1号",
        decided_on=date(2026, 4, 1),
        outcome="penalty",
        reasons="事实清楚，证据确凿。",
        out_of_range_reason="",
        penalty_kinds=kinds,
        fine=Decimal("6000.00"),
        confiscation=Decimal("0.00"),
        discretion=discretion,
    )
    if procedure == "simple":
        decision.number = "NO.000001"
        decision.told_on_spot = True
        decision.party_response = "stated"
        decision.party_statement = "马上收摊"
        decision.statement_review = "违法事实已经现场确认，不予采纳"
        decision.refused_to_sign = False
    return Records(
        case=case,
        agency=ns(name="示范市城市管理和综合执法局", short_name="示范市城管局", code="示城管", uscc=""),
        unit=ns(name="城东中队"),
        party=party,
        item=item,
        rule_set_version="2024版",
        handlers=[Handler("甲", "430281000001", True, "城东中队"), Handler("乙", "430281000002", False, "城东中队")],
        registered_by="王局长",
        report=report,
        legal_review=ns(opinion="agree", text="事实清楚，证据充分，适用法律正确，程序合法。", on=d, after_hearing=True),
        legal_reviewer="法制员",
        discussion=ns(
            participants="王局长、李副局长、赵副局长",
            record="讨论记录",
            conclusion="agree",
            conclusion_text="同意",
            on=d,
        ),
        discussion_chair="王局长",
        notice=notice,
        representations=[ns(adopted=False, response="当事人所述理由不能成立")],
        hearing=ns(
            requested_on=date(2026, 3, 13),
            notice_served_on=date(2026, 3, 16),
            hearing_date=date(2026, 3, 25),
            location="本局听证室",
            is_public=True,
            held=True,
            waived=False,
            record="听证笔录内容",
        ),
        hearing_host="丙",
        decision=decision,
        decided_by="王局长",
        decision_service=ns(
            recipient="张三",
            method="direct",
            served_on=date(2026, 4, 2),
            deemed_served_on=date(2026, 4, 2),
            proof="签收",
        ),
        payment_due=date(2026, 4, 17),
        payments=[ns(kind="fine", amount=Decimal("6000.00"), on_the_spot=False, receipt_number="R1")],
        late_fee=Decimal("1800.00"),
        reminder=ns(issued_on=date(2026, 4, 20), fine_due=Decimal("6000.00"), late_fee_due=Decimal("540.00")),
        reminder_service=ns(served_on=date(2026, 4, 20)),
        enforcement=ns(court="示范市人民法院", applied_on=date(2026, 11, 1)),
        transfer=ns(
            receiving_body="示范市公安局",
            reason="涉嫌犯罪",
            reported_at=timezone.make_aware(datetime(2026, 3, 5, 9, 0)),
            approved_at=timezone.make_aware(datetime(2026, 3, 6, 9, 0)),
            transferred_at=None,
            attachments=[],
            prior_decision_note="",
            prior_fine=None,
            police_decision="",
            police_notified_on=None,
            police_document="",
            police_reason="",
        ),
        transfer_approved_by="王局长",
        preservation=ns(items="烧烤炉一台", saved_on=d, decided_on=None, disposition=""),
        preservation_approved_by="王局长",
        contents=[("立案审批表", "示城管立审〔2026〕1号", d)],
    )


def sample_context(kind: str, today: date | None = None) -> DocumentContext:
    procedure = "simple" if SPECS[kind].procedures == frozenset({"simple"}) else "general"
    records = sample_records(procedure)
    number = records.decision.number if SPECS[kind].uses_decision_number else f"示城管{SPECS[kind].abbrev}〔2026〕1号"
    return document_context(records, kind=kind, number=number, version=1, today=today or date(2026, 4, 1))
