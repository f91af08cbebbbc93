"""What the case API's stage modules share: the outputs, the case of the URL and running one action."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from django.db.models import Model
from django.http import HttpRequest
from ninja import Schema, Status

from fazhi.accounts.request import request_actor
from fazhi.cases import selectors
from fazhi.cases.models import Case, CaseState, PartyKind, Procedure
from fazhi.core.codes import CodeOf


class CreatedOut(Schema):
    id: int


class CaseOut(Schema):
    id: int
    procedure: Annotated[str, CodeOf(Procedure)]
    simple_form_number: str
    decision_number: str
    state: Annotated[str, CodeOf(CaseState)]
    state_label: str
    lead_number: str
    register_number: str
    registered_on: date | None
    agency_id: int
    power_item_code: str
    power_item_name: str
    rule_set_version: str
    party_kind: Annotated[str, CodeOf(PartyKind)]
    party_name: str
    act_date: date
    discovered_on: date
    handler_ids: list[int]

    @staticmethod
    def resolve_decision_number(obj: Case) -> str:
        decision = getattr(obj, "decision", None)
        return decision.number if decision is not None else ""

    @staticmethod
    def resolve_state_label(obj: Case) -> str:
        return obj.get_state_display()

    @staticmethod
    def resolve_power_item_code(obj: Case) -> str:
        return obj.power_item.code

    @staticmethod
    def resolve_power_item_name(obj: Case) -> str:
        return obj.power_item.name

    @staticmethod
    def resolve_rule_set_version(obj: Case) -> str:
        return obj.power_item.rule_set.version_label

    @staticmethod
    def resolve_party_kind(obj: Case) -> str:
        return obj.party.kind

    @staticmethod
    def resolve_party_name(obj: Case) -> str:
        return obj.party.public_name

    @staticmethod
    def resolve_handler_ids(obj: Case) -> list[int]:
        return sorted(h.officer_id for h in obj.handlers.all())


def case_of(request: HttpRequest, case_id: int) -> Case:
    return selectors.access_case(actor=request_actor(request), case_id=case_id)


def run(request: HttpRequest, case_id: int, action: Callable[..., Any], payload: Any, item: int | None = None) -> Any:
    """The action of ``fazhi.cases.actions`` on the case of the URL (and its record ``item``)."""
    return action(request_actor(request), case_of(request, case_id), payload, item)


def created(obj: Model) -> Status[dict[str, int]]:
    return Status(201, {"id": obj.pk})
