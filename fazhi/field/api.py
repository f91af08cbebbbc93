"""The field client's API: the officer's bundle, the sync of queued items, the reservation of form numbers."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from fazhi.accounts.request import request_actor
from fazhi.agencies.selectors import access_officer
from fazhi.cases.services.simple import form_block_reserve
from fazhi.core import clock
from fazhi.core.middleware import client_ip
from fazhi.field import schemas as s
from fazhi.field.selectors import field_bundle, field_officer, unused_numbers
from fazhi.field.services import submission_accept

router = Router(tags=["现场执法"])


@router.get(
    "/bundle", url_name="field_bundle", summary="离线资料包：待办、执法事项与裁量基准、执法人员、预留决定书编号"
)
def bundle(request: HttpRequest, device_id: str = "") -> dict[str, Any]:
    return field_bundle(actor=request_actor(request), device_id=device_id.strip()[:64], today=clock.today())


@router.post(
    "/submissions",
    url_name="field_submissions",
    response={200: dict[str, Any], 201: dict[str, Any], 422: dict[str, Any]},
    summary="同步离线记录（按客户端标识只接收一次）",
)
def submissions(request: HttpRequest, payload: s.SubmissionIn) -> Status[dict[str, Any]]:
    answer = submission_accept(actor=request_actor(request), item=payload, ip=client_ip(request))
    return Status(answer.status, answer.body)


@router.post(
    "/form-blocks", url_name="field_form_blocks", response={201: dict[str, Any]}, summary="为设备预留当场处罚决定书号段"
)
def form_blocks_reserve(request: HttpRequest, payload: s.BlockIn) -> Status[dict[str, Any]]:
    actor = request_actor(request)
    officer = access_officer(actor=actor, officer_id=payload.officer_id) if payload.officer_id else field_officer(actor)
    block = form_block_reserve(actor=actor, officer=officer, device_id=payload.device_id, count=payload.count)
    return Status(201, {"block_id": block.pk, "label": str(block), "numbers": block.numbers()})


@router.get("/form-blocks", url_name="field_form_blocks_list", summary="本设备尚未使用的预留编号")
def form_blocks(request: HttpRequest, device_id: str) -> list[dict[str, Any]]:
    officer = field_officer(request_actor(request))
    return unused_numbers(officer=officer, device_id=device_id.strip()[:64])
