"""Inputs of transfers, criminal transfers included."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, ClassVar

from django.http import QueryDict

from fazhi.cases.models import TransferKind

# The Chinese name of each input, for messages; a schema's LABELS override these.
from fazhi.cases.schemas.base import (
    ActionIn,
)
from fazhi.core.codes import CodeOf


class TransferIn(ActionIn):
    kind: Annotated[str, CodeOf(TransferKind)]
    receiving_body: str
    reason: str


class LateReasonIn(ActionIn):
    late_reason: str = ""


class ReasonIn(ActionIn):
    reason: str


class TransferCompleteIn(ActionIn):
    attachments: list[str]
    late_reason: str = ""

    @classmethod
    def form_data(cls, form: QueryDict) -> dict[str, Any]:
        return {"attachments": [], **super().form_data(form)}


class PoliceAnswerIn(ActionIn):
    decision: str
    notified_on: date
    document_number: str
    reason: str = ""


class ReviewRequestIn(ActionIn):
    LABELS: ClassVar[dict[str, str]] = {"requested_on": "提请复议日期"}
    requested_on: date


class ReviewAnswerIn(ActionIn):
    LABELS: ClassVar[dict[str, str]] = {"notified_on": "接到复议决定日期"}
    decision: str
    notified_on: date
    document_number: str


class TransferReturnIn(ActionIn):
    returned_on: date
    document_number: str
    reason: str
