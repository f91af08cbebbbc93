"""The case API's decision and service: 作出决定, 送达, 电子送达确认书."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from fazhi.cases import actions
from fazhi.cases import schemas as s
from fazhi.cases.api._common import CreatedOut, case_of, created, run

router = Router(tags=["案件"])


class ServiceConsentOut(Schema):
    id: int
    channel: str
    address: str
    signed_on: date
    confirmation_id: int
    withdrawn_on: date | None


@router.post("/{int:case_id}/decide", response={201: CreatedOut}, summary="作出决定（负责人）")
def decide(request: HttpRequest, case_id: int, payload: s.DecideIn) -> Status[dict[str, int]]:
    return created(run(request, case_id, actions.decide, payload))


@router.get("/{int:case_id}/service-consents", response=list[ServiceConsentOut], summary="电子送达确认书")
def service_consent_list(request: HttpRequest, case_id: int) -> list[Any]:
    return list(case_of(request, case_id).service_consents.all())


@router.post(
    "/{int:case_id}/service-consents/{int:item_id}/withdraw",
    response={201: CreatedOut},
    summary="当事人撤回电子送达的同意",
)
def service_consent_withdraw(
    request: HttpRequest, case_id: int, item_id: int, payload: s.ConsentWithdrawIn
) -> Status[dict[str, int]]:
    return created(run(request, case_id, actions.service_consent_withdraw, payload, item_id))


@router.post("/{int:case_id}/service-consents", response={201: CreatedOut}, summary="登记当事人同意电子送达的确认书")
def service_consent(request: HttpRequest, case_id: int, payload: s.ServiceConsentIn) -> Status[dict[str, int]]:
    return created(run(request, case_id, actions.service_consent, payload))


@router.post("/{int:case_id}/serve", response={201: CreatedOut}, summary="送达处罚决定书")
def serve(request: HttpRequest, case_id: int, payload: s.ServeIn) -> Status[dict[str, int]]:
    return created(run(request, case_id, actions.serve, payload))
