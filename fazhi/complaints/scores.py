"""Unit scores (单位考核) as the 数字城管 bulletins publish them: per handling unit, per period, and the ranking.

For the complaints of the receiving body's subtree **dispatched** (派遣, ``dispatched_at`` in Asia/Shanghai days)
to a unit in ``[start, end]``:

* 派遣数 ``dispatched``: the complaints dispatched to the unit (after a 退回, the unit it was dispatched to last);
* 按期处置率 = 按期处置数 / 派遣数, where 按期处置 is a first 处置 no later than the 处置时限 in force (the category's
  limit, moved by an approved 延期), judged to the minute (``fazhi.rules.late_after``);
* 结案率 = 结案数 / 派遣数 (结案: closed, whenever);
* 返工率 = 返工数 / 派遣数 (返工数: complaints sent back at least once after 核查);
* 延期率 = 延期数 / 派遣数 (延期数: complaints with at least one approved 延期);
* 满意率 = (满意 + 基本满意) / 已评价数 (已评价: 满意, 基本满意 or 不满意); none rated → no satisfaction rate;
* 综合指标值 = 100 × Σ wᵢ·rᵢ / Σ wᵢ over 按期处置率, 结案率, (1 − 返工率), (1 − 延期率), 满意率, with the weights of
  ``FAZHI_COMPLAINT_SCORE_WEIGHTS`` (default 40, 30, 10, 10, 10); a unit with no 满意率 is scored over the other
  four (their weights only), so that not being rated neither helps nor harms it.

Rates are percentages rounded half up to 2 decimals for display; the 综合指标值 is computed from the exact
fractions, then rounded the same way. Ranking: by 综合指标值, highest first; equal values share a rank (1, 1, 3);
within a rank, by the unit's code.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.conf import settings
from django.utils import timezone

from fazhi.agencies.models import Agency
from fazhi.complaints.models import Complaint, Satisfaction
from fazhi.rules import late_after

__all__ = ["DEFAULT_SCORE_WEIGHTS", "UnitScore", "complaint_unit_scores", "score_weights"]

#: The bureau's weights of the 综合指标值 (a setting; 数字城管 bulletins weigh them by local rule).
DEFAULT_SCORE_WEIGHTS = {"on_time": 40, "closed": 30, "rework": 10, "extension": 10, "satisfaction": 10}
_CENT = Decimal("0.01")


def score_weights() -> dict[str, int]:
    weights = dict(DEFAULT_SCORE_WEIGHTS)
    weights.update(getattr(settings, "FAZHI_COMPLAINT_SCORE_WEIGHTS", {}) or {})
    return weights


def _percent(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) * 100 / Decimal(value.denominator)).quantize(_CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class UnitScore:
    rank: int
    unit_id: int
    unit_name: str
    unit_code: str
    dispatched: int
    on_time: int
    closed: int
    reworked: int
    extended: int
    satisfied: int
    rated: int
    on_time_rate: Decimal
    closed_rate: Decimal
    rework_rate: Decimal
    extension_rate: Decimal
    satisfaction_rate: Decimal | None
    composite: Decimal


@dataclass
class _Tally:
    dispatched: int = 0
    on_time: int = 0
    closed: int = 0
    reworked: int = 0
    extended: int = 0
    satisfied: int = 0
    rated: int = 0


def complaint_unit_scores(*, agency: Agency, start: date, end: date) -> list[UnitScore]:
    """The units' scores for complaints of ``agency``'s subtree dispatched in ``[start, end]``, sorted by rank."""
    qs = Complaint.objects.filter(
        agency__path__startswith=agency.path,
        assigned_to__isnull=False,
        dispatched_at__gte=timezone.make_aware(datetime.combine(start, time.min)),
        dispatched_at__lte=timezone.make_aware(datetime.combine(end, time.max)),
    ).values_list(
        "assigned_to_id", "first_handled_at", "due_at", "closed_at", "rework_count", "extension_count", "satisfaction"
    )
    tallies: dict[int, _Tally] = defaultdict(_Tally)
    for unit_id, first_handled, due, closed_at, reworks, extensions, satisfaction in qs:
        t = tallies[unit_id]
        t.dispatched += 1
        t.on_time += first_handled is not None and due is not None and not late_after(due, first_handled)
        t.closed += closed_at is not None
        t.reworked += reworks > 0
        t.extended += extensions > 0
        t.rated += satisfaction in (Satisfaction.SATISFIED, Satisfaction.BASICALLY, Satisfaction.UNSATISFIED)
        t.satisfied += satisfaction in (Satisfaction.SATISFIED, Satisfaction.BASICALLY)
    units = {a.pk: a for a in Agency.objects.filter(pk__in=tallies).only("pk", "name", "code")}
    w = score_weights()
    rows = []
    for unit_id, t in tallies.items():
        n = t.dispatched
        terms = [
            (w["on_time"], Fraction(t.on_time, n)),
            (w["closed"], Fraction(t.closed, n)),
            (w["rework"], 1 - Fraction(t.reworked, n)),
            (w["extension"], 1 - Fraction(t.extended, n)),
        ]
        satisfaction_rate = Fraction(t.satisfied, t.rated) if t.rated else None
        if satisfaction_rate is not None:
            terms.append((w["satisfaction"], satisfaction_rate))
        total_weight = sum(weight for weight, _ in terms)
        composite = (
            sum((weight * rate for weight, rate in terms), Fraction(0)) / total_weight if total_weight else Fraction(0)
        )
        rows.append((composite, units[unit_id], t, satisfaction_rate))
    rows.sort(key=lambda r: (-r[0], r[1].code, r[1].pk))
    scores: list[UnitScore] = []
    previous: Fraction | None = None
    rank = 0
    for position, (composite, unit, t, satisfaction_rate) in enumerate(rows, start=1):
        if composite != previous:
            rank, previous = position, composite
        n = t.dispatched
        scores.append(
            UnitScore(
                rank=rank,
                unit_id=unit.pk,
                unit_name=unit.name,
                unit_code=unit.code,
                dispatched=n,
                on_time=t.on_time,
                closed=t.closed,
                reworked=t.reworked,
                extended=t.extended,
                satisfied=t.satisfied,
                rated=t.rated,
                on_time_rate=_percent(Fraction(t.on_time, n)),
                closed_rate=_percent(Fraction(t.closed, n)),
                rework_rate=_percent(Fraction(t.reworked, n)),
                extension_rate=_percent(Fraction(t.extended, n)),
                satisfaction_rate=None if satisfaction_rate is None else _percent(satisfaction_rate),
                composite=_percent(composite),
            )
        )
    return scores
