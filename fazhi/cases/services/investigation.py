"""调查取证: handlers, 回避, extensions and suspensions, and the 调查终结报告 (先行登记保存 and 查封扣押: measures)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import transaction

from fazhi import rules
from fazhi.accounts.models import Role
from fazhi.agencies.models import Officer
from fazhi.agencies.selectors import officer_valid_certificate
from fazhi.agencies.services import officers_ensure_can_act
from fazhi.cases import workflow
from fazhi.cases.models import (
    Case,
    CaseExtension,
    CaseHandler,
    CaseSuspension,
    DecisionOutcome,
    InvestigationReport,
    Recusal,
    SuspensionKind,
)
from fazhi.cases.selectors import extension_provisions_in_force
from fazhi.cases.services._common import (
    active_handlers,
    case_event,
    ensure_head,
    ensure_role,
    ensure_writable,
    lock_case,
    money,
    today_or,
)
from fazhi.cases.services.notice import hearing_host_recusal_decide
from fazhi.core import clock
from fazhi.core.errors import RuleViolation, ValidationError
from fazhi.core.validation import ensure_fits
from fazhi.powers.selectors import exemption_check, explain

if TYPE_CHECKING:
    from fazhi.accounts.models import User


@transaction.atomic
def handler_add(*, actor: User, case: Case, officer: Officer) -> CaseHandler:
    """增派承办人 (the head): the officer must hold a certificate valid today and belong to the legal subject."""
    case = lock_case(case)
    ensure_head(actor, case, action="增派承办人")
    workflow.guard("add_handler", case, actor, clock.today())
    today = clock.today()
    if officer.agency.legal_subject().pk != case.legal_subject_id:
        raise ValidationError(f"{officer.name}不属于{case.legal_subject.name}，不能承办本案。")
    if any(h.officer_id == officer.pk for h in active_handlers(case)):
        raise ValidationError(f"{officer.name}已是本案承办人。")
    if case.recusals.filter(officer=officer, granted=True).exists():
        raise RuleViolation(f"{officer.name}已决定回避，不能再承办本案（行政处罚法第四十三条）。")
    officers_ensure_can_act(officers=[officer], on=today, what="承办本案")
    certificate = officer_valid_certificate(officer=officer, on=today)
    assert certificate is not None
    handler, _ = CaseHandler.objects.update_or_create(
        case=case, officer=officer, defaults={"assigned_on": today, "certificate": certificate, "removed_on": None}
    )
    case_event(actor=actor, case=case, action="case.handler_add", summary=f"增派承办人 {officer.name}")
    return handler


@transaction.atomic
def recusal_apply(
    *, actor: User, case: Case, officer: Officer, applicant: str, reason: str, on: date | None = None
) -> Recusal:
    """回避申请 (第四十三条): the investigation continues until the head decides."""
    case = lock_case(case)
    ensure_writable(actor, case)
    workflow.guard("recusal", case, actor, clock.today())
    if not any(h.officer_id == officer.pk for h in active_handlers(case)):
        raise ValidationError(f"{officer.name}不是本案承办人。")
    if applicant not in Recusal.Applicant.values or not reason.strip():
        raise ValidationError("请选择申请人并写明回避理由。")
    recusal = Recusal(case=case, officer=officer, applicant=applicant, reason=reason.strip(), applied_on=today_or(on))
    ensure_fits(recusal)
    recusal.save()
    case_event(
        actor=actor, case=case, action="case.recusal_apply", summary=f"申请 {officer.name} 回避：{reason.strip()}"
    )
    return recusal


@transaction.atomic
def recusal_decide(*, actor: User, recusal: Recusal, granted: bool, replacement: Officer | None = None) -> Recusal:
    """The head decides; a granted recusal removes the handler, and the case must keep two certified handlers.
    A hearing host's recusal (第六十四条第四项) is decided by ``hearing_host_recusal_decide``."""
    if recusal.hearing_id is not None:
        return hearing_host_recusal_decide(actor=actor, recusal=recusal, granted=granted, replacement=replacement)
    case = lock_case(recusal.case)
    ensure_head(actor, case, action="回避决定")
    recusal = Recusal.objects.select_for_update(of=("self",)).get(pk=recusal.pk)
    if recusal.granted is not None:
        raise RuleViolation("该回避申请已作出决定。")
    today = clock.today()
    recusal.granted, recusal.decided_by, recusal.decided_on = granted, actor, today
    recusal.save(update_fields=["granted", "decided_by", "decided_on"])
    if granted:
        remaining = [h for h in active_handlers(case) if h.officer_id != recusal.officer_id]
        if len(remaining) < rules.MIN_HANDLERS and replacement is None:
            raise RuleViolation(
                f"{recusal.officer.name}回避后承办人不足两名（行政处罚法第四十二条），请同时指定替换的承办人。"
            )
        CaseHandler.objects.filter(case=case, officer=recusal.officer).update(removed_on=today)
        if replacement is not None:
            handler_add(actor=actor, case=case, officer=replacement)
    case_event(
        actor=actor,
        case=case,
        action="case.recusal_decide",
        summary=f"{'决定' if granted else '驳回'} {recusal.officer.name} 回避",
    )
    return recusal


NO_EXTENSION_PROVISION = (
    "不能延长办案期限：行政处罚法第六十条规定，应当自立案之日起九十日内作出行政处罚决定，法律、法规、规章另有规定的，"
    "从其规定。本系统尚未登记现行有效的允许延长办案期限的规定。如本机关适用的法律、法规、规章有此规定，请由系统管理员在"
    "「管理后台 › 案件 › 延长办案期限的依据」中登记该规定及其最长延长天数。"
)


@transaction.atomic
def case_extend(*, actor: User, case: Case, days: int, reason: str, provision_id: int | None = None) -> CaseExtension:
    """延长办案期限, approved by the head before the limit runs out, on a provision in force that allows it.

    行政处罚法 第六十条 allows more than 90 days only where a law, regulation or rule provides it ("法律、法规、
    规章另有规定的，从其规定"): each extension names one provision of ``ExtensionProvision`` in force on the day of
    approval, and all the case's extensions on that provision together stay within its maximum.
    """
    case = lock_case(case)
    ensure_head(actor, case, action="批准延长办案期限")
    workflow.guard("extend", case, actor, clock.today())
    today = clock.today()
    provisions = extension_provisions_in_force(on=today)
    if not provisions:
        raise RuleViolation(NO_EXTENSION_PROVISION)
    provision = next((p for p in provisions if p.pk == provision_id), None)
    if provision is None:
        raise ValidationError(
            "请选择延长办案期限所依据的法律、法规或者规章（行政处罚法第六十条）：现行有效的依据有"
            + "、".join(f"「{p}」" for p in provisions)
            + "。"
        )
    if not reason.strip():
        raise ValidationError("延长办案期限须写明理由。")
    used = sum(e.days for e in case.extensions.filter(provision=provision))
    left = provision.max_days - used
    if not 1 <= days <= left:
        raise RuleViolation(
            f"依据{provision.citation}，办案期限最多可延长{provision.max_days}日"
            + (f"，本案已依此延长{used}日" if used else "")
            + (f"，本次最多可延长{left}日" if left > 0 else "，不能再延长")
            + f"；申请延长{days}日（行政处罚法第六十条：法律、法规、规章另有规定的，从其规定）。"
        )
    due = workflow.deadlines.decision_due(case, today)
    if due is not None and today > due:
        raise RuleViolation(f"办案期限已于{due:%Y年%m月%d日}届满，延长须在届满前批准。")
    extension = CaseExtension.objects.create(
        case=case,
        days=days,
        reason=reason.strip(),
        provision=provision,
        provision_citation=provision.citation,
        approved_by=actor,
        approved_on=today,
    )
    case_event(
        actor=actor,
        case=case,
        action="case.extend",
        summary=f"依据{provision.citation}延长办案期限{days}日：{reason.strip()}",
        after={"days": days, "provision": provision.citation},
    )
    return extension


@transaction.atomic
def case_suspend(*, actor: User, case: Case, kind: str, start: date, reason: str) -> CaseSuspension:
    """Record a period that does not count (中止、听证、公告、检测; 复议/诉讼 for the late fee)."""
    case = lock_case(case)
    ensure_writable(actor, case)
    workflow.guard("suspend", case, actor, clock.today())
    if kind not in SuspensionKind.values or not reason.strip():
        raise ValidationError("请选择中止类别并写明事由。")
    if start > clock.today():
        raise ValidationError("起始日不能晚于今天。")
    if case.suspensions.filter(kind=kind, end__isnull=True).exists():
        raise RuleViolation(f"已有未结束的「{SuspensionKind(kind).label}」期间。")
    suspension = CaseSuspension.objects.create(
        case=case, kind=kind, start=start, reason=reason.strip(), recorded_by=actor
    )
    case_event(actor=actor, case=case, action="case.suspend", summary=f"{suspension.get_kind_display()}自{start}起")
    return suspension


@transaction.atomic
def case_resume(*, actor: User, suspension: CaseSuspension, end: date) -> CaseSuspension:
    case = lock_case(suspension.case)
    ensure_writable(actor, case)
    if suspension.end is not None:
        raise RuleViolation("该期间已结束。")
    if not suspension.start <= end <= clock.today():
        raise ValidationError("终止日应在起始日与今天之间。")
    suspension.end = end
    suspension.save(update_fields=["end"])
    case_event(actor=actor, case=case, action="case.resume", summary=f"{suspension.get_kind_display()}至{end}止")
    return suspension


def _has_evidence(case: Case) -> bool:
    """At least one piece of evidence that may found the decision (not excluded under 第四十六条第三款)."""

    if not apps.is_installed("fazhi.evidence"):
        return True
    return bool(case.evidence.filter(is_excluded=False).exists())


def _exemption(case: Case, facts: Mapping[str, Any]) -> dict[str, Any]:
    """首违不罚/轻微不罚 checked against the exemption list in force on the date of the act, with its reasons."""

    result = exemption_check(case.power_item, facts, on=case.act_date)
    return {
        "applies": result.applies,
        "kind": result.kind.value if result.kind else None,
        "kind_label": result.kind_label,
        "mandatory": result.mandatory,
        "reasons": list(result.reasons),
        "rule_set_version": result.rule_set_version,
        "effective_from": result.effective_from.isoformat(),
    }


@transaction.atomic
def case_flags_set(
    *,
    actor: User,
    case: Case,
    is_major: bool,
    is_complex: bool = False,
    major_public_interest: bool = False,
    major_rights: bool = False,
    review_required_by_law: bool = False,
) -> Case:
    """Mark a case 重大/疑难复杂 (the bureau's 重大执法决定 list; 行政处罚法 第五十七条、第五十八条).

    These flags decide whether legal review and collective discussion are required, so only the head or a legal
    reviewer of the legal subject sets them, before the decision, and each change is on the case's timeline.
    """

    case = lock_case(case)
    ensure_role(actor, case, Role.HEAD, Role.LEGAL_REVIEWER, action="认定重大、复杂案件")
    workflow.guard("flags", case, actor, clock.today())
    fields = ["is_major", "is_complex", "major_public_interest", "major_rights", "review_required_by_law"]
    before = {f: getattr(case, f) for f in fields}
    case.is_major, case.is_complex = is_major, is_complex
    case.major_public_interest, case.major_rights = major_public_interest, major_rights
    case.review_required_by_law = review_required_by_law
    case.save(update_fields=[*fields, "updated_at"])
    after = {f: getattr(case, f) for f in fields}
    labels = [
        label
        for flag, label in (
            (is_major, "重大案件"),
            (is_complex, "疑难复杂"),
            (major_public_interest, "涉及重大公共利益"),
            (major_rights, "涉及重大权益"),
            (review_required_by_law, "法定须法制审核"),
        )
        if flag
    ]
    case_event(
        actor=actor,
        case=case,
        action="case.flags",
        summary="认定：" + ("、".join(labels) or "一般案件"),
        before=before,
        after=after,
    )
    return case


def _explain(case: Case, facts: Mapping[str, Any]) -> dict[str, Any]:

    exp = explain(case.power_item, facts, on=case.act_date)
    return {
        "tier": exp.tier.value if exp.tier else None,
        "tier_label": exp.tier_label,
        "fine_min": str(exp.fine_min) if exp.fine_min is not None else None,
        "fine_max": str(exp.fine_max) if exp.fine_max is not None else None,
        "legal_min": str(exp.legal_min) if exp.legal_min is not None else None,
        "legal_max": str(exp.legal_max) if exp.legal_max is not None else None,
        "reasons": list(exp.reasons),
        "rule_set_version": exp.rule_set_version,
        "rule_set_id": exp.rule_set_id,
        "effective_from": exp.effective_from.isoformat(),
        "basis": exp.basis,
        "manual_required": exp.manual_required,
        "no_penalty": exp.no_penalty,
    }


def _penalty_errors(case: Case, kinds: list[str], fine: Decimal) -> list[str]:
    """A proposed penalty names its kinds, a fine among them when there is one, all within the item's basis."""
    out: list[str] = []
    if not kinds:
        out.append("给予行政处罚须写明处罚种类")
    if fine > 0 and rules.PenaltyKind.FINE.value not in kinds:
        out.append("拟罚款金额大于零，处罚种类应包括罚款")
    unlisted = [k for k in kinds if k not in case.power_item.penalty_kinds]
    if unlisted:
        labels = "、".join(rules.PenaltyKind(k).label for k in unlisted)
        out.append(f"处罚种类「{labels}」不在该执法事项的处罚依据之内")
    return out


@transaction.atomic
def investigation_conclude(
    *,
    actor: User,
    case: Case,
    facts: str,
    evidence_summary: str,
    proposed_outcome: str,
    penalty_kinds: list[str] | None = None,
    fine: Decimal = Decimal("0"),
    confiscation: Decimal = Decimal("0"),
    discretion_facts: Mapping[str, Any] | None = None,
) -> InvestigationReport:
    """调查终结报告: the facts, evidence and proposal, with the discretion explanation computed and saved."""
    case = lock_case(case)
    workflow.guard("conclude", case, actor, clock.today())
    errors = []
    if not facts.strip():
        errors.append("请写明违法事实")
    if not evidence_summary.strip():
        errors.append("请列明证据")
    if proposed_outcome not in DecisionOutcome.values:
        errors.append("处理意见无效")
    fine, confiscation = money(fine, "拟罚款金额"), money(confiscation, "拟没收金额")
    kinds = list(penalty_kinds or [])
    try:
        kinds = [k.value for k in rules.parse_penalty_kinds(kinds)] if kinds else []
    except rules.RulesError as exc:
        errors.append(str(exc))
    if proposed_outcome == DecisionOutcome.PENALTY:
        errors += _penalty_errors(case, kinds, fine)
    if errors:
        raise ValidationError("；".join(errors) + "。")
    if proposed_outcome == DecisionOutcome.PENALTY and not _has_evidence(case):
        raise RuleViolation(
            "本案尚无证据：违法事实不清、证据不足的，不得给予行政处罚（行政处罚法第四十条）。请先上传证据。"
        )
    discretion: dict[str, Any] = {}
    if proposed_outcome == DecisionOutcome.PENALTY:
        discretion = _explain(case, discretion_facts or {})
    elif proposed_outcome == DecisionOutcome.EXEMPTED:
        discretion = {"exemption": _exemption(case, discretion_facts or {})}
        if not discretion["exemption"]["applies"]:
            raise RuleViolation(
                "不符合本局免罚清单（首违不罚/轻微不罚）的条件："
                + "；".join(discretion["exemption"]["reasons"])
                + "（行政处罚法第三十三条）。"
            )
    report = InvestigationReport.objects.create(
        case=case,
        facts=facts.strip(),
        evidence_summary=evidence_summary.strip(),
        proposed_outcome=proposed_outcome,
        penalty_kinds=kinds,
        fine=fine,
        confiscation=confiscation,
        discretion_facts=dict(discretion_facts or {}),
        discretion=discretion,
        submitted_by=actor,
        submitted_on=clock.today(),
    )
    workflow.advance(case, "conclude")
    case_event(
        actor=actor,
        case=case,
        action="case.conclude",
        summary=f"提交调查终结报告，处理意见：{DecisionOutcome(proposed_outcome).label}"
        + (f"，拟罚款{fine}元" if fine else ""),
        after={"state": case.state, "fine": fine, "penalty_kinds": kinds},
    )
    return report
