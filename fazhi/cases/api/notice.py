"""The case API's notice and hearing: 事先告知, 陈述申辩, 放弃, 听证."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from fazhi.cases import actions
from fazhi.cases import schemas as s
from fazhi.cases.api._common import CreatedOut, created, run

router = Router(tags=["案件"])


@router.post("/{int:case_id}/notify", response={201: CreatedOut}, summary="送达行政处罚事先告知书（及听证告知）")
def notice(request: HttpRequest, case_id: int, payload: s.ServedIn) -> Status[dict[str, int]]:
    return created(run(request, case_id, actions.notify, payload))


@router.post("/{int:case_id}/representation", response={201: CreatedOut}, summary="记录陈述申辩")
def representation(request: HttpRequest, case_id: int, payload: s.RepresentationIn) -> Status[dict[str, int]]:
    return created(run(request, case_id, actions.representation, payload))


@router.post("/{int:case_id}/waive", response={201: CreatedOut}, summary="当事人书面放弃陈述申辩")
def waive(request: HttpRequest, case_id: int, payload: s.WaiveIn) -> Status[dict[str, int]]:
    return created(run(request, case_id, actions.waive, payload))


@router.post("/{int:case_id}/waive-hearing", response={201: CreatedOut}, summary="当事人书面放弃听证")
def hearing_waive(request: HttpRequest, case_id: int, payload: s.WaiveHearingIn) -> Status[dict[str, int]]:
    return created(run(request, case_id, actions.waive_hearing, payload))


@router.post(
    "/{int:case_id}/hearings/{int:hearing_id}/host-recusal", response={201: CreatedOut}, summary="申请听证主持人回避"
)
def hearing_host_recusal(
    request: HttpRequest, case_id: int, hearing_id: int, payload: s.HostRecusalIn
) -> Status[dict[str, int]]:
    return created(run(request, case_id, actions.host_recusal, payload, hearing_id))


@router.post("/{int:case_id}/request-hearing", response={201: CreatedOut}, summary="登记听证申请")
def hearing_request(request: HttpRequest, case_id: int, payload: s.HearingRequestIn) -> Status[dict[str, int]]:
    return created(run(request, case_id, actions.request_hearing, payload))


@router.post("/{int:case_id}/hearings/{int:hearing_id}/schedule", response={201: CreatedOut}, summary="送达听证通知")
def hearing_schedule(
    request: HttpRequest, case_id: int, hearing_id: int, payload: s.HearingScheduleIn
) -> Status[dict[str, int]]:
    return created(run(request, case_id, actions.schedule_hearing, payload, hearing_id))


@router.post("/{int:case_id}/hearings/{int:hearing_id}/record", response={201: CreatedOut}, summary="听证笔录")
def hearing_record(
    request: HttpRequest, case_id: int, hearing_id: int, payload: s.HearingRecordIn
) -> Status[dict[str, int]]:
    return created(run(request, case_id, actions.record_hearing, payload, hearing_id))
