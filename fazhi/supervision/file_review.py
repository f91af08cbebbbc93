"""案卷评查: checklists, the reproducible random draw of closed cases, scoring, grades and results per unit."""

from __future__ import annotations

import math
import random
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q

from fazhi.agencies.models import Agency
from fazhi.agencies.scope import scope_for
from fazhi.cases.models import Case, CaseHandler, CaseState
from fazhi.core import clock
from fazhi.core.audit import audit_record
from fazhi.core.errors import PermissionDenied, RuleViolation, ValidationError
from fazhi.supervision import conf
from fazhi.supervision.models import (
    ChecklistCategory,
    ChecklistItem,
    FileReview,
    FileReviewDraw,
    Grade,
    ReviewChecklist,
)

if TYPE_CHECKING:
    from fazhi.accounts.models import User

REVIEW_ROLES = ("legal_reviewer", "head", "supervisor", "system_admin")
CLOSED_STATES = (CaseState.CLOSED, CaseState.ARCHIVED)

# A default checklist: one line per category, 100 points in all. Each agency may replace it with its own.
DEFAULT_ITEMS: tuple[tuple[str, str, int], ...] = (
    (ChecklistCategory.SUBJECT, "执法主体合法，执法人员持有效执法证，不少于两人", 10),
    (ChecklistCategory.FACTS, "违法事实清楚，当事人认定准确", 15),
    (ChecklistCategory.EVIDENCE, "证据确凿充分，取证程序合法，证据之间相互印证", 15),
    (ChecklistCategory.PROCEDURE, "立案、调查、告知、听证、审核、决定、送达、执行程序合法", 20),
    (ChecklistCategory.LAW, "适用法律、法规、规章正确，引用条款准确", 15),
    (ChecklistCategory.DISCRETION, "裁量适当，符合裁量基准，超出阶次有书面理由", 10),
    (ChecklistCategory.DOCUMENTS, "执法文书齐全、规范，要素完整", 10),
    (ChecklistCategory.ARCHIVING, "案卷装订、归档及时规范", 5),
)


def _ensure_reviewer(actor: User) -> None:
    if not actor.has_role(*REVIEW_ROLES):
        raise PermissionDenied("案卷评查须由法制审核人员、负责人或监督人员办理。")


@transaction.atomic
def checklist_create(
    *, actor: User, name: str, agency: Agency | None = None, items: Iterable[tuple[str, str, int | Decimal]] = ()
) -> ReviewChecklist:
    """A checklist for ``agency`` (none: the default). Without ``items``, the default lines."""
    _ensure_reviewer(actor)
    lines = list(items) or list(DEFAULT_ITEMS)
    if not name.strip():
        raise ValidationError("请填写评查标准名称。")
    for category, text, score in lines:
        if category not in ChecklistCategory.values or not text.strip() or Decimal(score) <= 0:
            raise ValidationError(
                f"评查项目「{text}」无效：类别须为主体、事实、证据、程序、法律适用、裁量、文书、归档之一，分值须大于零。"
            )
    checklist = ReviewChecklist.objects.create(agency=agency, name=name.strip())
    ChecklistItem.objects.bulk_create(
        ChecklistItem(checklist=checklist, category=c, text=t.strip(), max_score=Decimal(s), order=i)
        for i, (c, t, s) in enumerate(lines)
    )
    audit_record(actor=actor, entity=checklist, action="file_review.checklist_create", summary=f"评查标准：{name}")
    return checklist


def checklist_for(*, agency: Agency) -> ReviewChecklist | None:
    """The agency's own checklist, else its nearest ancestor's, else the default one."""
    ancestors = [p for p in agency.path.strip("/").split("/") if p]
    candidates = ReviewChecklist.objects.filter(is_active=True).filter(
        Q(agency__isnull=True) | Q(agency__in=_ids(ancestors))
    )
    by_agency = {c.agency_id: c for c in candidates.order_by("pk")}
    for agency_id in reversed(_ids(ancestors)):
        if agency_id in by_agency:
            return by_agency[agency_id]
    return by_agency.get(None)


def _ids(parts: list[str]) -> list[int]:
    return [int(p) for p in parts if p.isascii() and p.isdigit()]


def draw_pick(candidate_ids: list[int], share: Decimal, seed: str) -> list[int]:
    """The drawn cases: ceil(share × candidates) of them, chosen by ``random.Random(seed)`` — anyone re-running
    this with the recorded candidates and seed gets the same cases."""
    if not candidate_ids:
        return []
    n = min(len(candidate_ids), max(1, math.ceil(Decimal(len(candidate_ids)) * share)))
    return sorted(random.Random(seed).sample(sorted(candidate_ids), n))


SHARE_STEP = Decimal("0.001")  # FileReviewDraw.share keeps three places: the recorded share is the one drawn with


def share_of(value: Decimal | float | int | str) -> Decimal:
    """The share to draw as a Decimal of three places: ``0.1``, ``"0.1"`` and ``Decimal("0.1")`` alike (a float goes
    through its text, so 0.1 is 0.1, not 0.1000000000000000055…). Refused unless 0 < share ≤ 1."""
    message = "抽取比例应大于0且不超过1（如0.1表示10%）。"
    if isinstance(value, bool):
        raise ValidationError(message)
    try:
        share = Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError(message) from exc
    if not share.is_finite() or not (Decimal("0") < share <= Decimal("1")):  # before quantize: 1e999999 overflows
        raise ValidationError(message)
    share = share.quantize(SHARE_STEP, rounding=ROUND_HALF_UP)
    if not (Decimal("0") < share <= Decimal("1")):
        raise ValidationError(message)
    return share


@transaction.atomic
def file_review_draw(
    *,
    actor: User,
    agency: Agency,
    period_start: date,
    period_end: date,
    share: Decimal | float | int | str,
    seed: str = "",
) -> FileReviewDraw:
    _ensure_reviewer(actor)
    if not scope_for(actor).sees(agency):
        raise PermissionDenied(f"您无权评查「{agency.name}」的案卷。")
    share = share_of(share)
    if period_end < period_start:
        raise ValidationError("结案日期区间有误。")
    candidates = sorted(
        Case.objects.filter(
            agency__path__startswith=agency.path, state__in=CLOSED_STATES, closed_on__range=(period_start, period_end)
        ).values_list("pk", flat=True)
    )
    seed = seed.strip() or secrets.token_hex(8)
    draw = FileReviewDraw.objects.create(
        agency=agency,
        period_start=period_start,
        period_end=period_end,
        share=share,
        seed=seed,
        candidate_ids=candidates,
        case_ids=draw_pick(candidates, share, seed),
        drawn_by=actor,
        drawn_at=clock.now(),
    )
    audit_record(
        actor=actor,
        entity=draw,
        action="file_review.draw",
        summary=f"案卷评查抽取：{agency.name}，候选{len(candidates)}件，抽取{len(draw.case_ids)}件，种子{seed}",
        after={"seed": seed, "case_ids": draw.case_ids},
    )
    return draw


def file_review_draw_verify(*, draw: FileReviewDraw) -> bool:
    return draw_pick(list(draw.candidate_ids), draw.share, draw.seed) == list(draw.case_ids)


def grade_for(total: Decimal, max_total: Decimal) -> str:
    percent = total * 100 / max_total if max_total else Decimal("0")
    if percent >= conf.grade_excellent():
        return Grade.EXCELLENT
    if percent >= conf.grade_pass():
        return Grade.PASS
    return Grade.FAIL


@transaction.atomic
def file_review_record(
    *,
    actor: User,
    case: Case,
    scores: Mapping[int | str, Decimal | int | str],
    comments: str = "",
    exemplary: bool = False,
    poor: bool = False,
    draw: FileReviewDraw | None = None,
) -> FileReview:
    """Score a closed case file. The reviewer may not be one of its handlers (办审分离)."""
    _ensure_reviewer(actor)
    if not scope_for(actor).sees(case.agency):
        raise PermissionDenied("您无权评查该案卷。")
    if case.state not in CLOSED_STATES:
        raise RuleViolation("只能评查已结案或已归档的案卷。")
    if actor.officer_id is not None and CaseHandler.objects.filter(case=case, officer_id=actor.officer_id).exists():
        raise RuleViolation("评查人员不得是本案承办人，请由其他人员评查。")
    if exemplary and poor:
        raise ValidationError("示范优案和典型差案只能选其一。")
    checklist = checklist_for(agency=case.agency)
    if checklist is None:
        raise ValidationError("尚未设置案卷评查标准，请先设置。")
    items = list(checklist.items.all())
    given = {str(k): v for k, v in scores.items()}
    clean: dict[str, str] = {}
    for item in items:
        if str(item.pk) not in given:
            raise ValidationError(f"请为「{item.get_category_display()}：{item.text}」打分。")
        try:
            score = Decimal(str(given[str(item.pk)]))
        except InvalidOperation as exc:
            raise ValidationError(f"「{item.text}」的得分不是数字。") from exc
        if not (0 <= score <= item.max_score):
            raise ValidationError(f"「{item.text}」的得分应在0至{item.max_score}分之间。")
        clean[str(item.pk)] = str(score)
    total = sum((Decimal(v) for v in clean.values()), Decimal("0"))
    max_total = sum((i.max_score for i in items), Decimal("0"))
    if FileReview.objects.filter(case=case, reviewer=actor).exists():
        raise RuleViolation("您已评查过该案卷。")
    review = FileReview.objects.create(
        case=case,
        draw=draw,
        checklist=checklist,
        reviewer=actor,
        scores=clean,
        total=total,
        max_total=max_total,
        grade=grade_for(total, max_total),
        exemplary=exemplary,
        poor=poor,
        comments=comments.strip(),
        reviewed_on=clock.today(),
    )
    audit_record(
        actor=actor,
        entity=review,
        action="file_review.record",
        summary=f"案卷评查 {case}：{total}/{max_total}分，{review.get_grade_display()}",
    )
    return review


@dataclass(frozen=True)
class UnitReviewResult:
    agency_id: int
    agency_name: str
    reviewed: int
    average_percent: Decimal | None
    excellent: int
    passed: int
    failed: int
    exemplary: int
    poor: int


def file_review_results(*, agency: Agency, start: date, end: date) -> list[UnitReviewResult]:
    """Results per unit of the reviews made in ``[start, end]`` on the subtree's cases."""
    reviews = FileReview.objects.filter(
        case__agency__path__startswith=agency.path, reviewed_on__range=(start, end)
    ).select_related("case__agency")
    units: dict[int, list[FileReview]] = {}
    for r in reviews:
        units.setdefault(r.case.agency_id, []).append(r)
    out = []
    for agency_id, rows in units.items():
        percents = [r.total * 100 / r.max_total for r in rows if r.max_total]
        out.append(
            UnitReviewResult(
                agency_id=agency_id,
                agency_name=rows[0].case.agency.name,
                reviewed=len(rows),
                average_percent=(sum(percents, Decimal("0")) / len(percents)).quantize(Decimal("0.1"))
                if percents
                else None,
                excellent=sum(r.grade == Grade.EXCELLENT for r in rows),
                passed=sum(r.grade == Grade.PASS for r in rows),
                failed=sum(r.grade == Grade.FAIL for r in rows),
                exemplary=sum(r.exemplary for r in rows),
                poor=sum(r.poor for r in rows),
            )
        )
    return sorted(out, key=lambda u: u.agency_name)
