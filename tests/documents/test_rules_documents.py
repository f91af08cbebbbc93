"""The 文书 of rules 3 and 6 of issue 7: the 处罚决定书 states each right that was waived (行政处罚法 第六十四条第一项),
and the 移送书 of a case decided before the transfer says the decision stands and its fine is set off (国务院令第310号
第十一条第二款、第三款)."""

from __future__ import annotations

from datetime import date

from fazhi.cases import services
from fazhi.documents.services import document_generate
from tests.cases.flow import FINE, registered_case, to_notified, travel
from tests.documents.conftest import docx_text, stored_bytes


def test_the_penalty_decision_states_both_written_waivers(monkeypatch, bureau, cast) -> None:
    case = to_notified(monkeypatch, registered_case(monkeypatch, bureau, cast, is_major=False), cast)
    travel(monkeypatch, date(2025, 3, 18))
    services.notice_waive(actor=cast.handler1, case=case, on=date(2025, 3, 18))
    services.hearing_waive(actor=cast.handler1, case=case, on=date(2025, 3, 18))
    services.case_decide(actor=cast.head, case=case, outcome="penalty", reasons="r", penalty_kinds=["fine"], fine=FINE)
    text = docx_text(stored_bytes(document_generate(actor=cast.handler1, case=case, kind="penalty_decision").sha256))
    assert "当事人于2025年3月18日书面放弃陈述、申辩的权利。" in text
    assert "当事人于2025年3月18日书面放弃要求听证的权利。" in text


def test_the_transfer_letter_of_a_decided_case_says_the_decision_stands_and_the_fine_is_set_off(
    monkeypatch, bureau, cast
) -> None:
    case = to_notified(monkeypatch, registered_case(monkeypatch, bureau, cast, is_major=False), cast)
    travel(monkeypatch, date(2025, 3, 25))
    services.case_decide(actor=cast.head, case=case, outcome="penalty", reasons="r", penalty_kinds=["fine"], fine=FINE)
    transfer = services.transfer_report(
        actor=cast.handler1, case=case, kind="criminal", receiving_body="示范市公安局", reason="涉嫌非法占用农用地罪"
    )
    services.transfer_approve(actor=cast.head, transfer=transfer)
    text = docx_text(stored_bytes(document_generate(actor=cast.handler1, case=case, kind="criminal_transfer").sha256))
    assert "移送前本机关已于2025年03月25日作出行政处罚决定（示城管罚决字〔2025〕第1号）：罚款。" in text
    assert "已给予当事人罚款50000.00元，人民法院判处罚金时，依法折抵相应罚金（同条第三款）。" in text
