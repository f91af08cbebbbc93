"""The case API's reads: lists, the case, its actions, deadlines, money and timeline."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from fazhi.accounts.request import request_actor
from fazhi.cases import deadlines, selectors, workflow
from fazhi.cases.api._common import CaseOut, case_of
from fazhi.cases.models import Case
from fazhi.core import clock
from fazhi.core.models import AuditEvent

router = Router(tags=["案件"])


class TodoActionOut(Schema):
    code: str
    label: str


class TodoOut(Schema):
    case_id: int
    number: str
    party: str
    task: str
    actions: list[TodoActionOut]  # every action the user may take now; ``task`` is the first one's label
    deadline: str | None
    due: date | None
    status: str


class ActionOut(Schema):
    code: str
    label: str
    allowed: bool
    reasons: list[str]


class DeadlineOut(Schema):
    code: str
    label: str
    due: date
    article: str
    done_on: date | None
    status: str
    provisional: bool = Field(False, description="按周末及法定节日暂定（该年节假日安排尚未录入）")
    provisional_note: str = ""


class MoneyOut(Schema):
    fine: Decimal
    fine_paid: Decimal
    due: date | None
    late_fee: Decimal
    late_fee_paid: Decimal
    outstanding: Decimal
    provisional: bool = Field(False, description="缴款期限及加处罚款按暂定日历计算")
    provisional_note: str = ""
    ended: bool = False  # 处罚决定经复议、诉讼被撤销、确认违法或确认无效：不再执行
    refund: Decimal = Decimal("0.00")  # 应退还


class EventOut(Schema):
    seq: int
    at: datetime
    actor: str
    action: str
    summary: str


@router.get("/todo", response=list[TodoOut], summary="待办（最近期限在前，逾期在最前）")
def todo(request: HttpRequest) -> list[dict[str, Any]]:
    today = clock.today()
    return [
        {
            "case_id": i.case.pk,
            "number": i.case.register_number or i.case.lead_number,
            "party": i.case.party.public_name,
            "task": i.task,
            "actions": [{"code": code, "label": label} for code, label in i.actions],
            "deadline": i.deadline.label if i.deadline else None,
            "due": i.deadline.due if i.deadline else None,
            "status": i.status(today),
        }
        for i in selectors.todo_list(actor=request_actor(request), today=today)
    ]


@router.get("/{int:case_id}", response=CaseOut, summary="案件详情")
def get_case(request: HttpRequest, case_id: int) -> Case:
    return selectors.access_case(actor=request_actor(request), case_id=case_id)


@router.get("/{int:case_id}/actions", response=list[ActionOut], summary="当前可办理的操作（不可办理的说明原因）")
def case_actions(request: HttpRequest, case_id: int) -> list[dict[str, Any]]:
    case = case_of(request, case_id)
    return [
        {"code": a.code, "label": a.label, "allowed": a.allowed, "reasons": list(a.reasons)}
        for a in workflow.available_actions(case, request_actor(request), clock.today())
    ]


@router.get("/{int:case_id}/deadlines", response=list[DeadlineOut], summary="案件期限（由规则计算）")
def case_deadline_list(request: HttpRequest, case_id: int) -> list[dict[str, Any]]:
    case, today = case_of(request, case_id), clock.today()
    return [
        {**d.__dict__, "status": d.status(today), "provisional": d.provisional, "provisional_note": d.provisional_note}
        for d in deadlines.case_deadlines(case, today)
    ]


@router.get("/{int:case_id}/money", response=MoneyOut, summary="罚款、加处罚款与缴纳情况")
def case_money(request: HttpRequest, case_id: int) -> dict[str, Any]:
    money = deadlines.money_status(case_of(request, case_id), clock.today())
    return {
        **money.__dict__,
        "outstanding": money.outstanding,
        "refund": money.refund,
        "provisional": money.provisional,
        "provisional_note": money.provisional_note,
    }


@router.get("/{int:case_id}/timeline", response=list[EventOut], summary="办案留痕（哈希链）")
def case_timeline(request: HttpRequest, case_id: int) -> list[dict[str, Any]]:

    case = case_of(request, case_id)
    events = AuditEvent.objects.filter(entity_type="cases.case", entity_id=str(case.pk)).order_by("seq")
    return [
        {"seq": e.seq, "at": e.at, "actor": e.actor_label, "action": e.action, "summary": e.summary} for e in events
    ]
