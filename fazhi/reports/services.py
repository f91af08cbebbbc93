"""Writes of the reports app: only the bureau's own narrative text of its annual report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from fazhi.agencies.scope import scope_for
from fazhi.core.audit import audit_record, snapshot
from fazhi.reports.models import NARRATIVE_PARTS, AnnualReportText

if TYPE_CHECKING:
    from fazhi.accounts.models import User
    from fazhi.agencies.models import Agency

__all__ = ["annual_report_text_save"]

_CODES = {code for code, _ in NARRATIVE_PARTS}


@transaction.atomic
def annual_report_text_save(
    *, actor: User, agency: Agency, year: int, title: str, parts: dict[str, str]
) -> AnnualReportText:
    scope_for(actor).ensure_can_write(agency)
    text, _ = AnnualReportText.objects.select_for_update(of=("self",)).get_or_create(agency=agency, year=year)
    before = snapshot(text, ["title", "parts"])
    text.title = title.strip()[:200]
    text.parts = {code: str(value).strip() for code, value in parts.items() if code in _CODES}
    text.updated_by = actor
    text.save()
    audit_record(
        actor=actor,
        entity=text,
        action="reports.annual_text_save",
        summary=f"{agency.name}{year}年度报告文字",
        before=before,
        after=snapshot(text, ["title", "parts"]),
    )
    return text
