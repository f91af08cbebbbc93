"""A decided 一般程序 case with its 决定书 generated, the party's consent to 电子送达, and an outbox per test."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fazhi.cases import services
from fazhi.cases.models import Case, ServiceConsent
from fazhi.documents.services import document_generate
from tests.cases.conftest import head, open_case, power_list  # noqa: F401  (fixtures shared with the case tests)
from tests.cases.flow import FINE, JPEG, Cast, make_cast, registered_case, to_notified, travel


@pytest.fixture(autouse=True)
def outbox(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.FAZHI_DELIVERY_OUTBOX = str(tmp_path / "outbox")
    settings.FAZHI_DELIVERY_PROVIDERS = {"email": "console", "sms": "console"}
    settings.FAZHI_DELIVERY_WEBHOOK_SECRET = "s3cret-webhook"
    settings.FAZHI_STORAGE = "local"
    return tmp_path / "outbox"


@pytest.fixture
def cast(bureau, power_list, make_officer, make_user) -> Cast:  # noqa: F811
    return make_cast(bureau, make_officer, make_user)


@pytest.fixture
def decided(monkeypatch, bureau, cast) -> Case:
    case = to_notified(monkeypatch, registered_case(monkeypatch, bureau, cast, is_major=False), cast)
    travel(monkeypatch, date(2025, 3, 25))
    services.case_decide(
        actor=cast.head, case=case, outcome="penalty", reasons="违法事实清楚。", penalty_kinds=["fine"], fine=FINE
    )
    case = Case.objects.get(pk=case.pk)
    document_generate(actor=cast.handler1, case=case, kind="penalty_decision")
    return case


def consent_for(case: Case, cast: Cast, *, channel: str = "email", address: str = "zhangsan@example.com"):  # type: ignore[no-untyped-def]
    from fazhi.evidence.services import evidence_upload

    confirmation = evidence_upload(
        actor=cast.handler1,
        case=case,
        kind="documentary",
        title="电子送达地址确认书（当事人签名）",
        file=SimpleUploadedFile("确认书.jpg", JPEG + address.encode(), content_type="image/jpeg"),
        collected_at=timezone.make_aware(datetime.combine(date(2025, 3, 17), time(9, 0))),
        collected_by=cast.officers[0],
    )
    return services.service_consent_record(
        actor=cast.handler1,
        case=case,
        channel=channel,
        address=address,
        signed_on=date(2025, 3, 20),
        confirmation_id=confirmation.pk,
    )


@pytest.fixture
def consent(decided, cast) -> ServiceConsent:
    return consent_for(decided, cast)


@pytest.fixture
def officer_elsewhere(bureau, make_user):  # type: ignore[no-untyped-def]
    from fazhi.accounts.models import Role

    return make_user(bureau.squad2, Role.OFFICER)
