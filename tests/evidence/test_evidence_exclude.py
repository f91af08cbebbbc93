"""evidence_exclude: illegally obtained evidence is excluded by a legal reviewer or head, never deleted."""

from __future__ import annotations

import pytest

from fazhi.accounts.models import Role
from fazhi.core.errors import NotFoundOrForbidden, PermissionDenied, RuleViolation
from fazhi.core.models import AuditEvent
from fazhi.evidence.models import Evidence
from fazhi.evidence.services import evidence_correct, evidence_exclude
from tests.evidence.conftest import PNG, upload


def test_a_legal_reviewer_excludes_evidence_and_every_version_stays_marked(
    registered, upload_photo, legal_reviewer
) -> None:
    v1 = upload_photo()
    v2 = evidence_correct(actor=registered.lead_user, evidence=v1, file=upload("b.png", PNG), reason="更清晰")
    excluded = evidence_exclude(actor=legal_reviewer, evidence=v2, reason="以偷拍手段取得，侵犯他人隐私")
    assert excluded.is_excluded and excluded.excluded_by == legal_reviewer
    assert list(Evidence.objects.order_by("version").values_list("is_excluded", flat=True)) == [True, True]
    assert [c.action for c in excluded.custody.all()] == ["new_version", "exclude"]
    event = AuditEvent.objects.filter(entity_type="cases.case", entity_id=str(registered.case.pk)).last()
    assert event is not None and event.action == "evidence.exclude"
    assert event.after["reason"] == "以偷拍手段取得，侵犯他人隐私"


def test_a_head_may_exclude_evidence(bureau, registered, upload_photo, head) -> None:
    assert evidence_exclude(actor=head, evidence=upload_photo(), reason="非法取得").is_excluded


@pytest.mark.parametrize("role", [Role.OFFICER, Role.SQUAD_LEADER, Role.CLERK])
def test_only_a_legal_reviewer_or_head_may_exclude(bureau, registered, upload_photo, make_user, role) -> None:
    evidence = upload_photo()
    with pytest.raises(PermissionDenied) as exc:
        evidence_exclude(actor=make_user(bureau.squad, role), evidence=evidence, reason="非法取得")
    assert exc.value.message == "只有本案执法主体的法制审核人员或负责人可以排除证据。"
    evidence.refresh_from_db()
    assert not evidence.is_excluded


def test_a_handler_of_the_case_cannot_exclude_its_evidence_even_as_legal_reviewer(
    bureau, registered, upload_photo, make_user
) -> None:
    from fazhi.accounts.services import user_set_roles

    reviewer_handler = user_set_roles(actor=bureau.admin, user=registered.lead_user, roles=[Role.LEGAL_REVIEWER])
    with pytest.raises(PermissionDenied, match="办审分离"):
        evidence_exclude(actor=reviewer_handler, evidence=upload_photo(), reason="非法取得")


def test_a_legal_reviewer_of_another_legal_subject_does_not_see_the_evidence(
    bureau, registered, upload_photo, make_user
) -> None:
    township_reviewer = make_user(bureau.township, Role.LEGAL_REVIEWER)
    with pytest.raises(NotFoundOrForbidden):
        evidence_exclude(actor=township_reviewer, evidence=upload_photo(), reason="非法取得")


def test_evidence_is_excluded_only_once(registered, upload_photo, legal_reviewer) -> None:
    evidence = upload_photo()
    evidence_exclude(actor=legal_reviewer, evidence=evidence, reason="非法取得")
    with pytest.raises(RuleViolation, match="已于"):
        evidence_exclude(actor=legal_reviewer, evidence=evidence, reason="再次排除")
