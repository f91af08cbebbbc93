"""The whole path: case_decide creates the publication in the decision's transaction (lead's flow helpers)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from fazhi.cases import services
from fazhi.core.models import AuditEvent
from fazhi.publicity.models import Publication, PublicationStatus
from fazhi.rules import publication_deadline
from tests.cases.flow import FINE, make_cast, registered_case, to_notified, travel


@pytest.fixture
def cast(bureau, power_list, make_officer, make_user):  # type: ignore[no-untyped-def]
    return make_cast(bureau, make_officer, make_user)


def test_deciding_a_penalty_creates_its_pending_masked_publication(monkeypatch, bureau, cast) -> None:
    case = to_notified(monkeypatch, registered_case(monkeypatch, bureau, cast), cast)
    travel(monkeypatch, date(2025, 3, 25))  # 陈述申辩 and 听证 request periods ended on 24 March
    decision = services.case_decide(
        actor=cast.head,
        case=case,
        outcome="penalty",
        reasons="违反城乡规划法第四十条。",
        penalty_kinds=["fine"],
        fine=FINE,
    )
    publication = Publication.objects.get(decision=decision)
    assert publication.status == PublicationStatus.PENDING
    assert publication.agency == bureau.bureau
    assert publication.due_on == publication_deadline(date(2025, 3, 25)) == date(2025, 4, 3)
    assert publication.period_months == 36  # 50000 元 for a person is above the 较低数额 threshold
    assert publication.snapshot["decision_number"] == decision.number
    text = json.dumps(publication.snapshot, ensure_ascii=False)
    assert "11010519491231002X" not in text and "13812345678" not in text and "张三" not in text
    assert AuditEvent.objects.filter(entity_type="publicity.publication", action="publication.create").count() == 1
