"""Inputs of the simple procedure and the form stock."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from fazhi.cases.models import PartyKind, PartyResponse

# The Chinese name of each input, for messages; a schema's LABELS override these.
from fazhi.cases.schemas.base import (
    ActionIn,
    FactsText,
    money_input,
)
from fazhi.core.codes import CodeOf


class SimpleCaseIn(ActionIn):
    agency_id: int
    power_item_code: str
    party_kind: Annotated[str, CodeOf(PartyKind)]
    party_name: str
    party_id_number: str = ""
    party_address: str = ""
    party_phone: str = ""
    act_date: date
    handler_ids: list[int]
    penalty_kinds: list[str]
    fine: Annotated[Decimal, money_input("罚款金额")] = Decimal("0")
    facts: FactsText
    location: str
    collect_on_spot: bool = False
    hard_to_collect: bool = False
    receipt_number: str = ""
    told: bool = False
    party_response: Annotated[str, CodeOf(PartyResponse, blank=True)] = ""
    party_statement: str = ""
    statement_review: str = ""
    refused_to_sign: bool = False


class FormStockIn(ActionIn):
    agency_id: int
    prefix: str
    first_no: int
    last_no: int
