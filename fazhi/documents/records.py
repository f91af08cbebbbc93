"""The records a 文书 is built from: the case's latest report, notice, hearing, decision … read once.

Plain typed containers. ``fazhi.documents.selectors.gather`` fills them from the database, ``sample_data`` from plain
objects with the same attributes; ``prerequisites`` and ``context`` read them and never query.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any


@dataclass
class Handler:
    name: str
    certificate_number: str
    is_lead: bool
    unit: str


@dataclass
class Records:
    """Everything a document may print, read once. Attributes are model instances or plain objects alike."""

    case: Any
    agency: Any  # the legal subject (执法主体)
    unit: Any  # the handling unit (承办机构)
    party: Any
    item: Any
    rule_set_version: str
    handlers: list[Handler]
    registered_by: str = ""
    report: Any = None
    legal_review: Any = None
    legal_reviewer: str = ""
    discussion: Any = None
    discussion_chair: str = ""
    notice: Any = None
    representations: list[Any] = field(default_factory=list)
    hearing: Any = None
    hearing_host: str = ""
    decision: Any = None
    decided_by: str = ""
    decision_service: Any = None
    payment_due: date | None = None
    payments: list[Any] = field(default_factory=list)
    late_fee: Decimal = Decimal("0.00")
    reminder: Any = None
    reminder_service: Any = None
    enforcement: Any = None
    transfer: Any = None
    transfer_approved_by: str = ""
    preservation: Any = None
    preservation_approved_by: str = ""
    contents: list[tuple[str, str, date | None]] = field(default_factory=list)
