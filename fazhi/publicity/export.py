"""Export of publications for the credit platform (双公示 行政处罚 data), as XLSX or CSV.

The default layout is the common 行政处罚 template (docs/publicity.md, "Export layout"). Provinces differ in
headers and order: ``FAZHI_PUBLICITY_EXPORT_COLUMNS`` (``[[header, field], ...]``) replaces the layout, where
each field is a key of :func:`export_row`. Every value comes from the frozen, masked snapshot or from the
publication's dates: no personal data beyond what the public page shows ever leaves through an export.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from fazhi.agencies.scope import scope_for
from fazhi.agencies.selectors import access_agency
from fazhi.core.cells import safe_row
from fazhi.core.errors import NotFoundOrForbidden, ValidationError
from fazhi.publicity.models import Publication
from fazhi.publicity.selectors import publications_for_export

if TYPE_CHECKING:
    from fazhi.accounts.models import User
    from fazhi.agencies.models import Agency

__all__ = ["DEFAULT_COLUMNS", "EXPORT_FIELDS", "export_columns", "export_row", "publications_export"]

#: (header, field) of the default layout, in order.
DEFAULT_COLUMNS: list[tuple[str, str]] = [
    ("行政相对人名称", "party_name"),
    ("行政相对人类别", "party_category"),
    ("统一社会信用代码", "uscc"),
    ("法定代表人", "legal_representative"),
    ("证件类型", "id_type"),
    ("证件号码", "id_number"),
    ("行政处罚决定书文号", "decision_number"),
    ("违法行为类型", "violation_type"),
    ("违法事实", "facts"),
    ("处罚依据", "penalty_basis"),
    ("处罚类别", "penalty_kinds"),
    ("处罚内容", "penalty_content"),
    ("罚款金额（万元）", "fine_10k"),
    ("没收违法所得金额（万元）", "confiscated_gains_10k"),
    ("处罚决定日期", "decided_on"),
    ("处罚有效期", "penalty_valid_until"),
    ("公示截止期", "publish_until"),
    ("处罚机关", "agency"),
    ("处罚机关统一社会信用代码", "agency_uscc"),
    ("数据来源单位", "source_agency"),
    ("备注", "remark"),
]

_TEN_THOUSAND = Decimal("10000")
_SIX_PLACES = Decimal("0.000001")


def _ten_thousand_yuan(value: str) -> str:
    """元 → 万元 with six decimals (to the cent), as the templates ask."""
    return str((Decimal(value or "0") / _TEN_THOUSAND).quantize(_SIX_PLACES))


def _day(value: date | None) -> str:
    return value.isoformat() if value is not None else ""


def export_row(publication: Publication) -> dict[str, str]:
    """Every exportable field of one publication, as text."""
    s = publication.snapshot
    remark = []
    if publication.published_on is None:
        remark.append("待公示")
    elif publication.is_published_late:
        remark.append(f"逾期公示（应于{publication.due_on.isoformat()}前）")
    return {
        "party_name": s.get("party_name", ""),
        "party_category": s.get("party_category", ""),
        "uscc": s.get("uscc", ""),
        "legal_representative": s.get("legal_representative", ""),
        "id_type": s.get("id_type", ""),
        "id_number": s.get("id_number", ""),
        "decision_number": s.get("decision_number", ""),
        "violation_type": s.get("violation_type", ""),
        "facts": s.get("facts", ""),
        "violation_basis": s.get("violation_basis", ""),
        "penalty_basis": s.get("penalty_basis", ""),
        "penalty_kinds": "、".join(s.get("penalty_kinds", [])),
        "penalty_content": s.get("penalty_content", ""),
        "fine": s.get("fine", "0.00"),
        "fine_10k": _ten_thousand_yuan(s.get("fine", "0")),
        "confiscated_gains": s.get("confiscated_gains", "0.00"),
        "confiscated_gains_10k": _ten_thousand_yuan(s.get("confiscated_gains", "0")),
        "decided_on": s.get("decided_on", ""),
        "penalty_valid_until": str(getattr(settings, "FAZHI_PUBLICITY_PENALTY_VALID_UNTIL", "2099-12-31")),
        "published_on": _day(publication.published_on),
        "publish_until": _day(publication.publish_until),
        "due_on": _day(publication.due_on),
        "agency": s.get("agency", ""),
        "agency_uscc": s.get("agency_uscc", ""),
        "source_agency": s.get("agency", ""),
        "remark": "；".join(remark),
    }


def export_columns() -> list[tuple[str, str]]:
    configured = getattr(settings, "FAZHI_PUBLICITY_EXPORT_COLUMNS", None)
    if not configured:
        return DEFAULT_COLUMNS
    columns = [(str(header), str(field)) for header, field in configured]
    unknown = [field for _, field in columns if field not in EXPORT_FIELDS]
    if unknown:
        raise ImproperlyConfigured(f"FAZHI_PUBLICITY_EXPORT_COLUMNS 含未知字段：{'、'.join(unknown)}")
    return columns


#: Every field a configured layout may use (the keys of :func:`export_row`).
EXPORT_FIELDS = frozenset(
    {
        "party_name",
        "party_category",
        "uscc",
        "legal_representative",
        "id_type",
        "id_number",
        "decision_number",
        "violation_type",
        "facts",
        "violation_basis",
        "penalty_basis",
        "penalty_kinds",
        "penalty_content",
        "fine",
        "fine_10k",
        "confiscated_gains",
        "confiscated_gains_10k",
        "decided_on",
        "penalty_valid_until",
        "published_on",
        "publish_until",
        "due_on",
        "agency",
        "agency_uscc",
        "source_agency",
        "remark",
    }
)


def _xlsx(columns: list[tuple[str, str]], rows: list[dict[str, str]]) -> bytes:
    workbook = Workbook(write_only=True)  # a year of publications: each row is written out as it is appended
    sheet = workbook.create_sheet("行政处罚")
    bold = Font(bold=True)
    header = []
    for title, _ in columns:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        # Text cells throughout: ID-like numbers and dates must reach the platform exactly as written.
        sheet.append(safe_row([row[field] for _, field in columns], sheet))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _csv(columns: list[tuple[str, str]], rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(safe_row([header for header, _ in columns]))
    for row in rows:
        writer.writerow(safe_row([row[field] for _, field in columns]))
    return buffer.getvalue().encode("utf-8-sig")  # with BOM, so that Excel reads UTF-8


def publications_export(
    *, actor: User, agency: Agency, start: date, end: date, fmt: str = "xlsx", include_subordinates: bool = True
) -> bytes:
    """The publications of ``agency`` due in [start, end], in the documented layout, as XLSX or CSV (UTF-8, BOM)."""
    if not scope_for(actor).sees(agency):
        raise NotFoundOrForbidden("机构")
    if fmt not in ("xlsx", "csv"):
        raise ValidationError("导出格式应为 xlsx 或 csv。")
    if end < start:
        raise ValidationError("结束日期不能早于开始日期。")
    columns = export_columns()
    pubs = publications_for_export(agency=agency, include_subordinates=include_subordinates, start=start, end=end)
    rows = [export_row(p) for p in pubs]
    return _xlsx(columns, rows) if fmt == "xlsx" else _csv(columns, rows)


def publications_export_file(*, actor: User, agency_id: int, start: str, end: str, fmt: str) -> bytes:
    """``publications_export`` with JSON parameters: what the staff page's export task builds (fazhi.core.exports)."""
    agency = access_agency(actor=actor, agency_id=agency_id)
    return publications_export(
        actor=actor, agency=agency, start=date.fromisoformat(start), end=date.fromisoformat(end), fmt=fmt
    )
