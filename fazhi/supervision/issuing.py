"""通报 issued as numbered documents: 月度通报, 季度考核通报 (with the ranking of units) and 督查通报.

Issuing freezes the figures of ``bulletins.monthly_bulletin`` / ``quarterly_ranking`` (or the 督查 and its 交办单)
together with the dispositions overdue on the day of issue and the open 交办 past their deadline, as JSON on an
``IssuedBulletin``, renders the .docx once and keeps it in the blob store under its SHA-256.

Numbering: 〔year〕第N期, N gap-free per issuing agency, kind and year of issue. The number is taken with
``cases.services.intake.number_next`` inside the issuing transaction, so a refused or failed issue consumes no
number (the counter's update rolls back with it).

Issuing twice for the same period (or the same 督查) is refused. An issued 通报 is an official document: two
numbers for one month would put two different sets of figures into circulation for the same period, and the
annual report would count the month twice. The live page (``/supervision/bulletin/``) always shows today's
figures; a correction is a new 督查通报 or the next month's bulletin, never a re-issue.
"""

from __future__ import annotations

import dataclasses
import io
from calendar import monthrange
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from docx import Document

from fazhi.agencies.models import Agency
from fazhi.agencies.scope import scope_for
from fazhi.cases.services.intake import number_next
from fazhi.core import clock
from fazhi.core.audit import audit_record
from fazhi.core.errors import NotFoundOrForbidden, PermissionDenied, RuleViolation, ValidationError
from fazhi.core.storage import get_blob_store
from fazhi.supervision import bulletins
from fazhi.supervision.dispositions import dispositions_overdue
from fazhi.supervision.models import AssignmentItem, BulletinKind, IssuedBulletin, UnitInspection
from fazhi.supervision.unit_inspections import assignment_items_overdue

if TYPE_CHECKING:
    from fazhi.accounts.models import User

ISSUE_ROLES = ("head", "legal_reviewer", "supervisor", "system_admin")


def number_label(year: int, number: int) -> str:
    return f"〔{year}〕第{number}期"


def _plain(value: Any) -> Any:
    """A value as JSON keeps it: Decimal and dates as text, dataclasses and mappings recursively."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: _plain(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def complaint_unit_scores_section(*, agency: Agency, start: date, end: date) -> list[Any] | None:
    """HOOK — 群众诉求单位考核 (数字城管: 按期处置率, 结案率, 返工率, 延期率, 满意度, 综合指标值).

    Filled from ``fazhi.complaints.selectors.complaint_unit_scores(agency=, start=, end=)`` when that function
    exists (another part of issue 13 builds it); until then None and the 通报 has no such section. The rows are
    frozen as they come (dataclasses or mappings, made JSON-plain).
    """
    if not apps.is_installed("fazhi.complaints"):
        return None
    from fazhi.complaints import selectors  # noqa: PLC0415 — optional app: imported only when installed

    scores = getattr(selectors, "complaint_unit_scores", None)
    if scores is None:
        return None
    return [_plain(row) for row in scores(agency=agency, start=start, end=end)]


def _overdue_sections(agency: Agency, today: date) -> dict[str, Any]:
    return {
        "overdue_dispositions": [
            {
                "id": d.pk,
                "alert": d.alert.record_label,
                "rule_id": d.alert.rule_id,
                "unit": d.agency.name,
                "deadline": d.deadline.isoformat(),
                "days": (today - d.deadline).days,
                "status": d.get_status_display(),
                "escalated": d.escalated,
            }
            for d in dispositions_overdue(agency=agency, today=today)
        ],
        "overdue_items": [_item(i, today) for i in assignment_items_overdue(agency=agency, today=today)],
    }


def _item(i: AssignmentItem, today: date) -> dict[str, Any]:
    return {
        "id": i.pk,
        "unit": i.inspection.agency.name,
        "inspected_on": i.inspection.inspected_on.isoformat(),
        "number": i.number,
        "text": i.text,
        "deadline": i.deadline.isoformat(),
        "closed_on": i.closed_on.isoformat() if i.closed_on else None,
        "closure_note": i.closure_note,
        "overdue": i.overdue_on(today),
    }


def _figures_content(b: bulletins.Bulletin, today: date) -> dict[str, Any]:
    columns = list(bulletins.COLUMNS)
    if b.kind == "quarterly":
        columns = [("名次", "rank"), *columns, ("综合得分", "score")]
    items = AssignmentItem.objects.filter(
        inspection__agency__path__startswith=b.agency.path, inspection__inspected_on__range=(b.start, b.end)
    ).select_related("inspection__agency")
    return {
        "columns": [label for label, _ in columns],
        "rows": [[bulletins.cell(u, attr) for _, attr in columns] for u in b.units],
        "totals": _plain(dataclasses.asdict(b.totals)),
        "inspections": [
            {
                "unit": v.agency.name,
                "inspected_on": v.inspected_on.isoformat(),
                "inspectors": v.inspectors,
                "findings": v.findings,
                "rectification": v.rectification,
            }
            for v in b.inspections
        ],
        "period_items": [
            _item(i, today) for i in items.order_by("inspection__inspected_on", "inspection_id", "number")
        ],
        # HOOK: the complaints' unit scores table (None until complaints provides it)
        "complaint_unit_scores": complaint_unit_scores_section(agency=b.agency, start=b.start, end=b.end),
    }


def _ensure_issuer(actor: User, agency: Agency) -> None:
    if not actor.has_role(*ISSUE_ROLES):
        raise PermissionDenied("通报须由负责人、法制审核人员或监督人员发布。")
    if not scope_for(actor).sees(agency):
        raise PermissionDenied(f"您无权发布「{agency.name}」的通报。")


def _period(kind: str, year: int, month: int | None, quarter: int | None) -> tuple[date, date]:
    if not 2000 <= year <= 2100:
        raise ValidationError("年度应为2000至2100。")
    if kind == BulletinKind.MONTHLY:
        if month is None or not 1 <= month <= 12:
            raise ValidationError("月份应为1至12。")
        return date(year, month, 1), date(year, month, monthrange(year, month)[1])
    if quarter is None or not 1 <= quarter <= 4:
        raise ValidationError("季度应为1至4。")
    first = 3 * (quarter - 1) + 1
    return date(year, first, 1), date(year, first + 2, monthrange(year, first + 2)[1])


@transaction.atomic
def bulletin_issue(
    *,
    actor: User,
    agency: Agency,
    kind: str,
    year: int | None = None,
    month: int | None = None,
    quarter: int | None = None,
    inspection: UnitInspection | None = None,
) -> IssuedBulletin:
    """Issue a 通报 with the next number. Monthly and quarterly: a period already ended (figures of a running
    month would change after issue); 督查通报: one per 督查, on the 督查's unit's subtree."""
    _ensure_issuer(actor, agency)
    today = clock.today()
    if kind not in BulletinKind.values:
        raise ValidationError("通报类别应为月度通报、季度考核通报或督查通报。")
    if kind == BulletinKind.INSPECTION:
        if inspection is None:
            raise ValidationError("督查通报须选择一次督查。")
        if not inspection.agency.path.startswith(agency.path):
            raise ValidationError(f"该督查不属于「{agency.name}」及其下属单位。")
        if IssuedBulletin.objects.filter(inspection=inspection).exists():
            raise RuleViolation("该次督查的通报已发布，不能重复发布。")
        start = end = inspection.inspected_on
        title = f"关于对{inspection.agency.name}督查情况的通报"
        content: dict[str, Any] = {
            "inspection": {
                "unit": inspection.agency.name,
                "inspected_on": inspection.inspected_on.isoformat(),
                "inspectors": inspection.inspectors,
                "findings": inspection.findings,
                "rectification": inspection.rectification,
                "problems": inspection.problems,
            },
            "items": [_item(i, today) for i in inspection.items.select_related("inspection__agency")],
        }
    else:
        if year is None:
            raise ValidationError("请填写年度。")
        start, end = _period(kind, year, month, quarter)
        if end >= today:
            raise RuleViolation(f"统计期间至{end:%Y年%m月%d日}尚未结束，期满后（次日起）方可发布。")
        if IssuedBulletin.objects.filter(agency=agency, kind=kind, period_start=start, period_end=end).exists():
            raise RuleViolation("该期间的通报已发布，不能重复发布（一期一号；更正请在督查通报或下一期中说明）。")
        if kind == BulletinKind.MONTHLY:
            assert month is not None
            b = bulletins.monthly_bulletin(agency=agency, year=year, month=month)
            title = f"{agency.name}行政执法监督通报（{year}年{month}月）"
        else:
            assert quarter is not None
            b = bulletins.quarterly_ranking(agency=agency, year=year, quarter=quarter)
            title = f"{agency.name}执法单位季度考核通报（{year}年第{quarter}季度）"
        content = _figures_content(b, today)
    content |= _overdue_sections(agency, today)
    issue_year = today.year
    number = number_next(agency=agency, kind=f"sup.bulletin.{kind}", year=issue_year)
    content |= {
        "title": title,
        "number": number_label(issue_year, number),
        "agency": agency.name,
        "kind": str(BulletinKind(kind).label),
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "issued_on": today.isoformat(),
        "issued_by": actor.display_name or actor.username,
    }
    docx = bulletin_docx(content)
    ref = get_blob_store().put(docx)
    try:
        with transaction.atomic():
            issued = IssuedBulletin.objects.create(
                agency=agency,
                kind=kind,
                year=issue_year,
                number=number,
                title=title,
                period_start=start,
                period_end=end,
                inspection=inspection if kind == BulletinKind.INSPECTION else None,
                issued_at=clock.now(),
                issued_by=actor,
                content=content,
                docx_sha256=ref.sha256,
                docx_size=ref.size,
            )
    except IntegrityError as exc:  # a concurrent issue of the same period won
        raise RuleViolation("该期间的通报已发布，不能重复发布。") from exc
    audit_record(
        actor=actor,
        entity=issued,
        action="supervision.bulletin_issue",
        summary=f"发布{title}{issued.number_label}",
        after={"kind": kind, "year": issue_year, "number": number, "docx_sha256": ref.sha256},
    )
    return issued


def _period_text(content: dict[str, Any]) -> str:
    start, end = date.fromisoformat(content["period_start"]), date.fromisoformat(content["period_end"])
    return f"{start:%Y年%m月%d日}" if start == end else f"{start:%Y年%m月%d日}至{end:%Y年%m月%d日}"


def _docx_figures(doc: Any, content: dict[str, Any]) -> None:
    if "inspection" in content:
        v = content["inspection"]
        rectification = f" 整改要求：{v['rectification']}" if v["rectification"] else ""
        doc.add_paragraph(
            f"{date.fromisoformat(v['inspected_on']):%Y年%m月%d日}，{v['inspectors']}对{v['unit']}进行督查，"
            f"发现问题{v['problems']}个：{v['findings']}{rectification}"
        )
    if content.get("rows") is not None:
        doc.add_heading("各单位执法情况" + ("及排名" if "名次" in content["columns"] else ""), level=2)
        table = doc.add_table(rows=1, cols=len(content["columns"]))
        table.style = "Table Grid"
        for i, label in enumerate(content["columns"]):
            table.rows[0].cells[i].text = label
        for row in content["rows"]:
            cells = table.add_row().cells
            for i, value in enumerate(row):
                cells[i].text = value
    for v in content.get("inspections", []):
        doc.add_paragraph(f"{v['inspected_on']} 督查{v['unit']}（{v['inspectors']}）：{v['findings']}")


def _docx_lines(doc: Any, heading: str, lines: list[str], *, empty: str | None = "无。") -> None:
    if not lines and empty is None:
        return
    doc.add_heading(heading, level=2)
    for line in lines or [empty or ""]:
        doc.add_paragraph(line)


def _item_line(i: dict[str, Any]) -> str:
    state = f"已于{i['closed_on']}销号：{i['closure_note']}" if i["closed_on"] else "未销号"
    return f"{i['unit']} 第{i['number']}项：{i['text']}（整改期限{i['deadline']}，{state}）"


def _disposition_line(d: dict[str, Any]) -> str:
    escalated = "，已督办" if d["escalated"] else ""
    return f"{d['unit']}：{d['alert']}，整改期限{d['deadline']}，已逾期{d['days']}日（{d['status']}{escalated}）。"


def _score_line(row: dict[str, Any]) -> str:
    """One unit's line of the 数字城管 unit scores (fazhi.complaints.scores.UnitScore, frozen as a mapping)."""

    def pct(key: str) -> str:
        value = row.get(key)
        return "—" if value is None else f"{value}%"

    return (
        f"第{row.get('rank')}名 {row.get('unit_name')}：交办{row.get('dispatched')}件，"
        f"按期处置率{pct('on_time_rate')}，结案率{pct('closed_rate')}，返工率{pct('rework_rate')}，延期率{pct('extension_rate')}，"
        f"满意率{pct('satisfaction_rate')}，综合指标值{row.get('composite')}"
    )


def bulletin_docx(content: dict[str, Any]) -> bytes:
    """The issued 通报 as a Word document, rendered from its frozen content only."""
    doc = Document()
    doc.add_heading(content["title"], level=1)
    doc.add_paragraph(f"{content['agency']}  {content['number']}")
    doc.add_paragraph(f"统计期间：{_period_text(content)}。")
    _docx_figures(doc, content)
    items = content.get("items", []) + content.get("period_items", [])
    _docx_lines(doc, "督查交办单", [_item_line(i) for i in items], empty=None)
    scores = content.get("complaint_unit_scores") or []
    _docx_lines(doc, "群众诉求办理单位考核", [_score_line(r) for r in scores], empty=None)
    _docx_lines(doc, "逾期未整改的预警交办", [_disposition_line(d) for d in content["overdue_dispositions"]])
    _docx_lines(
        doc,
        "逾期未销号的督查交办事项",
        [f"{i['inspected_on']}督查 {_item_line(i)}" for i in content["overdue_items"]],
    )
    doc.add_paragraph(f"{content['agency']}  {date.fromisoformat(content['issued_on']):%Y年%m月%d日}")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# -- reads --------------------------------------------------------------------------------------------------------


def issued_bulletin_list(*, actor: User, kind: str = "", year: int | None = None) -> QuerySet[IssuedBulletin]:
    qs = scope_for(actor).filter(IssuedBulletin.objects.select_related("agency", "issued_by"))
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-issued_at", "-pk")


def access_issued_bulletin(*, actor: User, bulletin_id: int) -> IssuedBulletin:
    found = issued_bulletin_list(actor=actor).filter(pk=bulletin_id).first()
    if found is None:
        raise NotFoundOrForbidden("通报")
    return found


def issued_bulletin_docx(*, bulletin: IssuedBulletin) -> bytes:
    with get_blob_store().open(bulletin.docx_sha256) as reader:
        return reader.read()
