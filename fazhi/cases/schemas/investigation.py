"""Inputs of the investigation: preservation, seizure, the investigation report, reviews, discussion."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, ClassVar

from django.http import QueryDict

from fazhi.cases.models import DecisionOutcome, Opinion, Seizure

# The Chinese name of each input, for messages; a schema's LABELS override these.
from fazhi.cases.schemas.base import (
    ActionIn,
    FactsText,
    money_input,
)
from fazhi.core.codes import CodeOf

#: The page names the input of each discretion fact ``fact_<code>`` (``fact_area_m2``).
FACT_PREFIX = "fact_"


class ItemsIn(ActionIn):
    items: str


class DispositionIn(ActionIn):
    disposition: str


class SeizureIn(ActionIn):
    measure: Annotated[str, CodeOf(Seizure.Measure)]
    items: str


class SeizureExtendIn(ActionIn):
    LABELS: ClassVar[dict[str, str]] = {"notice_served_on": "书面告知送达日期"}
    reason: str = ""
    notice_served_on: date | None = None


class ConcludeIn(ActionIn):
    LABELS: ClassVar[dict[str, str]] = {"fine": "拟罚款金额", "confiscation": "拟没收金额"}
    facts: FactsText
    evidence_summary: str
    proposed_outcome: Annotated[str, CodeOf(DecisionOutcome)]
    penalty_kinds: list[str] = []
    fine: Annotated[Decimal, money_input("拟罚款金额")] = Decimal("0")
    confiscation: Annotated[Decimal, money_input("拟没收金额")] = Decimal("0")
    discretion_facts: dict[str, Any] = {}

    @classmethod
    def form_data(cls, form: QueryDict) -> dict[str, Any]:
        """The page's discretion facts: one input per fact the item's conditions test, named ``fact_<code>``
        (left empty when not established), plus other facts typed as ``名称=值`` lines (e.g. 面积=50). The result
        is the API's ``discretion_facts`` object, keyed by code or Chinese name, which the engine reads alike."""
        data = super().form_data(form)
        facts: dict[str, Any] = {}
        for line in (form.get("discretion_facts") or "").splitlines():
            if "=" in line:
                key, value = line.split("=", 1)
                facts[key.strip()] = value.strip()
        for name in form:
            if name.startswith(FACT_PREFIX) and (value := form.get(name, "").strip()):
                facts[name.removeprefix(FACT_PREFIX)] = value
        data["discretion_facts"] = facts
        return data


class OpinionIn(ActionIn):
    opinion: Annotated[str, CodeOf(Opinion)]
    text: str


class DiscussionIn(ActionIn):
    participants: str
    record: str
    conclusion: Annotated[str, CodeOf(Opinion)]
    conclusion_text: str
