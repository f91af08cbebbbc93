"""File exports for other platforms (``fazhi exchange export KIND``): the 双公示 行政处罚 catalogue of the credit
platform and case records for a provincial 行政执法监督平台. docs/exchange.md cites where each field comes from.

Personal data: a natural person's name is masked (surname kept), his 证件号码 masked (the first six and last four
digits); phone numbers and addresses never leave; free text has ID and mobile numbers masked. The 双公示 rows come
from the publication's frozen, masked snapshot (``fazhi.publicity.export``), so an export shows nothing the public
page does not.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import IO, Any

from django.db.models import Q, QuerySet
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from fazhi.agencies.models import Agency
from fazhi.cases.models import Case, PartyKind
from fazhi.core import clock
from fazhi.core.cells import safe_row
from fazhi.core.errors import ValidationError
from fazhi.publicity.export import DEFAULT_COLUMNS, export_row
from fazhi.publicity.selectors import publications_for_export
from fazhi.rules.masking import mask_name, mask_resident_id, mask_text

KINDS = ("shuanggongshi-penalty", "supervision-case")
FORMATS = ("json", "xlsx")
MAX_DAYS = 3660  # ten years in one file at most: beyond that, export by year


#: (header, key) of the supervision platform's case record, in order (docs/exchange.md, "supervision-case").
SUPERVISION_COLUMNS: list[tuple[str, str]] = [
    ("案件编号", "case_number"),
    ("案源编号", "lead_number"),
    ("执法主体名称", "legal_subject"),
    ("执法主体统一社会信用代码", "legal_subject_uscc"),
    ("行政区划代码", "region_code"),
    ("承办机构", "agency"),
    ("案件来源", "source"),
    ("执法事项编码", "power_item_code"),
    ("执法事项名称", "power_item_name"),
    ("适用程序", "procedure"),
    ("案件状态", "state"),
    ("当事人类型", "party_kind"),
    ("当事人名称", "party_name"),
    ("当事人证件号码", "party_id_number"),
    ("违法行为发生日期", "act_date"),
    ("违法行为发生地点", "location"),
    ("案件来源登记日期", "discovered_on"),
    ("立案日期", "registered_on"),
    ("承办人执法证号", "handler_certificates"),
    ("是否重大执法决定", "is_major"),
    ("处罚决定书文号", "decision_number"),
    ("处罚决定日期", "decided_on"),
    ("处罚决定结果", "outcome"),
    ("处罚种类", "penalty_kinds"),
    ("罚款金额（元）", "fine"),
    ("没收违法所得、非法财物金额（元）", "confiscation"),
    ("结案日期", "closed_on"),
    ("归档日期", "archived_on"),
]


@dataclass(frozen=True)
class ExportRequest:
    kind: str
    start: date
    end: date
    fmt: str
    agency: Agency | None


def _parse_day(value: str, label: str, errors: list[str]) -> date | None:
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        errors.append(f"{label}「{value}」不是有效日期（应为 YYYY-MM-DD）")
        return None


def export_request(*, kind: str, start: str, end: str, fmt: str, agency_code: str = "") -> ExportRequest:
    """The command's arguments checked, every problem in one Chinese message."""
    errors: list[str] = []
    if kind not in KINDS:
        errors.append(f"导出类型「{kind}」无效，应为 {' 或 '.join(KINDS)}")
    if fmt not in FORMATS:
        errors.append(f"格式「{fmt}」无效，应为 json 或 xlsx")
    first = _parse_day(start, "开始日期", errors)
    last = _parse_day(end, "结束日期", errors)
    if first and last and last < first:
        errors.append("结束日期不能早于开始日期")
    elif first and last and (last - first).days > MAX_DAYS:
        errors.append("一次最多导出十年，请按年分别导出")
    agency = None
    if agency_code:
        agency = Agency.objects.filter(code=agency_code.strip()).first()
        if agency is None:
            errors.append(f"机构代码「{agency_code}」不存在")
    if errors:
        raise ValidationError("；".join(errors) + "。")
    assert first is not None and last is not None
    return ExportRequest(kind=kind, start=first, end=last, fmt=fmt, agency=agency)


def _roots(agency: Agency | None) -> list[Agency]:
    if agency is not None:
        return [agency]
    return list(Agency.objects.filter(parent__isnull=True).order_by("path"))


def shuanggongshi_rows(request: ExportRequest) -> Iterator[dict[str, str]]:
    """The publications due in the period (pending or published), as the credit platform's catalogue rows."""
    for root in _roots(request.agency):
        pubs = publications_for_export(agency=root, include_subordinates=True, start=request.start, end=request.end)
        for publication in pubs.iterator(chunk_size=500):
            yield export_row(publication)


def _cases(request: ExportRequest) -> QuerySet[Case]:
    in_period = Q(discovered_on__range=(request.start, request.end)) | Q(closed_on__range=(request.start, request.end))
    qs = Case.objects.filter(in_period)
    if request.agency is not None:
        qs = qs.filter(agency__path__startswith=request.agency.path)
    return (
        qs.select_related("agency", "legal_subject", "power_item", "party", "decision")
        .prefetch_related("handlers__certificate")
        .order_by("pk")
    )


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def _money(value: Decimal | None) -> str:
    return str(value) if value is not None else ""


def case_record(case: Case) -> dict[str, str]:
    """One case as the supervision platform's record (personal data masked)."""
    party = case.party
    person = party.kind == PartyKind.PERSON
    try:
        decision = case.decision
    except Case.decision.RelatedObjectDoesNotExist:
        decision = None
    certificates = sorted(
        h.certificate.number for h in case.handlers.all() if h.removed_on is None and h.certificate is not None
    )
    return {
        "case_number": case.register_number,
        "lead_number": case.lead_number,
        "legal_subject": case.legal_subject.name,
        "legal_subject_uscc": getattr(case.legal_subject, "uscc", "") or "",
        "region_code": case.legal_subject.region_code,
        "agency": case.agency.name,
        "source": case.get_source_display(),
        "power_item_code": case.power_item.code if case.power_item else "",
        "power_item_name": case.power_item.name if case.power_item else "",
        "procedure": case.get_procedure_display(),
        "state": case.get_state_display(),
        "party_kind": party.get_kind_display(),
        "party_name": mask_name(party.name) if person else party.name,
        "party_id_number": mask_resident_id(party.id_number) if person and party.id_number else party.id_number,
        "act_date": _day(case.act_date),
        "location": mask_text(case.location),
        "discovered_on": _day(case.discovered_on),
        "registered_on": _day(case.registered_on),
        "handler_certificates": "、".join(certificates),
        "is_major": "是" if case.is_major else "否",
        "decision_number": decision.number if decision else "",
        "decided_on": _day(decision.decided_on) if decision else "",
        "outcome": decision.get_outcome_display() if decision else "",
        "penalty_kinds": "、".join(str(k) for k in decision.penalty_kinds) if decision else "",
        "fine": _money(decision.fine) if decision else "",
        "confiscation": _money(decision.confiscation) if decision else "",
        "closed_on": _day(case.closed_on),
        "archived_on": _day(case.archived_on),
    }


def supervision_rows(request: ExportRequest) -> Iterator[dict[str, str]]:
    for case in _cases(request).iterator(chunk_size=500):
        yield case_record(case)


def columns_of(kind: str) -> list[tuple[str, str]]:
    return list(DEFAULT_COLUMNS) if kind == "shuanggongshi-penalty" else SUPERVISION_COLUMNS


def rows_of(request: ExportRequest) -> Iterator[dict[str, str]]:
    return shuanggongshi_rows(request) if request.kind == "shuanggongshi-penalty" else supervision_rows(request)


def write_xlsx(columns: list[tuple[str, str]], rows: Iterable[dict[str, str]], out: IO[bytes]) -> int:
    """Stream the rows into a write-only workbook (a row is written out as it is appended); the row count."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("数据")
    bold = Font(bold=True)
    header = []
    for title, _ in columns:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in rows:
        sheet.append(safe_row([row.get(key, "") for _, key in columns], sheet))  # text cells: IDs stay exact
        count += 1
    workbook.save(out)
    return count


def write_json(
    request: ExportRequest, columns: list[tuple[str, str]], rows: Iterable[dict[str, str]], out: IO[bytes]
) -> int:
    """One JSON document: the request, the fields (key and header) and the records, written record by record."""
    head: dict[str, Any] = {
        "kind": request.kind,
        "from": request.start.isoformat(),
        "to": request.end.isoformat(),
        "agency": request.agency.code if request.agency else None,
        "generated_at": clock.now().isoformat(),
        "fields": [{"key": key, "header": header} for header, key in columns],
    }
    text = json.dumps(head, ensure_ascii=False)
    out.write((text[:-1] + ',"records":[').encode())
    count = 0
    for row in rows:
        out.write(((",\n" if count else "\n") + json.dumps(row, ensure_ascii=False)).encode())
        count += 1
    out.write(("\n]," + f'"count":{count}' + "}\n").encode())
    return count


def export_write(request: ExportRequest, out: IO[bytes]) -> int:
    columns = columns_of(request.kind)
    rows = rows_of(request)
    if request.fmt == "xlsx":
        return write_xlsx(columns, rows, out)
    return write_json(request, columns, rows, out)


def export_bytes(request: ExportRequest) -> bytes:
    buffer = io.BytesIO()
    export_write(request, buffer)
    return buffer.getvalue()
