"""blocker: which kind may be generated now, decided from the records alone (no database)."""

from __future__ import annotations

from dataclasses import replace

from fazhi.documents.prerequisites import blocker
from fazhi.documents.sample_data import sample_records


def test_a_case_with_every_record_may_have_its_decision_generated() -> None:
    assert blocker("penalty_decision", sample_records("general")) is None


def test_a_decision_cannot_be_generated_before_the_case_is_decided() -> None:
    records = replace(sample_records("general"), decision=None)
    assert blocker("penalty_decision", records) == "不能生成《行政处罚决定书》：本案尚未作出给予行政处罚的决定。"


def test_a_simple_procedure_case_does_not_use_the_general_procedure_decision() -> None:
    assert blocker("penalty_decision", sample_records("simple")) == "简易程序案件不使用《行政处罚决定书》。"


def test_a_paid_up_case_needs_no_court_enforcement_application() -> None:
    records = sample_records("general")
    assert blocker("enforcement_application", records) is None  # the sample still owes 加处罚款
    paid = replace(records, late_fee=records.late_fee * 0)
    assert "当事人已履行的无需申请" in (blocker("enforcement_application", paid) or "")
