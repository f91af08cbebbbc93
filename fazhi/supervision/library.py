"""The published library of 示范优案 and 典型差案 (案卷评查 results flagged by the reviewer), masked, for training.

Every logged-in user sees the whole library, whatever his unit: a training library is meant to be read across
units, and it carries nothing personal — the party's name is masked (a person's given name; an organisation's name
is public), the ID number, phone and address are never shown, and the location, facts and reviewer's comments go
through ``fazhi.rules.masking`` (an address's detail, ID numbers and mobile numbers written in the text).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from fazhi.agencies.scope import scope_for
from fazhi.core.errors import NotFoundOrForbidden
from fazhi.rules.masking import mask_address, mask_text
from fazhi.supervision.models import FileReview, FileReviewDraw

if TYPE_CHECKING:
    from fazhi.accounts.models import User

KINDS = {"exemplary": "示范优案", "poor": "典型差案"}


@dataclass(frozen=True)
class LibraryEntry:
    review_id: int
    kind: str  # exemplary / poor
    kind_label: str
    case_number: str
    agency: str
    power_item: str
    party: str
    location: str
    facts: str
    closed_on: date | None
    total: Decimal
    max_total: Decimal
    grade: str
    comments: str
    reviewed_on: date

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def case_library(*, actor: User, kind: str = "") -> list[LibraryEntry]:
    """The flagged reviews, newest first (``kind``: exemplary or poor; anything else: both)."""
    if not actor.is_authenticated:
        return []
    qs = FileReview.objects.filter(Q(exemplary=True) | Q(poor=True))
    if kind == "exemplary":
        qs = qs.filter(exemplary=True)
    elif kind == "poor":
        qs = qs.filter(poor=True)
    qs = qs.select_related("case__agency", "case__party", "case__power_item").order_by("-reviewed_on", "-pk")
    out = []
    for r in qs[:500]:
        case = r.case
        k = "exemplary" if r.exemplary else "poor"
        out.append(
            LibraryEntry(
                review_id=r.pk,
                kind=k,
                kind_label=KINDS[k],
                case_number=case.register_number or case.lead_number,
                agency=case.agency.name,
                power_item=str(case.power_item.name) if case.power_item_id else "",
                party=case.party.public_name,
                location=mask_address(case.location) if case.location else "",
                facts=mask_text(case.facts),
                closed_on=case.closed_on,
                total=r.total,
                max_total=r.max_total,
                grade=r.get_grade_display(),
                comments=mask_text(r.comments),
                reviewed_on=r.reviewed_on,
            )
        )
    return out


def access_draw(*, actor: User, draw_id: int) -> FileReviewDraw:
    draw = FileReviewDraw.objects.select_related("agency", "drawn_by").filter(pk=draw_id).first()
    if draw is None or not scope_for(actor).sees(draw.agency):
        raise NotFoundOrForbidden("评查抽取")
    return draw
