"""The case API's execution and closing: 缴款, 暂缓/分期, 催告, 强制执行, 结案, 归档."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from fazhi.cases import actions
from fazhi.cases import schemas as s
from fazhi.cases.api._common import CreatedOut, created, run

router = Router(tags=["案件"])


@router.post("/{int:case_id}/pay", response={201: CreatedOut}, summary="登记缴款（凭银行缴款凭证）")
def payment(request: HttpRequest, case_id: int, payload: s.PaymentIn) -> Status[dict[str, int]]:
    return created(run(request, case_id, actions.pay, payload))


@router.post("/{int:case_id}/arrangement", response={201: CreatedOut}, summary="批准暂缓或分期缴纳")
def arrangement(request: HttpRequest, case_id: int, payload: s.ArrangementIn) -> Status[dict[str, int]]:
    return created(run(request, case_id, actions.arrangement, payload))


@router.post("/{int:case_id}/remind", response={201: CreatedOut}, summary="送达催告书")
def reminder(request: HttpRequest, case_id: int, payload: s.ReminderIn) -> Status[dict[str, int]]:
    return created(run(request, case_id, actions.remind, payload))


@router.post("/{int:case_id}/apply-court", response={201: CreatedOut}, summary="申请法院强制执行")
def court_apply(request: HttpRequest, case_id: int, payload: s.CourtIn) -> Status[dict[str, int]]:
    return created(run(request, case_id, actions.apply_court, payload))


@router.post(
    "/{int:case_id}/court-enforcements/{int:item_id}", response={201: CreatedOut}, summary="登记法院受理与执行结果"
)
def court_update(request: HttpRequest, case_id: int, item_id: int, payload: s.CourtUpdateIn) -> Status[dict[str, int]]:
    return created(run(request, case_id, actions.court_update, payload, item_id))


@router.post("/{int:case_id}/close", response={201: CreatedOut}, summary="结案")
def close(request: HttpRequest, case_id: int, payload: s.SummaryIn) -> Status[dict[str, int]]:
    return created(run(request, case_id, actions.close, payload))


@router.post("/{int:case_id}/archive", response={201: CreatedOut}, summary="归档")
def archive(request: HttpRequest, case_id: int) -> Status[dict[str, int]]:
    return created(run(request, case_id, actions.archive, s.NoInput()))
