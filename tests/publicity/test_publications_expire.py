"""publications_expire: the period's end is recorded the day after its last day."""

from __future__ import annotations

from datetime import date

from django.core.management import call_command

from fazhi.core.models import AuditEvent
from fazhi.publicity.models import Publication, PublicationStatus
from fazhi.publicity.services import publications_expire


def test_a_publication_expires_the_day_after_its_last_day(publish_decision) -> None:
    publication = publish_decision(fine="500", published_on=date(2025, 10, 9))  # until 2025-12-26
    assert publications_expire(today=date(2025, 12, 26)) == 0
    assert publications_expire(today=date(2025, 12, 27)) == 1
    publication.refresh_from_db()
    assert publication.status == PublicationStatus.EXPIRED and publication.ended_on == date(2025, 12, 27)
    last = AuditEvent.objects.filter(entity_type="publicity.publication", entity_id=str(publication.pk)).last()
    assert last is not None and last.action == "publication.expire" and last.actor_label == "系统"


def test_a_never_published_one_expires_too_and_stays_not_on_time(publish_decision) -> None:
    publication = publish_decision(fine="500")
    publications_expire(today=date(2026, 1, 1))
    publication.refresh_from_db()
    assert publication.status == PublicationStatus.EXPIRED and publication.published_on is None


def test_the_management_command_runs_the_pass(publish_decision) -> None:
    publish_decision(fine="500", published_on=date(2025, 10, 9))
    call_command("publicity_expire")  # today is after 2025-12-26
    assert Publication.objects.get().status == PublicationStatus.EXPIRED
