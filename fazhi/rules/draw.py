"""双随机、一公开: the draw that anyone can check (algorithm ``fazhi-draw/1``).

A draw is a pure function of two published values: the *seed* (secret until the draw, committed beforehand by its
SHA-256) and the *snapshot* (both registers as they stood at the commitment, hashed canonically). docs/inspections.md
states the same steps for a third party to re-implement:

1. ``key(label) = HMAC-SHA256(key=seed as UTF-8, msg=label as UTF-8)``, as 64 lowercase hex digits.
2. Each target gets ``weight = RISK_WEIGHTS[risk] × CREDIT_WEIGHTS[credit]`` tickets; its draw key is the smallest
   of ``key("target:<id>:<k>")`` for ``k = 0 … weight−1``. Targets sorted by (draw key, id); the first
   ``target_count`` are drawn, in that order. (The minimum of *w* uniform keys is an exponential race with rate *w*:
   exactly weighted sampling without replacement, with integers only.)
3. For each drawn target, in draw order: the eligible inspectors are those of the snapshot with a valid certificate
   and no 回避 pair with the target; sorted by (inspectors already assigned in this draw, ``key("inspector:<target
   id>:<inspector id>")``, id); the first ``inspectors_per_target`` are assigned. Picking the least loaded first
   keeps max−min of the loads ≤ 1 whenever 回避 leaves the choice open.

No float, no platform random generator: the same (seed, snapshot) gives the same assignment everywhere.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .errors import RulesError

__all__ = [
    "ALGORITHM_VERSION",
    "CREDIT_WEIGHTS",
    "DRAW_MIN_INSPECTORS",
    "EXEMPTION_MAX_DAYS",
    "EXEMPTION_MAX_SHARE_PERCENT",
    "RECUSAL_MONTHS_DEFAULT",
    "REPEAT_DRAW_DAYS_DEFAULT",
    "RISK_WEIGHTS",
    "DrawOutcome",
    "DrawRefused",
    "canonical_json",
    "draw_assign",
    "draw_check",
    "draw_key",
    "exemption_limit",
    "recusal_window_start",
    "seed_commitment",
    "snapshot_digest",
    "target_weight",
]

#: The version of the steps above; stored with every snapshot. A change of any step or weight is a new version.
ALGORITHM_VERSION = "fazhi-draw/1"

DRAW_MIN_INSPECTORS = 2  # 行政处罚法 第四十二条：执法人员不得少于两人

#: 风险等级 → tickets. UNVERIFIED: setting — RULES.md has no weights; 国发〔2019〕5号 asks for 差异化 shares by risk.
RISK_WEIGHTS: Mapping[str, int] = {"high": 3, "medium": 2, "low": 1}

#: 信用等级 → tickets (A best). UNVERIFIED: setting — RULES.md has no weights; 国发〔2019〕5号 asks for 信用 shares.
CREDIT_WEIGHTS: Mapping[str, int] = {"A": 1, "B": 2, "C": 3, "D": 4}

#: 回避 by recent visit: an inspector who inspected the target within this many months is not matched to it.
#: UNVERIFIED: setting (FAZHI_INSPECTION_RECUSAL_MONTHS); RULES.md has no number, 行政处罚法 第四十三条 names 回避.
RECUSAL_MONTHS_DEFAULT = 12

#: The same target is not drawn by two plans within this many days unless the plan allows it.
#: UNVERIFIED: setting (FAZHI_INSPECTION_REPEAT_DAYS); RULES.md has no number for it.
REPEAT_DRAW_DAYS_DEFAULT = 180

#: 白名单 limits: at most this share of the agency's active register, each entry valid at most this many days.
#: UNVERIFIED: setting (FAZHI_INSPECTION_EXEMPTION_*); RULES.md has no number for either.
EXEMPTION_MAX_SHARE_PERCENT = 10
EXEMPTION_MAX_DAYS = 366  # UNVERIFIED: setting, see RULES.md (no number there)


class DrawRefused(RulesError):
    """The snapshot cannot be drawn as it stands (says which target and why)."""


@dataclass(frozen=True)
class DrawOutcome:
    """``order``: the drawn target ids in draw order; ``assignment``: target id → sorted inspector ids."""

    order: tuple[int, ...]
    assignment: dict[int, tuple[int, ...]]


def canonical_json(value: Any) -> bytes:
    """The one byte form that is hashed: JSON, keys sorted, no spaces, UTF-8 (not ASCII-escaped)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def snapshot_digest(snapshot: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of the snapshot."""
    return hashlib.sha256(canonical_json(snapshot)).hexdigest()


def seed_commitment(seed: str) -> str:
    """SHA-256 (hex) of the seed's UTF-8 bytes: published before the draw, checked when the seed is revealed."""
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()


def draw_key(seed: str, label: str) -> str:
    """HMAC-SHA256(seed, label) in lowercase hex; equal-length hex strings sort as the numbers they are."""
    return hmac.new(seed.encode("utf-8"), label.encode("utf-8"), hashlib.sha256).hexdigest()


def target_weight(*, risk: str, credit: str) -> int:
    """Tickets of a target: risk weight × credit weight (an unknown level is refused, never guessed)."""
    if risk not in RISK_WEIGHTS:
        raise DrawRefused(f"风险等级「{risk}」无效。")
    if credit not in CREDIT_WEIGHTS:
        raise DrawRefused(f"信用等级「{credit}」无效。")
    return RISK_WEIGHTS[risk] * CREDIT_WEIGHTS[credit]


def exemption_limit(*, register_size: int, share_percent: int = EXEMPTION_MAX_SHARE_PERCENT) -> int:
    """How many targets the 白名单 may hold: floor(register × share%)."""
    return max(0, register_size) * share_percent // 100


def recusal_window_start(*, on: date, months: int) -> date:
    """First day of the 回避 window ending on ``on``: the corresponding day ``months`` months earlier (the month's
    last day when there is none, as 民法典 第二百零二条 counts months). Visits on that day or later count."""
    if months < 0:
        raise DrawRefused(f"回避期间不能为负数：{months}个月。")
    index = on.year * 12 + (on.month - 1) - months
    year, month = divmod(index, 12)
    last = (date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month + 1, min(on.day, last))


def _int_field(row: Mapping[str, Any], name: str) -> int:
    value = row.get(name)
    if not isinstance(value, int) or isinstance(value, bool):
        raise DrawRefused(f"快照中的「{name}」应为整数。")
    return value


def draw_assign(*, seed: str, snapshot: Mapping[str, Any]) -> DrawOutcome:
    """Run ``ALGORITHM_VERSION`` on (seed, snapshot); refuses another version or a snapshot that cannot be drawn.

    The snapshot: ``algorithm``, ``target_count``, ``inspectors_per_target``, ``targets`` (``id``, ``risk``,
    ``credit``), ``inspectors`` (``id``, ``certificate_valid``), ``recusals`` ([inspector id, target id] pairs).
    """
    if snapshot.get("algorithm") != ALGORITHM_VERSION:
        version = snapshot.get("algorithm")
        raise DrawRefused(f"快照的算法版本「{version}」不是「{ALGORITHM_VERSION}」，不能按本算法复算。")
    if not seed:
        raise DrawRefused("随机种子为空。")
    count = _int_field(snapshot, "target_count")
    per_target = _int_field(snapshot, "inspectors_per_target")
    if per_target < DRAW_MIN_INSPECTORS:
        raise DrawRefused(f"每户检查人员不得少于{DRAW_MIN_INSPECTORS}人（行政处罚法第四十二条）。")
    targets: Sequence[Mapping[str, Any]] = snapshot.get("targets") or []
    if not 0 < count <= len(targets):
        raise DrawRefused(f"抽取户数{count}应在1到名录中的{len(targets)}户之间。")
    inspectors = sorted(
        _int_field(row, "id") for row in snapshot.get("inspectors") or [] if row.get("certificate_valid") is True
    )
    recused = {(int(pair[0]), int(pair[1])) for pair in snapshot.get("recusals") or []}

    keyed = []
    for row in targets:
        target_id = _int_field(row, "id")
        weight = target_weight(risk=str(row.get("risk")), credit=str(row.get("credit")))
        keyed.append((min(draw_key(seed, f"target:{target_id}:{k}") for k in range(weight)), target_id))
    order = tuple(target_id for _, target_id in sorted(keyed)[:count])

    load = dict.fromkeys(inspectors, 0)
    assignment: dict[int, tuple[int, ...]] = {}
    for target_id in order:
        eligible = [i for i in inspectors if (i, target_id) not in recused]
        if len(eligible) < per_target:
            raise DrawRefused(
                f"检查对象{target_id}回避后只有{len(eligible)}名持有效执法证的检查人员，少于每户{per_target}人。"
            )
        eligible.sort(key=lambda i: (load[i], draw_key(seed, f"inspector:{target_id}:{i}"), i))
        chosen = eligible[:per_target]
        for i in chosen:
            load[i] += 1
        assignment[target_id] = tuple(sorted(chosen))
    return DrawOutcome(order=order, assignment=assignment)


def draw_check(
    *,
    seed: str,
    seed_hash: str,
    snapshot: Mapping[str, Any],
    snapshot_hash: str,
    algorithm_version: str,
    order: Sequence[int],
    assignment: Mapping[str, Sequence[int]],
) -> list[str]:
    """What a published draw gets wrong, in Chinese (empty: it reproduces). Runs on the published values alone.

    Checks, in turn: the algorithm version named by the draw and by its snapshot; the snapshot against its hash (a
    changed register); the revealed seed against its commitment (a changed seed); then the assignment re-computed.
    """
    problems = []
    if algorithm_version != ALGORITHM_VERSION or snapshot.get("algorithm") != algorithm_version:
        problems.append(
            f"算法版本不符：抽取记为「{algorithm_version}」，快照记为「{snapshot.get('algorithm')}」，"
            f"本程序为「{ALGORITHM_VERSION}」"
        )
    if snapshot_digest(snapshot) != snapshot_hash:
        problems.append("名录快照与承诺时公布的SHA-256不符：检查对象或检查人员名录被改动")
    if seed_commitment(seed) != seed_hash:
        problems.append("公开的随机种子与承诺时公布的SHA-256不符：种子被更换")
    if problems:
        return problems
    try:
        outcome = draw_assign(seed=seed, snapshot=snapshot)
    except DrawRefused as exc:
        return [f"按种子与快照不能复算：{exc}"]
    if list(outcome.order) != list(order):
        problems.append("抽中对象（或其顺序）与按种子复算的结果不同")
    recorded = {str(k): sorted(int(i) for i in v) for k, v in assignment.items()}
    if recorded != {str(k): list(v) for k, v in outcome.assignment.items()}:
        problems.append("对象与检查人员的匹配与按种子复算的结果不同")
    return problems
