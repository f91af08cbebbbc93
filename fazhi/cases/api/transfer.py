"""The case API's transfers: 移送 and the exchange with the police (两法衔接)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from fazhi.cases import actions
from fazhi.cases import schemas as s
from fazhi.cases.api._common import CreatedOut, created, run

router = Router(tags=["案件"])


@router.post("/{int:case_id}/transfer", response={201: CreatedOut}, summary="报告移送（含涉嫌犯罪移送）")
def transfer(request: HttpRequest, case_id: int, payload: s.TransferIn) -> Status[dict[str, int]]:
    return created(run(request, case_id, actions.transfer, payload))


@router.post("/{int:case_id}/transfers/{int:item_id}/approve", response={201: CreatedOut}, summary="批准移送（负责人）")
def transfer_approve(
    request: HttpRequest, case_id: int, item_id: int, payload: s.LateReasonIn
) -> Status[dict[str, int]]:
    return created(run(request, case_id, actions.transfer_approve, payload, item_id))


@router.post(
    "/{int:case_id}/transfers/{int:item_id}/refuse", response={201: CreatedOut}, summary="不批准移送（负责人）"
)
def transfer_refuse(request: HttpRequest, case_id: int, item_id: int, payload: s.ReasonIn) -> Status[dict[str, int]]:
    return created(run(request, case_id, actions.transfer_refuse, payload, item_id))


@router.post("/{int:case_id}/transfers/{int:item_id}/complete", response={201: CreatedOut}, summary="完成移送")
def transfer_complete(
    request: HttpRequest, case_id: int, item_id: int, payload: s.TransferCompleteIn
) -> Status[dict[str, int]]:
    return created(run(request, case_id, actions.transfer_complete, payload, item_id))


@router.post(
    "/{int:case_id}/transfers/{int:item_id}/police-answer", response={201: CreatedOut}, summary="登记公安机关立案决定"
)
def transfer_police_answer(
    request: HttpRequest, case_id: int, item_id: int, payload: s.PoliceAnswerIn
) -> Status[dict[str, int]]:
    return created(run(request, case_id, actions.transfer_police_answer, payload, item_id))


@router.post(
    "/{int:case_id}/transfers/{int:item_id}/review-request", response={201: CreatedOut}, summary="提请公安机关复议"
)
def transfer_review_request(
    request: HttpRequest, case_id: int, item_id: int, payload: s.ReviewRequestIn
) -> Status[dict[str, int]]:
    return created(run(request, case_id, actions.transfer_review_request, payload, item_id))


@router.post(
    "/{int:case_id}/transfers/{int:item_id}/review-answer", response={201: CreatedOut}, summary="登记公安机关复议决定"
)
def transfer_review_answer(
    request: HttpRequest, case_id: int, item_id: int, payload: s.ReviewAnswerIn
) -> Status[dict[str, int]]:
    return created(run(request, case_id, actions.transfer_review_answer, payload, item_id))


@router.post(
    "/{int:case_id}/transfers/{int:item_id}/return", response={201: CreatedOut}, summary="登记公安机关移回案件"
)
def transfer_return(
    request: HttpRequest, case_id: int, item_id: int, payload: s.TransferReturnIn
) -> Status[dict[str, int]]:
    return created(run(request, case_id, actions.transfer_return, payload, item_id))
