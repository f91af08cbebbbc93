"""The statistics workbook (.xlsx) and the annual report (.docx) built by the worker (``fazhi.core.exports``).

The page checks the request, records an ``Export`` and sends the user to its page, which polls and then offers the
file. The builder reads the same parameters again as the user who asked (their scope may have changed since).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fazhi.core.exports import Progress, export_start
from fazhi.reports import selectors
from fazhi.reports.annual import annual_report, render_docx, render_pdf
from fazhi.reports.excel import dashboard_workbook
from fazhi.reports.filters import LABELS, filter_from_params

if TYPE_CHECKING:
    from fazhi.accounts.models import User
    from fazhi.agencies.models import Agency
    from fazhi.core.models import Export
    from fazhi.reports.facts import CaseFilter

__all__ = [
    "DOCX",
    "PDF",
    "XLSX",
    "annual_docx_export_start",
    "annual_docx_file",
    "annual_pdf_export_start",
    "annual_pdf_file",
    "dashboard_export_start",
    "dashboard_xlsx_file",
]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


def dashboard_export_start(*, actor: User, flt: CaseFilter, raw: dict[str, str]) -> Export:
    return export_start(
        actor=actor,
        builder="fazhi.reports.exports.dashboard_xlsx_file",
        params={"params": raw},
        filename=f"执法统计_{flt.agency.code}_{flt.start:%Y%m%d}-{flt.end:%Y%m%d}.xlsx",
        content_type=XLSX,
    )


def dashboard_xlsx_file(*, actor: User, params: dict[str, str], progress: Progress | None = None) -> bytes:
    flt, _ = filter_from_params(actor=actor, params=params)
    return dashboard_workbook(flt, selectors.dashboard(flt), LABELS, progress=progress)


def annual_docx_export_start(*, actor: User, agency: Agency, year: int, include_subordinates: bool) -> Export:
    return export_start(
        actor=actor,
        builder="fazhi.reports.exports.annual_docx_file",
        params={"agency_id": agency.pk, "year": year, "include_subordinates": include_subordinates},
        filename=f"{agency.code}_{year}_法治政府建设年度报告.docx",
        content_type=DOCX,
    )


def annual_docx_file(
    *, actor: User, agency_id: int, year: int, include_subordinates: bool, progress: Progress | None = None
) -> bytes:
    """Two steps: the figures, then the document."""
    agency = selectors.access_report_agency(actor=actor, agency_id=agency_id)
    if progress is not None:
        progress(0, 2)
    report = annual_report(agency=agency, year=year, include_subordinates=include_subordinates)
    if progress is not None:
        progress(1, 2)
    content = render_docx(report)
    if progress is not None:
        progress(2, 2)
    return content


def annual_pdf_export_start(*, actor: User, agency: Agency, year: int, include_subordinates: bool) -> Export:
    return export_start(
        actor=actor,
        builder="fazhi.reports.exports.annual_pdf_file",
        params={"agency_id": agency.pk, "year": year, "include_subordinates": include_subordinates},
        filename=f"{agency.code}_{year}_法治政府建设年度报告.pdf",
        content_type=PDF,
    )


def annual_pdf_file(
    *, actor: User, agency_id: int, year: int, include_subordinates: bool, progress: Progress | None = None
) -> bytes:
    """Two steps, as the .docx: the figures, then the PDF (refused in Chinese without a CJK font)."""
    agency = selectors.access_report_agency(actor=actor, agency_id=agency_id)
    if progress is not None:
        progress(0, 2)
    report = annual_report(agency=agency, year=year, include_subordinates=include_subordinates)
    if progress is not None:
        progress(1, 2)
    content = render_pdf(report)
    if progress is not None:
        progress(2, 2)
    return content
