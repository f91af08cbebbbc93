"""Inputs of the notice and the hearing."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, ClassVar

from django.http import QueryDict

from fazhi.cases.models import ServiceMethod

# The Chinese name of each input, for messages; a schema's LABELS override these.
from fazhi.cases.schemas.base import (
    ActionIn,
)
from fazhi.core.codes import CodeOf


class ServedIn(ActionIn):
    method: Annotated[str, CodeOf(ServiceMethod)]
    served_on: date
    consent_id: int | None = None


class RepresentationIn(ActionIn):
    received_on: date
    content: str
    adopted: bool
    response: str


class DayIn(ActionIn):
    on: date


class WaiveHearingIn(DayIn):
    LABELS: ClassVar[dict[str, str]] = {"on": "放弃听证日期"}


class WaiveIn(DayIn):
    LABELS: ClassVar[dict[str, str]] = {"on": "放弃日期"}


class HearingRequestIn(ActionIn):
    requested_on: date


class HearingScheduleIn(ActionIn):
    notice_served_on: date
    hearing_date: date
    host_id: int
    location: str
    is_public: bool = True

    @classmethod
    def form_data(cls, form: QueryDict) -> dict[str, Any]:
        data = super().form_data(form)
        if "is_public" not in form:
            data.pop("is_public", None)  # the page has no such box: the API's default
        return data


class HearingRecordIn(ActionIn):
    held: bool
    record: str


class HostRecusalIn(ActionIn):
    reason: str
