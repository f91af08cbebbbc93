"""Inputs of intake: opening, registering, declining, flags, handlers, recusals, extensions, suspensions."""

from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar

from fazhi.cases.models import CaseSource, PartyKind, Recusal, SuspensionKind

# The Chinese name of each input, for messages; a schema's LABELS override these.
from fazhi.cases.schemas.base import (
    ActionIn,
    FactsText,
)
from fazhi.core.codes import CodeOf


class CaseOpenIn(ActionIn):
    agency_id: int
    source: Annotated[str, CodeOf(CaseSource)]
    power_item_code: str
    party_kind: Annotated[str, CodeOf(PartyKind)]
    party_name: str
    party_id_number: str = ""
    party_address: str = ""
    party_phone: str = ""
    act_date: date
    act_ended: date | None = None
    discovered_on: date
    grave_harm: bool = False
    location: str = ""
    facts: FactsText = ""


class CaseRegisterIn(ActionIn):
    LABELS: ClassVar[dict[str, str]] = {"on": "立案日期"}
    handler_ids: list[int]
    lead_handler_id: int | None = None
    on: date


class CaseDeclineIn(ActionIn):
    LABELS: ClassVar[dict[str, str]] = {"reason": "不予立案理由"}
    reason: str


class FlagsIn(ActionIn):
    is_major: bool
    is_complex: bool = False
    major_public_interest: bool = False
    major_rights: bool = False
    review_required_by_law: bool = False


class OfficerIdIn(ActionIn):
    officer_id: int


class RecusalIn(ActionIn):
    officer_id: int
    applicant: Annotated[str, CodeOf(Recusal.Applicant)]
    reason: str


class RecusalDecideIn(ActionIn):
    granted: bool
    replacement_id: int | None = None


class ExtensionIn(ActionIn):
    days: int
    reason: str
    provision_id: int | None = None


class SuspensionIn(ActionIn):
    kind: Annotated[str, CodeOf(SuspensionKind)]
    start: date
    reason: str


class SuspensionEndIn(ActionIn):
    end: date
