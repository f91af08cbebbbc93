"""document_generate: every kind from a real case, the numbers, the versions, the hashes and the refusals."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from fazhi.cases.models import NumberSequence
from fazhi.core.errors import PermissionDenied, RuleViolation
from fazhi.core.models import AuditEvent
from fazhi.documents.context import document_context
from fazhi.documents.kinds import SPECS
from fazhi.documents.models import Document
from fazhi.documents.sample_data import sample_context
from fazhi.documents.selectors import gather
from fazhi.documents.services import document_generate
from tests.cases.flow import registered_case, travel
from tests.documents.conftest import stored_bytes

GENERAL_KINDS = {k for k, s in SPECS.items() if "general" in s.procedures}


def test_a_general_procedure_case_produces_every_one_of_its_documents(general_flow) -> None:
    assert set(general_flow.documents) == GENERAL_KINDS
    for kind in GENERAL_KINDS:
        text = general_flow.text(kind)
        assert "{{" not in text and "{%" not in text, kind
        assert "示范市城市管理和综合执法局" in text, kind
        if kind not in ("criminal_transfer", "file_cover"):
            assert general_flow.documents[kind].number in text, kind


def test_the_penalty_decision_holds_every_field_of_article_59(general_flow) -> None:
    doc = general_flow.documents["penalty_decision"]
    assert doc.number == general_flow.case.decision.number == "示城管罚决字〔2025〕第1号"
    text = general_flow.text("penalty_decision")
    # (一) the party's name and address — the served original carries the full ID number
    assert "张三" in text and "示范市城东路1号" in text and "11010519491231002X" in text
    # (二) facts and evidence
    assert "建设房屋50平方米" in text and "工程造价评估报告" in text
    # (三) the penalty and its legal basis, the amount in 大写, the discretion explanation
    assert "违反了《中华人民共和国城乡规划法》第四十条第一款的规定" in text
    assert "依据《中华人民共和国城乡规划法》第六十四条的规定" in text
    assert "罚款人民币伍万元整（¥50000.00）" in text
    assert "裁量阶次" in text and "示例版" in text
    # (四) how and by when: 15 days at the bank, 3% a day
    assert "十五日内" in text and "百分之三加处罚款" in text and "第七十二条" in text
    # (五) remedy: 复议 60 days or a lawsuit within six months
    assert "六十日内" in text and "申请行政复议" in text and "六个月内" in text
    # (六) the agency and the date, and the seal
    assert "2025年4月1日" in text and "（印章）" in text
    # the procedure it went through
    assert "依法举行了听证" in text and "自住不影响违法性质的认定" in text


def test_the_other_documents_carry_their_key_facts(general_flow) -> None:
    assert "伍万元整" in general_flow.text("pre_decision_notice")
    assert "要求听证" in general_flow.text("hearing_notice")
    assert "局三楼听证室" in general_flow.text("hearing_record")
    assert "搅拌机一台" in general_flow.text("preservation_notice")
    reminder = general_flow.text("reminder")
    assert "示城管罚决字〔2025〕第1号" in reminder and "十个工作日内" in reminder and "陈述和申辩" in reminder
    assert "涉嫌非法占用农用地罪" in general_flow.text("criminal_transfer")
    assert "涉案物品清单" in general_flow.text("criminal_transfer")
    assert "第五十三条" in general_flow.text("enforcement_application")
    assert "《行政处罚决定书》示城管罚决字〔2025〕第1号" in general_flow.text("service_receipt")
    cover = general_flow.text("file_cover")
    assert "示城管档〔2025〕1号" in cover and "行政处罚决定书" in cover and "示城管罚决字〔2025〕第1号" in cover
    assert "当事人已缴清罚款及加处罚款" in general_flow.text("closing_report")
    assert "刘晓东（执法证号：" in general_flow.text("inquiry_record")


def test_a_simple_procedure_case_produces_its_documents(simple_flow) -> None:
    decision = simple_flow.documents["simple_decision"]
    assert decision.number == simple_flow.case.decision.number == "示城当000001"
    text = simple_flow.text("simple_decision")
    assert "示范市好味道餐饮有限公司" in text and simple_flow.case.party.id_number in text
    assert "罚款人民币壹仟元整（¥1000.00）" in text
    assert "行政复议法第二十三条" in text and "应当先向行政复议机关申请行政复议" in text
    assert "（印章）" in text and "第五十二条" in text
    # 第四十四条、第四十五条 on the spot: told, heard, and the officers' review
    assert "当场向当事人告知了拟作出的行政处罚内容及事实、理由、依据" in text
    assert "当事人进行了陈述、申辩：货物马上搬走。执法人员经复核" in text
    assert "当事人拒绝签收，执法人员已当场注明" not in text
    assert "示城当000001" in simple_flow.text("service_receipt")
    assert "已缴罚款1000.00元" in simple_flow.text("closing_report")
    assert "当场行政处罚决定书" in simple_flow.text("file_cover")


def test_numbers_run_in_sequence_per_kind_and_year(monkeypatch, bureau, cast) -> None:
    first = registered_case(monkeypatch, bureau, cast)
    second = registered_case(monkeypatch, bureau, cast)
    a = document_generate(actor=cast.handler1, case=first, kind="register_approval")
    b = document_generate(actor=cast.handler1, case=second, kind="register_approval")
    c = document_generate(actor=cast.handler1, case=second, kind="inquiry_record")
    assert (a.number, b.number, c.number) == ("示城管立审〔2025〕1号", "示城管立审〔2025〕2号", "示城管询问〔2025〕1号")
    travel(monkeypatch, date(2026, 1, 5))
    d = document_generate(actor=cast.handler1, case=first, kind="correction_order")
    assert d.number == "示城管责改〔2026〕1号"


def test_regenerating_makes_version_2_and_keeps_version_1(monkeypatch, bureau, cast) -> None:
    case = registered_case(monkeypatch, bureau, cast)
    v1 = document_generate(actor=cast.handler1, case=case, kind="register_approval")
    travel(monkeypatch, date(2025, 3, 4))
    v2 = document_generate(actor=cast.handler2, case=case, kind="register_approval")
    assert (v1.version, v2.version) == (1, 2)
    assert v2.supersedes == v1 and v2.number == v1.number
    assert v1.sha256 != v2.sha256  # the document date changed
    assert Document.objects.filter(case=case, kind="register_approval").count() == 2
    assert stored_bytes(v1.sha256)  # version 1 stays downloadable
    seq = NumberSequence.objects.get(agency=case.legal_subject, kind="doc:register_approval", year=2025)
    assert seq.last == 1  # a new version takes no new number


def test_the_stored_hash_and_size_match_the_bytes(general_flow) -> None:
    for doc in general_flow.documents.values():
        data = stored_bytes(doc.sha256)
        assert hashlib.sha256(data).hexdigest() == doc.sha256 and len(data) == doc.size


def test_a_kind_whose_prerequisite_is_missing_is_refused_with_a_clear_message(monkeypatch, bureau, cast) -> None:
    case = registered_case(monkeypatch, bureau, cast)
    with pytest.raises(RuleViolation, match="不能生成《行政处罚决定书》：本案尚未作出给予行政处罚的决定"):
        document_generate(actor=cast.handler1, case=case, kind="penalty_decision")
    with pytest.raises(RuleViolation, match="一般程序案件不使用《当场行政处罚决定书》"):
        document_generate(actor=cast.handler1, case=case, kind="simple_decision")
    with pytest.raises(RuleViolation, match="承办人尚未提交调查终结报告"):
        document_generate(actor=cast.handler1, case=case, kind="investigation_report")
    assert not Document.objects.filter(case=case).exists()
    assert not NumberSequence.objects.filter(kind__startswith="doc:").exists()


def test_generation_writes_an_audit_event_on_the_case(monkeypatch, bureau, cast) -> None:
    case = registered_case(monkeypatch, bureau, cast)
    doc = document_generate(actor=cast.handler1, case=case, kind="register_approval")
    event = AuditEvent.objects.filter(entity_type="cases.case", entity_id=str(case.pk)).order_by("-seq").first()
    assert event is not None and event.action == "document.generate"
    assert event.after["sha256"] == doc.sha256 and event.after["number"] == doc.number
    assert "立案审批表" in event.summary


def test_an_officer_who_is_not_on_the_case_cannot_generate(monkeypatch, bureau, cast, make_officer, make_user) -> None:
    from fazhi.accounts.models import Role

    case = registered_case(monkeypatch, bureau, cast)
    outsider = make_user(bureau.squad, Role.OFFICER, officer=make_officer(bureau.squad, "王五"))
    with pytest.raises(PermissionDenied):
        document_generate(actor=outsider, case=case, kind="register_approval")
    supervisor = make_user(bureau.justice, Role.SUPERVISOR)
    with pytest.raises(PermissionDenied):
        document_generate(actor=supervisor, case=case, kind="register_approval")


def _shape(value: object) -> object:
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shape(value[0])] if value else []
    return type(value).__name__


def _same_keys(a: object, b: object) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same_keys(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return not a or not b or _same_keys(a[0], b[0])
    return True


def test_the_sample_context_has_the_same_placeholders_as_a_real_case(general_flow) -> None:
    """Uploaded templates are checked with the sample: it must offer exactly what real documents receive."""
    case = general_flow.case
    for kind in SPECS:
        real = document_context(
            gather(case, date(2025, 5, 7)), kind=kind, number="x", version=1, today=date(2025, 5, 7)
        )
        assert _same_keys(_shape(real), _shape(sample_context(kind))), kind
