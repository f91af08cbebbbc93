"""Inputs of the decision and its execution: service, consents, payments, reminders, the court."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, ClassVar

from fazhi.cases.models import DecisionOutcome, Payment, ServiceChannel, ServiceMethod

# The Chinese name of each input, for messages; a schema's LABELS override these.
from fazhi.cases.schemas.base import (
    ActionIn,
    money_input,
)
from fazhi.core.codes import CodeOf


class DecideIn(ActionIn):
    outcome: Annotated[str, CodeOf(DecisionOutcome)]
    reasons: str
    penalty_kinds: list[str] = []
    fine: Annotated[Decimal, money_input("罚款金额")] = Decimal("0")
    confiscation: Annotated[Decimal, money_input("没收金额")] = Decimal("0")
    out_of_range_reason: str = ""
    late_reason: str = ""


class ServeIn(ActionIn):
    method: Annotated[str, CodeOf(ServiceMethod)]
    served_on: date
    recipient: str
    proof: str
    late_reason: str = ""
    consent_id: int | None = None


class PaymentIn(ActionIn):
    kind: Annotated[str, CodeOf(Payment.Kind)]
    amount: Annotated[Decimal, money_input("缴款金额")]
    paid_on: date
    receipt_number: str
    bank: str


class ArrangementIn(ActionIn):
    deferred_until: date
    reason: str


class ReminderIn(ActionIn):
    method: Annotated[str, CodeOf(ServiceMethod)]
    served_on: date
    recipient: str
    proof: str
    consent_id: int | None = None


class ServiceConsentIn(ActionIn):
    channel: Annotated[str, CodeOf(ServiceChannel)]
    address: str
    signed_on: date
    confirmation_id: int


class ConsentWithdrawIn(ActionIn):
    LABELS: ClassVar[dict[str, str]] = {"on": "撤回日期"}
    on: date
    note: str


class CourtIn(ActionIn):
    court: str


class CourtUpdateIn(ActionIn):
    accepted_on: date | None = None
    ruling: str = ""
    completed_on: date | None = None


class SummaryIn(ActionIn):
    summary: str


class NoInput(ActionIn):
    """An action that takes nothing but the case (archive, file, seizure release)."""
