"""The case API's investigation: 先行登记保存, 查封扣押, 调查终结, 审核, 集体讨论."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from fazhi.cases import actions
from fazhi.cases import schemas as s
from fazhi.cases.api._common import CreatedOut, created, run

router = Router(tags=["案件"])


@router.post("/{int:case_id}/preserve", response={201: CreatedOut}, summary="批准先行登记保存（负责人）")
def preservation(request: HttpRequest, case_id: int, payload: s.ItemsIn) -> Status[dict[str, int]]:
    return created(run(request, case_id, actions.preserve, payload))


@router.post(
    "/{int:case_id}/preservations/{int:item_id}/decide", response={201: CreatedOut}, summary="先行登记保存处理决定"
)
def preservation_decide(
    request: HttpRequest, case_id: int, item_id: int, payload: s.DispositionIn
) -> Status[dict[str, int]]:
    return created(run(request, case_id, actions.preserve_decide, payload, item_id))


@router.post("/{int:case_id}/seize", response={201: CreatedOut}, summary="批准查封扣押（负责人）")
def seizure(request: HttpRequest, case_id: int, payload: s.SeizureIn) -> Status[dict[str, int]]:
    return created(run(request, case_id, actions.seize, payload))


@router.post("/{int:case_id}/seizures/{int:item_id}/extend", response={201: CreatedOut}, summary="延长查封扣押期限")
def seizure_extend(
    request: HttpRequest, case_id: int, item_id: int, payload: s.SeizureExtendIn
) -> Status[dict[str, int]]:
    return created(run(request, case_id, actions.seize_extend, payload, item_id))


@router.post("/{int:case_id}/seizures/{int:item_id}/release", response={201: CreatedOut}, summary="解除查封扣押")
def seizure_release(request: HttpRequest, case_id: int, item_id: int) -> Status[dict[str, int]]:
    return created(run(request, case_id, actions.seize_release, s.NoInput(), item_id))


@router.post("/{int:case_id}/conclude", response={201: CreatedOut}, summary="提交调查终结报告")
def conclude(request: HttpRequest, case_id: int, payload: s.ConcludeIn) -> Status[dict[str, int]]:
    return created(run(request, case_id, actions.conclude, payload))


@router.post("/{int:case_id}/case-review", response={201: CreatedOut}, summary="案件审核")
def case_review(request: HttpRequest, case_id: int, payload: s.OpinionIn) -> Status[dict[str, int]]:
    return created(run(request, case_id, actions.case_review, payload))


@router.post("/{int:case_id}/legal-review", response={201: CreatedOut}, summary="法制审核")
def legal_review(request: HttpRequest, case_id: int, payload: s.OpinionIn) -> Status[dict[str, int]]:
    return created(run(request, case_id, actions.legal_review, payload))


@router.post("/{int:case_id}/discuss", response={201: CreatedOut}, summary="集体讨论")
def discussion(request: HttpRequest, case_id: int, payload: s.DiscussionIn) -> Status[dict[str, int]]:
    return created(run(request, case_id, actions.discuss, payload))
