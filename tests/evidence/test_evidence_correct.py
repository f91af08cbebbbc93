"""evidence_correct: a correction is a new version; the old one and its file stay."""

from __future__ import annotations

import pytest

from fazhi.core.errors import RuleViolation, ValidationError
from fazhi.core.models import AuditEvent
from fazhi.core.storage import get_blob_store
from fazhi.evidence.models import Evidence
from fazhi.evidence.services import evidence_correct, evidence_exclude
from tests.evidence.conftest import JPEG, PNG, upload


def test_a_correction_keeps_the_old_version_and_links_the_new_one_to_it(registered, upload_photo) -> None:
    old = upload_photo()
    new = evidence_correct(
        actor=registered.second_user, evidence=old, file=upload("清晰照片.png", PNG), reason="原照片模糊"
    )
    old.refresh_from_db()
    assert (new.version, new.supersedes, new.original, new.correction_reason) == (2, old, old, "原照片模糊")
    assert (new.title, new.kind, new.collected_by, new.collected_at) == (
        old.title,
        old.kind,
        old.collected_by,
        old.collected_at,
    )
    assert old.superseded_by == new and old.sha256 != new.sha256
    assert get_blob_store().exists(old.sha256) and get_blob_store().exists(new.sha256)
    assert [c.action for c in new.custody.all()] == ["new_version"]
    assert [c.action for c in old.custody.all()] == ["upload", "new_version"]
    event = AuditEvent.objects.filter(entity_type="cases.case", entity_id=str(registered.case.pk)).last()
    assert event is not None and event.action == "evidence.correct"
    assert event.before == {"evidence_id": old.pk, "version": 1, "sha256": old.sha256}


def test_a_second_correction_makes_version_three_of_the_same_lineage(registered, upload_photo) -> None:
    v1 = upload_photo()
    v2 = evidence_correct(actor=registered.lead_user, evidence=v1, file=upload("b.png", PNG), reason="更清晰")
    v3 = evidence_correct(
        actor=registered.lead_user, evidence=v2, file=upload("c.jpg", JPEG + b"\x01"), reason="再次更正"
    )
    assert (v3.version, v3.supersedes, v3.original) == (3, v2, v1)
    assert Evidence.objects.filter(case=registered.case).count() == 3


def test_only_the_latest_version_can_be_corrected(registered, upload_photo) -> None:
    v1 = upload_photo()
    evidence_correct(actor=registered.lead_user, evidence=v1, file=upload("b.png", PNG), reason="更清晰")
    with pytest.raises(RuleViolation) as exc:
        evidence_correct(actor=registered.lead_user, evidence=v1, file=upload("c.png", PNG + b"1"), reason="再改")
    assert exc.value.message == "「违法现场照片」第1版已被更正，只能更正最新版本。"


def test_a_correction_with_identical_content_or_without_a_reason_is_refused(registered, upload_photo) -> None:
    v1 = upload_photo()
    with pytest.raises(ValidationError, match="完全相同"):
        evidence_correct(actor=registered.lead_user, evidence=v1, file=upload(content=JPEG), reason="重传")
    with pytest.raises(ValidationError, match="须写明理由"):
        evidence_correct(actor=registered.lead_user, evidence=v1, file=upload("b.png", PNG), reason=" ")
    assert Evidence.objects.count() == 1


def test_excluded_evidence_cannot_be_corrected(registered, upload_photo, legal_reviewer) -> None:
    v1 = upload_photo()
    evidence_exclude(actor=legal_reviewer, evidence=v1, reason="偷拍取得")
    v1.refresh_from_db()
    with pytest.raises(RuleViolation, match="已被排除"):
        evidence_correct(actor=registered.lead_user, evidence=v1, file=upload("b.png", PNG), reason="更清晰")
