"""Fixtures for documents: a full 一般程序 case and a 简易程序 case driven through the real services, generating
each document at the moment the case has what it needs; a media root under tmp_path; no LibreOffice by default."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import docx
import pytest

from fazhi.accounts.models import Role, User
from fazhi.cases import deadlines, services
from fazhi.cases.models import Case
from fazhi.documents.models import Document
from fazhi.documents.services import document_generate
from tests.cases.conftest import head, open_case, power_list  # noqa: F401  (fixtures shared with the case tests)
from tests.cases.flow import Cast, make_cast, registered_case, to_notified, travel

ORG_USCC_BODY = "91430281MA4L0001"


def docx_text(data: bytes) -> str:
    """All the text of a .docx: paragraphs and table cells."""
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def stored_bytes(sha256: str) -> bytes:
    from fazhi.core.storage import get_blob_store

    with get_blob_store().open(sha256) as reader:
        return reader.read()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FAZHI_STORAGE = "local"
    settings.FAZHI_BLOB_ROOT = ""
    settings.FAZHI_SOFFICE = ""
    from fazhi.documents import rendering

    monkeypatch.setattr(rendering.shutil, "which", lambda name: None)  # no LibreOffice unless a test provides one
    return tmp_path / "media"


@pytest.fixture
def cast(bureau, power_list, make_officer, make_user) -> Cast:  # noqa: F811
    return make_cast(bureau, make_officer, make_user)


@dataclass
class Flow:
    case: Case
    cast: Cast
    documents: dict[str, Document] = field(default_factory=dict)

    def generate(self, kind: str, actor: User | None = None) -> Document:
        doc = document_generate(actor=actor or self.cast.handler1, case=self.case, kind=kind)
        self.documents[kind] = doc
        return doc

    def text(self, kind: str) -> str:
        return docx_text(stored_bytes(self.documents[kind].sha256))


@pytest.fixture
def general_flow(monkeypatch, bureau, cast) -> Flow:
    """registration → 先行登记保存, 涉嫌犯罪移送 → report, reviews, discussion → 告知 with 听证 → hearing → decision
    → service → 催告 → payment with 加处罚款 → close → archive; every document generated on the way."""
    case = registered_case(monkeypatch, bureau, cast)
    flow = Flow(case, cast)
    for kind in ("register_approval", "correction_order", "inspection_record", "inquiry_record"):
        flow.generate(kind)
    services.preservation_approve(actor=cast.head, case=case, items="搅拌机一台、钢管二十根")
    flow.generate("preservation_notice")
    travel(monkeypatch, date(2025, 3, 5))
    transfer = services.transfer_report(
        actor=cast.handler1, case=case, kind="criminal", receiving_body="示范市公安局", reason="涉嫌非法占用农用地罪"
    )
    services.transfer_approve(actor=cast.head, transfer=transfer)
    flow.generate("criminal_transfer")
    services.transfer_complete(
        actor=cast.handler1, transfer=transfer, attachments=["transfer_letter", "investigation_report", "items_list"]
    )
    travel(monkeypatch, date(2025, 3, 7))
    # 不得以行政处罚代替移送 (310号令 第十一条): the decision waits for the police's 不予立案 (第八条、第十条).
    services.transfer_police_answer(
        actor=cast.handler1,
        transfer=transfer,
        decision="declined",
        notified_on=date(2025, 3, 7),
        document_number="示公（刑）不立字〔2025〕12号",
        reason="未达到刑事立案追诉标准",
    )
    case = to_notified(monkeypatch, case, cast)
    flow.case = case
    for kind in ("investigation_report", "legal_review_opinion", "discussion_record", "pre_decision_notice"):
        flow.generate(kind)
    flow.generate("hearing_notice")
    travel(monkeypatch, date(2025, 3, 19))
    hearing = services.hearing_request(actor=cast.handler1, case=case, requested_on=date(2025, 3, 19))
    services.representation_record(
        actor=cast.handler1,
        case=case,
        received_on=date(2025, 3, 19),
        content="当事人称房屋为自住。",
        adopted=False,
        response="自住不影响违法性质的认定",
    )
    travel(monkeypatch, date(2025, 3, 20))
    services.hearing_schedule(
        actor=cast.handler1,
        hearing=hearing,
        notice_served_on=date(2025, 3, 20),
        hearing_date=date(2025, 3, 31),
        host=cast.host,
        location="局三楼听证室",
    )
    travel(monkeypatch, date(2025, 3, 31))
    services.hearing_record(actor=cast.handler1, hearing=hearing, held=True, record="当事人陈述了意见。")
    flow.generate("hearing_record")
    travel(monkeypatch, date(2025, 4, 1))
    services.legal_review_record(actor=cast.reviewer, case=case, opinion="agree", text="听证后复核，同意。")
    services.case_decide(
        actor=cast.head,
        case=case,
        outcome="penalty",
        reasons="当事人未取得建设工程规划许可证进行建设，事实清楚，证据确凿。",
        penalty_kinds=["fine"],
        fine=Decimal("50000.00"),
    )
    flow.generate("penalty_decision", actor=cast.clerk)
    travel(monkeypatch, date(2025, 4, 2))
    services.decision_serve(
        actor=cast.handler1, case=case, method="direct", served_on=date(2025, 4, 2), recipient="张三", proof="送达回证"
    )
    flow.generate("service_receipt")
    travel(monkeypatch, date(2025, 5, 6))
    services.reminder_issue(
        actor=cast.handler1, case=case, method="direct", served_on=date(2025, 5, 6), recipient="张三", proof="送达回证"
    )
    flow.generate("reminder")
    flow.generate("enforcement_application", actor=cast.head)
    travel(monkeypatch, date(2025, 5, 7))
    services.payment_record(
        actor=cast.clerk,
        case=case,
        kind="fine",
        amount=Decimal("50000.00"),
        paid_on=date(2025, 5, 7),
        receipt_number="FK2025050701",
        bank="示范市农村商业银行",
    )
    late = deadlines.money_status(Case.objects.get(pk=case.pk), date(2025, 5, 7)).late_fee_outstanding
    services.payment_record(
        actor=cast.clerk,
        case=case,
        kind="late_fee",
        amount=late,
        paid_on=date(2025, 5, 7),
        receipt_number="FK2025050702",
        bank="示范市农村商业银行",
    )
    services.case_close(actor=cast.head, case=case, summary="当事人已缴清罚款及加处罚款。")
    flow.generate("closing_report")
    services.case_archive(actor=cast.clerk, case=case)
    flow.case = Case.objects.get(pk=case.pk)
    flow.generate("file_cover", actor=cast.clerk)
    return flow


@pytest.fixture
def simple_flow(monkeypatch, bureau, cast) -> Flow:
    """A 当场处罚 of an organisation: 1000 元, paid at the bank, filed and closed."""
    from fazhi.rules import uscc_check_char

    travel(monkeypatch, date(2025, 6, 3))
    services.form_stock_receive(actor=cast.head, agency=bureau.bureau, prefix="示城当", first_no=1, last_no=100)
    case = services.simple_case_decide(
        actor=cast.handler1,
        agency=bureau.squad,
        power_item_code="SL-SZ-001",
        party_kind="organization",
        party_name="示范市好味道餐饮有限公司",
        party_id_number=ORG_USCC_BODY + "0" + uscc_check_char(ORG_USCC_BODY + "0"),
        party_address="示范市解放路8号",
        act_date=date(2025, 6, 3),
        handlers=cast.officers,
        penalty_kinds=["fine"],
        fine=Decimal("1000"),
        facts="当事人擅自占用解放路人行道堆放货物，面积约8平方米。",
        location="示范市解放路8号门前",
        told=True,
        party_response="stated",
        party_statement="货物马上搬走。",
        statement_review="当事人已占道，陈述不影响违法事实的认定，不予采纳。",
    )
    flow = Flow(case, cast)
    flow.generate("simple_decision")
    flow.generate("service_receipt")
    travel(monkeypatch, date(2025, 6, 5))
    services.payment_record(
        actor=cast.handler1,
        case=case,
        kind="fine",
        amount=Decimal("1000.00"),
        paid_on=date(2025, 6, 5),
        receipt_number="FK2025060501",
        bank="示范市农村商业银行",
    )
    services.simple_case_file(actor=cast.handler1, case=case)
    flow.case = Case.objects.get(pk=case.pk)
    flow.generate("closing_report")
    flow.generate("file_cover")
    return flow


@pytest.fixture
def officer_elsewhere(bureau, make_user) -> User:
    return make_user(bureau.squad2, Role.OFFICER)
