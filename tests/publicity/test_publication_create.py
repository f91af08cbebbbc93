"""publication_create_for_decision: due date, period, and the masked, frozen public snapshot."""

from __future__ import annotations

import json
from datetime import date

from fazhi.cases.models import Case, Party, Procedure
from fazhi.core.models import AuditEvent
from fazhi.publicity.models import Publication, PublicationStatus
from fazhi.publicity.services import publication_create_for_decision
from tests.publicity.conftest import ORG_USCC, PERSON_ID, PERSON_PHONE


def test_a_decision_creates_a_pending_publication_due_seven_working_days_later_across_national_day(
    decide, head
) -> None:
    # 2025 国庆/中秋: 10月1日至8日放假，9月28日（周日）、10月11日（周六）上班. Working days after Fri 26 Sep:
    # 28 Sep, 29, 30, 9 Oct, 10, 11 (Sat), 13 → due Mon 13 Oct.
    publication = publication_create_for_decision(actor=head, decision=decide(decided_on=date(2025, 9, 26)))
    assert publication is not None
    assert publication.status == PublicationStatus.PENDING
    assert publication.due_on == date(2025, 10, 13)
    events = AuditEvent.objects.filter(entity_type="publicity.publication", entity_id=str(publication.pk))
    assert [e.action for e in events] == ["publication.create"]


def test_the_working_days_are_a_setting(decide, head, settings) -> None:
    settings.FAZHI_PUBLICATION_WORKING_DAYS = 20
    publication = publication_create_for_decision(actor=head, decision=decide(decided_on=date(2025, 9, 26)))
    assert publication is not None and publication.due_on == date(2025, 10, 30)


def test_a_person_s_data_is_masked_in_the_snapshot(decide, head) -> None:
    publication = publication_create_for_decision(actor=head, decision=decide())
    assert publication is not None
    s = publication.snapshot
    assert s["party_name"] == "张*"
    assert s["id_number"] == "110105********002X"
    assert s["id_type"] == "身份证"
    assert s["uscc"] == ""
    assert s["penalty_content"] == "罚款人民币500.00元"
    text = json.dumps(s, ensure_ascii=False)
    assert PERSON_ID not in text
    assert PERSON_PHONE not in text
    assert "张三" not in text
    assert "城东路1号" not in text  # the person's home address
    assert "138****5678" in s["facts"]


def test_an_organisation_is_named_in_full_with_its_uscc_and_its_representative_masked(decide, head) -> None:
    publication = publication_create_for_decision(
        actor=head, decision=decide(party_kind="organization", facts="该公司在工地随意倾倒建筑垃圾。")
    )
    assert publication is not None
    s = publication.snapshot
    assert s["party_name"] == "示范市某某建筑有限公司"
    assert s["uscc"] == ORG_USCC
    assert s["legal_representative"] == "李**"
    assert s["id_number"] == ""
    assert s["party_category"] == "法人及非法人组织"


def test_the_snapshot_is_frozen_at_creation(decide, head) -> None:
    decision = decide()
    publication = publication_create_for_decision(actor=head, decision=decision)
    assert publication is not None
    Party.objects.filter(pk=decision.case.party_id).update(name="王五")
    assert Publication.objects.get(pk=publication.pk).snapshot["party_name"] == "张*"


def test_a_light_penalty_is_published_three_months_from_the_decision(decide, head) -> None:
    publication = publication_create_for_decision(actor=head, decision=decide(fine="500"))
    assert publication is not None
    assert (publication.period_months, publication.publish_until) == (3, date(2025, 12, 26))


def test_a_heavier_fine_is_published_three_years(decide, head) -> None:
    publication = publication_create_for_decision(actor=head, decision=decide(fine="50000"))
    assert publication is not None
    assert (publication.period_months, publication.publish_until) == (36, date(2028, 9, 26))


def test_a_listed_domain_keeps_a_light_penalty_public_for_a_year(decide, head, settings) -> None:
    settings.FAZHI_PUBLICATION_MIN_MONTHS_BY_DOMAIN = {"city_appearance": 12}
    publication = publication_create_for_decision(actor=head, decision=decide(fine="500"))
    assert publication is not None
    assert (publication.period_months, publication.publish_until) == (12, date(2026, 9, 26))


def test_counting_from_publication_leaves_the_end_open_until_published(decide, head, settings) -> None:
    settings.FAZHI_PUBLICATION_PERIOD_FROM = "published"
    publication = publication_create_for_decision(actor=head, decision=decide(fine="500"))
    assert publication is not None and publication.publish_until is None
    from fazhi.publicity.services import publication_publish

    publication = publication_publish(actor=head, publication=publication, on=date(2025, 10, 9))
    assert publication.publish_until == date(2026, 1, 9)


def test_decisions_that_are_not_penalties_are_not_published(decide, head) -> None:
    assert publication_create_for_decision(actor=head, decision=decide(outcome="no_penalty", kinds=())) is None
    assert not Publication.objects.exists()


def test_warning_only_is_not_published_by_default_but_is_with_the_setting(decide, head, settings) -> None:
    assert publication_create_for_decision(actor=head, decision=decide(kinds=("warning",), fine="0")) is None
    settings.FAZHI_PUBLICATION_WARNING_ONLY = True
    assert publication_create_for_decision(actor=head, decision=decide(kinds=("warning",), fine="0")) is not None


def test_simple_procedure_is_not_published_by_default_but_is_with_the_setting(decide, head, settings) -> None:
    decision = decide()
    Case.objects.filter(pk=decision.case_id).update(procedure=Procedure.SIMPLE)
    decision.case.refresh_from_db()
    assert publication_create_for_decision(actor=head, decision=decision) is None
    settings.FAZHI_PUBLICATION_SIMPLE_PROCEDURE = True
    assert publication_create_for_decision(actor=head, decision=decision) is not None


def test_creating_twice_returns_the_same_publication(decide, head) -> None:
    decision = decide()
    first = publication_create_for_decision(actor=head, decision=decision)
    second = publication_create_for_decision(actor=head, decision=decision)
    assert first is not None and second is not None and first.pk == second.pk
    assert Publication.objects.count() == 1
