"""督查 records and 通报: the monthly bulletin and the quarterly ranking of units, as figures, a page and a .docx.

Figures per unit (the case's 承办机构) over a period: on-time rates of decision (第六十条), service (第六十一条)
and publication (第四十八条), alerts raised and still open, the average file-review score and 督查 findings.
The ranking score is the mean of the available rates and the review average, less 2 points per serious alert
raised in the period (at most 20): simple enough to explain in one sentence of the bulletin.
"""

from __future__ import annotations

import io
from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.apps import apps
from docx import Document

from fazhi import rules
from fazhi.agencies.models import Agency, AgencyKind
from fazhi.cases.models import Case, Decision, DecisionOutcome, Procedure, Service
from fazhi.core import clock
from fazhi.core.errors import ValidationError
from fazhi.supervision.file_review import file_review_results
from fazhi.supervision.models import Alert, Severity, UnitInspection
from fazhi.supervision.unit_inspections import (  # re-exported: it lived here first
    unit_inspection_record as unit_inspection_record,  # noqa: PLC0414 — explicit re-export for the demo
)

SERIOUS_ALERT_PENALTY = Decimal("2")
SERIOUS_ALERT_PENALTY_CAP = Decimal("20")


def _rate(part: int, whole: int) -> Decimal | None:
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1")) if whole else None


@dataclass
class UnitFigures:
    agency_id: int
    agency_name: str
    registered: int = 0
    decided: int = 0
    decided_on_time: int = 0
    served: int = 0
    served_on_time: int = 0
    publications_due: int = 0
    published_on_time: int = 0
    alerts_raised: int = 0
    serious_raised: int = 0
    alerts_open: int = 0
    reviewed: int = 0
    review_average: Decimal | None = None
    inspections: int = 0
    problems: int = 0
    rank: int = 0

    @property
    def decision_rate(self) -> Decimal | None:
        return _rate(self.decided_on_time, self.decided)

    @property
    def service_rate(self) -> Decimal | None:
        return _rate(self.served_on_time, self.served)

    @property
    def publication_rate(self) -> Decimal | None:
        return _rate(self.published_on_time, self.publications_due)

    @property
    def score(self) -> Decimal | None:
        parts = [
            p
            for p in (self.decision_rate, self.service_rate, self.publication_rate, self.review_average)
            if p is not None
        ]
        if not parts:
            return None
        penalty = min(SERIOUS_ALERT_PENALTY_CAP, SERIOUS_ALERT_PENALTY * self.serious_raised)
        return (sum(parts, Decimal("0")) / len(parts) - penalty).quantize(Decimal("0.1"))


@dataclass
class Bulletin:
    kind: str  # monthly / quarterly
    title: str
    agency: Agency
    start: date
    end: date
    generated_on: date
    units: list[UnitFigures] = field(default_factory=list)
    inspections: list[UnitInspection] = field(default_factory=list)

    @property
    def totals(self) -> UnitFigures:
        t = UnitFigures(agency_id=self.agency.pk, agency_name="合计")
        for u in self.units:
            for name in (
                "registered", "decided", "decided_on_time", "served", "served_on_time", "publications_due",
                "published_on_time", "alerts_raised", "serious_raised", "alerts_open", "reviewed", "inspections",
                "problems",
            ):  # fmt: skip
                setattr(t, name, getattr(t, name) + getattr(u, name))
        return t


def unit_figures(*, agency: Agency, start: date, end: date) -> list[UnitFigures]:
    """Figures of every unit of ``agency``'s subtree that had any activity in ``[start, end]``."""
    units = {
        a.pk: UnitFigures(a.pk, a.name)
        for a in Agency.objects.filter(path__startswith=agency.path).exclude(kind=AgencyKind.JUSTICE_BUREAU)
    }
    cases = Case.objects.filter(agency__path__startswith=agency.path)
    for agency_id in cases.filter(registered_on__range=(start, end)).values_list("agency_id", flat=True):
        units[agency_id].registered += 1
    decisions = Decision.objects.filter(
        case__agency__path__startswith=agency.path,
        case__procedure=Procedure.GENERAL,
        decided_on__range=(start, end),
    ).exclude(outcome__in=[DecisionOutcome.WITHDRAWN, DecisionOutcome.TRANSFERRED])
    decided = {d.case_id: d for d in decisions.select_related("case")}
    for d in decided.values():
        u = units[d.case.agency_id]
        u.decided += 1
        u.decided_on_time += not d.decided_late
    services = Service.objects.filter(case_id__in=list(decided), document=Service.Document.DECISION).order_by(
        "case_id", "served_on"
    )
    first_service: dict[int, date] = {}
    for s in services:
        first_service.setdefault(s.case_id, s.served_on)
    for case_id, served_on in first_service.items():
        d = decided[case_id]
        u = units[d.case.agency_id]
        u.served += 1
        with rules.provisional_calendar():
            u.served_on_time += served_on <= rules.service_deadline(d.decided_on)

    if apps.is_installed("fazhi.publicity"):
        from fazhi.publicity.models import Publication  # noqa: PLC0415 — optional app: imported only when installed

        for p in Publication.objects.filter(
            decision__case__agency__path__startswith=agency.path, due_on__range=(start, end)
        ).select_related("decision__case"):
            assert p.decision is not None
            u = units[p.decision.case.agency_id]
            u.publications_due += 1
            u.published_on_time += p.published_on is not None and p.published_on <= p.due_on
    alerts = Alert.objects.filter(agency__path__startswith=agency.path)
    for agency_id, severity in alerts.filter(first_raised_at__date__range=(start, end)).values_list(
        "agency_id", "severity"
    ):
        units[agency_id].alerts_raised += 1
        units[agency_id].serious_raised += severity == Severity.SERIOUS
    for agency_id in alerts.filter(resolved_at__isnull=True).values_list("agency_id", flat=True):
        units[agency_id].alerts_open += 1
    for r in file_review_results(agency=agency, start=start, end=end):
        units[r.agency_id].reviewed, units[r.agency_id].review_average = r.reviewed, r.average_percent
    for i in UnitInspection.objects.filter(agency__path__startswith=agency.path, inspected_on__range=(start, end)):
        units[i.agency_id].inspections += 1
        units[i.agency_id].problems += i.problems
    active = [
        u
        for u in units.values()
        if u.registered
        or u.decided
        or u.publications_due
        or u.alerts_raised
        or u.alerts_open
        or u.reviewed
        or u.inspections
    ]
    return sorted(active, key=lambda u: u.agency_name)


def monthly_bulletin(*, agency: Agency, year: int, month: int) -> Bulletin:
    if not 1 <= month <= 12:
        raise ValidationError("月份应为1至12。")
    start, end = date(year, month, 1), date(year, month, monthrange(year, month)[1])
    return Bulletin(
        kind="monthly",
        title=f"{agency.name}行政执法监督通报（{year}年{month}月）",
        agency=agency,
        start=start,
        end=end,
        generated_on=clock.today(),
        units=unit_figures(agency=agency, start=start, end=end),
        inspections=list(
            UnitInspection.objects.filter(agency__path__startswith=agency.path, inspected_on__range=(start, end))
            .select_related("agency")
            .order_by("inspected_on", "pk")
        ),
    )


def quarterly_ranking(*, agency: Agency, year: int, quarter: int) -> Bulletin:
    if not 1 <= quarter <= 4:
        raise ValidationError("季度应为1至4。")
    first = 3 * (quarter - 1) + 1
    start, end = date(year, first, 1), date(year, first + 2, monthrange(year, first + 2)[1])
    units = unit_figures(agency=agency, start=start, end=end)
    ranked = sorted(units, key=lambda u: (u.score is None, -(u.score or Decimal("0")), u.agency_name))
    for i, u in enumerate(ranked, 1):
        u.rank = i
    return Bulletin(
        kind="quarterly",
        title=f"{agency.name}执法单位季度排名（{year}年第{quarter}季度）",
        agency=agency,
        start=start,
        end=end,
        generated_on=clock.today(),
        units=ranked,
    )


def _pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{value}%"


COLUMNS: tuple[tuple[str, str], ...] = (
    ("单位", "agency_name"),
    ("立案", "registered"),
    ("按期决定率", "decision_rate"),
    ("按期送达率", "service_rate"),
    ("按时公示率", "publication_rate"),
    ("新增预警", "alerts_raised"),
    ("未消除预警", "alerts_open"),
    ("评查均分", "review_average"),
    ("督查问题", "problems"),
)


def cell(unit: UnitFigures, attr: str) -> str:
    value = getattr(unit, attr)
    if attr.endswith("_rate") or attr in {"review_average", "score"}:
        return _pct(value) if attr != "score" else ("—" if value is None else str(value))
    return str(value)


def bulletin_docx(bulletin: Bulletin) -> bytes:
    """The bulletin as a Word document (python-docx)."""

    doc = Document()
    doc.add_heading(bulletin.title, level=1)
    t = bulletin.totals
    doc.add_paragraph(
        f"统计期间：{bulletin.start:%Y年%m月%d日}至{bulletin.end:%Y年%m月%d日}。期间全局立案{t.registered}件，"
        f"作出决定{t.decided}件，按期决定率{_pct(t.decision_rate)}，按期送达率{_pct(t.service_rate)}，"
        f"按时公示率{_pct(t.publication_rate)}；新增执法监督预警{t.alerts_raised}条（其中严重{t.serious_raised}条），"
        f"目前未消除预警{t.alerts_open}条；评查案卷{t.reviewed}件；督查{t.inspections}次，发现问题{t.problems}个。"
    )
    columns = list(COLUMNS)
    if bulletin.kind == "quarterly":
        columns = [("名次", "rank"), *columns, ("综合得分", "score")]
        doc.add_paragraph(
            "综合得分为按期决定率、按期送达率、按时公示率和案卷评查均分的平均值，每条新增严重预警扣2分（最多扣20分）。"
        )
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    for i, (label, _) in enumerate(columns):
        table.rows[0].cells[i].text = label
    for unit in bulletin.units:
        row = table.add_row().cells
        for i, (_, attr) in enumerate(columns):
            row[i].text = cell(unit, attr)
    if bulletin.inspections:
        doc.add_heading("督查情况", level=2)
        for visit in bulletin.inspections:
            doc.add_paragraph(
                f"{visit.inspected_on:%Y年%m月%d日}督查{visit.agency.name}（{visit.inspectors}）：{visit.findings}"
                + (f" 整改要求：{visit.rectification}" if visit.rectification else "")
            )
    doc.add_paragraph(f"生成日期：{bulletin.generated_on:%Y年%m月%d日}")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
