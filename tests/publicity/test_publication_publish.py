"""publication_publish: on time, late (allowed, flagged), and who may record it."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.accounts.models import Role
from fazhi.core.errors import PermissionDenied, RuleViolation, ValidationError
from fazhi.core.models import AuditEvent
from fazhi.publicity.models import Publication, PublicationStatus
from fazhi.publicity.services import publication_publish


def test_publishing_on_the_due_day_is_on_time(publish_decision, clerk) -> None:
    publication = publish_decision()
    publication = publication_publish(actor=clerk, publication=publication, on=date(2025, 10, 13))
    assert publication.status == PublicationStatus.PUBLISHED
    assert publication.published_by == clerk
    assert not publication.is_published_late
    last = AuditEvent.objects.filter(entity_type="publicity.publication", entity_id=str(publication.pk)).last()
    assert last is not None and last.action == "publication.publish" and last.after["late"] is False


def test_publishing_the_day_after_is_allowed_and_flagged_late(publish_decision, clerk) -> None:
    publication = publication_publish(actor=clerk, publication=publish_decision(), on=date(2025, 10, 14))
    assert publication.status == PublicationStatus.PUBLISHED
    assert publication.is_published_late


def test_publishing_twice_is_refused(publish_decision, clerk) -> None:
    publication = publish_decision(published_on=date(2025, 10, 9))
    with pytest.raises(RuleViolation):
        publication_publish(actor=clerk, publication=publication, on=date(2025, 10, 10))


def test_a_publication_date_in_the_future_or_before_the_decision_is_refused(publish_decision, clerk) -> None:
    publication = publish_decision()
    with pytest.raises(ValidationError):
        publication_publish(actor=clerk, publication=publication, on=date(2099, 1, 1))
    with pytest.raises(ValidationError):
        publication_publish(actor=clerk, publication=publication, on=date(2025, 9, 25))
    assert Publication.objects.get(pk=publication.pk).status == PublicationStatus.PENDING


def test_the_justice_bureau_reads_but_cannot_publish(publish_decision, supervisor) -> None:
    publication = publish_decision()
    with pytest.raises(PermissionDenied):
        publication_publish(actor=supervisor, publication=publication, on=date(2025, 10, 9))


def test_an_officer_without_the_head_or_clerk_role_cannot_publish(bureau, make_user, publish_decision) -> None:
    officer = make_user(bureau.bureau, Role.OFFICER)
    with pytest.raises(PermissionDenied):
        publication_publish(actor=officer, publication=publish_decision(), on=date(2025, 10, 9))


def test_the_township_s_clerk_cannot_publish_the_bureau_s_decision(bureau, make_user, publish_decision) -> None:
    township_clerk = make_user(bureau.township, Role.CLERK)
    with pytest.raises(PermissionDenied):
        publication_publish(actor=township_clerk, publication=publish_decision(), on=date(2025, 10, 9))


def test_a_publication_whose_period_ended_before_it_went_public_is_refused(publish_decision, clerk) -> None:
    publication = publish_decision(fine="500")  # 3 months: shown until 2025-12-26
    with pytest.raises(RuleViolation, match="公示期已于"):
        publication_publish(actor=clerk, publication=publication, on=date(2025, 12, 27))
