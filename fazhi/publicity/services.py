"""Writes of the publicity app: create, publish, withdraw, expire a publication; apply for and decide 信用修复.

Every service runs in one transaction with its audit event (on the publication's chain, entity
``publicity.publication``). Who may act: the head (负责人) or the clerk (内勤) of the publication's legal subject;
the justice bureau reads only (``Scope.ensure_can_write``). ``publication_create_for_decision`` is called by
``fazhi.cases.services.decision.case_decide`` inside the decision's transaction, so it checks no role itself.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction

from fazhi import rules
from fazhi.accounts.models import Role
from fazhi.agencies.scope import scope_for
from fazhi.cases.models import DecisionOutcome, Procedure
from fazhi.core import clock
from fazhi.core.audit import audit_record
from fazhi.core.errors import PermissionDenied, RuleViolation, ValidationError
from fazhi.core.validation import ensure_fits
from fazhi.publicity import policy as pol
from fazhi.publicity.conf import policy
from fazhi.publicity.models import (
    CreditRepair,
    CreditRepairStatus,
    Publication,
    PublicationKind,
    PublicationStatus,
)
from fazhi.publicity.snapshot import decision_snapshot

if TYPE_CHECKING:
    from fazhi.accounts.models import User
    from fazhi.cases.models import Decision

__all__ = [
    "credit_repair_apply",
    "credit_repair_approve",
    "credit_repair_refuse",
    "decision_snapshot",
    "publication_create_for_decision",
    "publication_publish",
    "publication_withdraw",
    "publication_withdraw_for_remedy",
    "publications_expire",
]

# --- guards ------------------------------------------------------------------------------------------------------


def _ensure_may_manage(actor: User, publication: Publication, *, action: str) -> None:
    """The head or the clerk of the publication's legal subject; supervisors read only."""
    scope_for(actor).ensure_can_write(publication.agency)
    if not actor.has_role(Role.HEAD, Role.CLERK):
        raise PermissionDenied(f"{action}须由负责人或内勤办理：您没有该角色。")
    if actor.agency is None or actor.agency.legal_subject().pk != publication.agency_id:
        raise PermissionDenied(f"该公示的执法主体是{publication.agency.name}，{action}须由该机关的人员办理。")


def _lock(publication: Publication) -> Publication:
    return (
        Publication.objects.select_for_update(of=("self",))
        .select_related("agency", "decision", "decision__case", "decision__case__power_item")
        .get(pk=publication.pk)
    )


def _domain(publication: Publication) -> str:
    return publication.decision.case.power_item.domain if publication.decision is not None else ""


def _period_base(publication: Publication) -> date | None:
    if policy().period_from == pol.PeriodFrom.PUBLISHED:
        return publication.published_on
    return publication.decided_on


def _event(actor: User | None, publication: Publication, action: str, summary: str, **after: Any) -> None:
    audit_record(
        actor=actor,
        entity=publication,
        action=action,
        summary=summary,
        after={"status": publication.status, **after},
    )


# --- publications ------------------------------------------------------------------------------------------------


def _publication_due(decided_on: date, working_days: int) -> date:
    """The publication's due date, on the provisional calendar where a year is not entered; entering the year
    recomputes it (fazhi.publicity.apps registers the field with fazhi.core.calendar)."""
    with rules.provisional_calendar():
        return rules.publication_deadline(decided_on, working_days=working_days)


@transaction.atomic
def publication_create_for_decision(*, actor: User, decision: Decision) -> Publication | None:
    """Create the publication of a decision (行政处罚法 第四十八条), due within the set working days (D-2).

    Returns None for a decision that is not published (not a penalty; 简易程序 or warning-only by the settings).
    Calling it again for the same decision returns the live publication: nothing is created twice.
    """
    existing = Publication.objects.filter(decision=decision).exclude(status=PublicationStatus.WITHDRAWN).first()
    if existing is not None:
        return existing
    p = policy()
    case = decision.case
    if (
        pol.publication_exemption(
            p,
            is_penalty=decision.outcome == DecisionOutcome.PENALTY,
            is_simple_procedure=case.procedure == Procedure.SIMPLE,
            penalty_kinds=decision.penalty_kinds,
        )
        is not None
    ):
        return None
    months, reason = pol.period_months(
        p,
        penalty_kinds=decision.penalty_kinds,
        fine=decision.fine,
        is_person=case.party.kind == "person",
        domain=case.power_item.domain,
    )
    snapshot = decision_snapshot(decision)
    publication = Publication(
        kind=PublicationKind.DECISION,
        decision=decision,
        agency=case.legal_subject,
        number=decision.number,
        public_name=snapshot["party_name"][:200],
        decided_on=decision.decided_on,
        due_on=_publication_due(decision.decided_on, p.working_days),
        period_months=months,
        period_reason=reason[:200],
        publish_until=(
            pol.publish_until(decision.decided_on, months) if p.period_from == pol.PeriodFrom.DECIDED else None
        ),
        snapshot=snapshot,
        created_by=actor,
    )
    ensure_fits(publication)
    publication.save()
    _event(
        actor,
        publication,
        "publication.create",
        f"处罚决定{decision.number}待公示，应于{publication.due_on:%Y年%m月%d日}前公示",
        due_on=publication.due_on,
        publish_until=publication.publish_until,
        period_months=months,
        decision_id=decision.pk,
    )
    return publication


@transaction.atomic
def publication_publish(*, actor: User, publication: Publication, on: date) -> Publication:
    """Record that the publication went public on ``on``. Late publication is allowed and counts as not on time."""
    publication = _lock(publication)
    _ensure_may_manage(actor, publication, action="公示")
    if publication.status != PublicationStatus.PENDING:
        raise RuleViolation(f"该公示当前状态为「{publication.get_status_display()}」，只有待公示的才能公示。")
    today = clock.today()
    if on > today:
        raise ValidationError("公示日期不能晚于今天。")
    if publication.decided_on is not None and on < publication.decided_on:
        raise ValidationError("公示日期不能早于决定日期。")
    publication.status = PublicationStatus.PUBLISHED
    publication.published_on = on
    publication.published_by = actor
    if policy().period_from == pol.PeriodFrom.PUBLISHED:
        publication.publish_until = pol.publish_until(on, publication.period_months)
    if publication.publish_until is not None and publication.publish_until < on:
        raise RuleViolation(f"公示期已于{publication.publish_until:%Y年%m月%d日}届满，不再公示。")
    publication.save(update_fields=["status", "published_on", "published_by", "publish_until", "updated_at"])
    late = publication.is_published_late
    _event(
        actor,
        publication,
        "publication.publish",
        f"已公示{publication.number}" + (f"（逾期：应于{publication.due_on:%Y年%m月%d日}前公示）" if late else ""),
        published_on=on,
        late=late,
        publish_until=publication.publish_until,
    )
    return publication


@transaction.atomic
def publication_withdraw(*, actor: User, publication: Publication, reason: str, changed_on: date) -> Publication:
    """Withdraw the publication of a decision that was changed, revoked or voided: due within 3 working days of
    the change (行政处罚法 第四十八条第二款). A late withdrawal is recorded and flagged."""
    publication = _lock(publication)
    _ensure_may_manage(actor, publication, action="撤回公示")
    if publication.status not in (PublicationStatus.PENDING, PublicationStatus.PUBLISHED):
        raise RuleViolation(f"该公示当前状态为「{publication.get_status_display()}」，不能撤回。")
    reason = reason.strip()
    if not reason:
        raise ValidationError("请写明撤回理由（如：处罚决定经行政复议被撤销）。")
    today = clock.today()
    if changed_on > today:
        raise ValidationError("决定被变更、撤销的日期不能晚于今天。")
    if publication.decided_on is not None and changed_on < publication.decided_on:
        raise ValidationError("决定被变更、撤销的日期不能早于决定日期。")
    before = {"status": publication.status}
    publication.status = PublicationStatus.WITHDRAWN
    publication.changed_on = changed_on
    with rules.provisional_calendar():  # recomputed when the year is entered (fazhi.publicity.apps)
        publication.withdrawal_due = rules.publication_withdrawal_deadline(changed_on)
    publication.withdrawn_on = today
    publication.withdrawal_reason = reason
    publication.ended_on = today
    ensure_fits(publication)
    publication.save(
        update_fields=[
            "status",
            "changed_on",
            "withdrawal_due",
            "withdrawn_on",
            "withdrawal_reason",
            "ended_on",
            "updated_at",
        ]
    )
    late = publication.is_withdrawn_late
    audit_record(
        actor=actor,
        entity=publication,
        action="publication.withdraw",
        summary=f"撤回公示{publication.number}：{reason}" + ("（逾期撤回）" if late else ""),
        before=before,
        after={
            "status": publication.status,
            "changed_on": changed_on,
            "withdrawal_due": publication.withdrawal_due,
            "late": late,
        },
    )
    return publication


@transaction.atomic
def publication_withdraw_for_remedy(
    *, actor: User, decision: Decision, reason: str, changed_on: date, detach: bool = False, republish: bool = False
) -> list[Publication]:
    """Withdraw the live publication of a decision that a 复议 or 诉讼 revoked, voided, confirmed illegal or changed,
    with the reason shown on the public page (行政处罚法 第四十八条第二款: "在三日内撤回 … 并公开说明理由").

    Called by the legal-affairs services inside the transaction that records the outcome, so it checks no role:
    the outcome itself is the cause and ``actor`` (who recorded it) is audited. ``republish`` (变更) creates the
    publication of the changed decision and publishes it at once if the former one was public. ``detach`` (责令
    重新作出) unlinks the withdrawn publications from the decision, which the case service then replaces; the
    frozen snapshot keeps what was shown.
    """
    today = clock.today()
    reason = reason.strip()[:500]
    changed: list[Publication] = []
    was_public = False
    for publication in Publication.objects.select_for_update(of=("self",)).filter(decision=decision):
        if publication.status in (PublicationStatus.PENDING, PublicationStatus.PUBLISHED):
            was_public = was_public or publication.status == PublicationStatus.PUBLISHED
            before = {"status": publication.status}
            publication.status = PublicationStatus.WITHDRAWN
            publication.changed_on = changed_on
            publication.withdrawal_due = rules.publication_withdrawal_deadline(changed_on)
            publication.withdrawn_on = today
            publication.withdrawal_reason = reason
            publication.ended_on = today
            ensure_fits(publication)
            publication.save()
            audit_record(
                actor=actor,
                entity=publication,
                action="publication.withdraw",
                summary=f"撤回公示{publication.number}：{reason}"
                + ("（逾期撤回）" if publication.is_withdrawn_late else ""),
                before=before,
                after={
                    "status": publication.status,
                    "changed_on": changed_on,
                    "withdrawal_due": publication.withdrawal_due,
                    "late": publication.is_withdrawn_late,
                },
            )
            changed.append(publication)
        if detach:
            publication.decision = None
            publication.save(update_fields=["decision", "updated_at"])
    if republish:
        fresh = publication_create_for_decision(actor=actor, decision=decision)
        if fresh is not None:  # due from the change, not from the original decision
            fresh.due_on = rules.publication_deadline(changed_on, working_days=policy().working_days)
            fresh.save(update_fields=["due_on", "updated_at"])
        if fresh is not None and was_public:
            fresh.status = PublicationStatus.PUBLISHED
            fresh.published_on = today
            fresh.published_by = actor
            if policy().period_from == pol.PeriodFrom.PUBLISHED:
                fresh.publish_until = pol.publish_until(today, fresh.period_months)
            fresh.save(update_fields=["status", "published_on", "published_by", "publish_until", "updated_at"])
            _event(actor, fresh, "publication.publish", f"公示变更后的处罚决定{fresh.number}", published_on=today)
        if fresh is not None:
            changed.append(fresh)
    return changed


@transaction.atomic
def publications_expire(*, today: date) -> int:
    """End every publication whose period ended before ``today``; returns how many. Run daily
    (``manage.py publicity_expire``). The public page hides them already: this records the end."""
    ids = list(
        Publication.objects.filter(
            status__in=[PublicationStatus.PUBLISHED, PublicationStatus.PENDING], publish_until__lt=today
        ).values_list("pk", flat=True)
    )
    for pk in ids:
        publication = Publication.objects.select_for_update(of=("self",)).get(pk=pk)
        if publication.publish_until is None or publication.publish_until >= today:
            continue
        publication.status = PublicationStatus.EXPIRED
        publication.ended_on = publication.publish_until + timedelta(days=1)
        publication.save(update_fields=["status", "ended_on", "updated_at"])
        _event(
            None,
            publication,
            "publication.expire",
            f"公示期于{publication.publish_until:%Y年%m月%d日}届满，停止公示",
            ended_on=publication.ended_on,
            never_published=publication.published_on is None,
        )
    return len(ids)


# --- 信用修复 ---------------------------------------------------------------------------------------------------


def _repair_refusal(publication: Publication, today: date) -> str | None:
    if publication.status != PublicationStatus.PUBLISHED:
        return f"该公示当前状态为「{publication.get_status_display()}」，只有公示中的才能信用修复"
    base = _period_base(publication)
    if publication.decision is None or base is None:
        return "该公示不是行政处罚决定的公示"
    return pol.repair_refusal(
        policy(),
        penalty_kinds=publication.decision.penalty_kinds,
        domain=_domain(publication),
        base=base,
        today=today,
    )


@transaction.atomic
def credit_repair_apply(
    *, actor: User, publication: Publication, applicant: str, grounds: str, applied_on: date | None = None
) -> CreditRepair:
    """Record a party's application to end a publication early (信用修复). Refused, and nothing saved, where the
    rules forbid it: 停产停业、吊销许可证件等 (D-3), or before the minimum period (D-4)."""
    publication = _lock(publication)
    _ensure_may_manage(actor, publication, action="受理信用修复申请")
    today = clock.today()
    applied_on = applied_on or today
    if applied_on > today:
        raise ValidationError("申请日期不能晚于今天。")
    applicant, grounds = applicant.strip(), grounds.strip()
    if not applicant or not grounds:
        raise ValidationError("请填写申请人和申请理由（已履行处罚决定、已消除危害后果和不良影响等）。")
    refusal = _repair_refusal(publication, applied_on)
    if refusal:
        raise RuleViolation(refusal + "。")
    if publication.credit_repairs.filter(status=CreditRepairStatus.APPLIED).exists():
        raise RuleViolation("该公示已有待处理的信用修复申请，请先作出决定。")
    repair = CreditRepair(
        publication=publication, applicant=applicant, applied_on=applied_on, grounds=grounds, recorded_by=actor
    )
    ensure_fits(repair)
    repair.save()
    _event(actor, publication, "credit_repair.apply", f"{applicant}申请信用修复", credit_repair_id=repair.pk)
    return repair


def _lock_repair(repair: CreditRepair) -> tuple[CreditRepair, Publication]:
    publication = _lock(repair.publication)
    repair = CreditRepair.objects.select_for_update(of=("self",)).get(pk=repair.pk)
    if repair.status != CreditRepairStatus.APPLIED:
        raise RuleViolation(f"该信用修复申请已{repair.get_status_display()}，不能重复决定。")
    return repair, publication


@transaction.atomic
def credit_repair_approve(*, actor: User, repair: CreditRepair) -> CreditRepair:
    """Approve: the publication ends today. The rules are checked again (the state may have changed)."""
    repair, publication = _lock_repair(repair)
    _ensure_may_manage(actor, publication, action="信用修复")
    today = clock.today()
    refusal = _repair_refusal(publication, today)
    if refusal:
        raise RuleViolation(refusal + "。")
    repair.status = CreditRepairStatus.APPROVED
    repair.decided_by, repair.decided_on, repair.ended_on = actor, today, today
    repair.save(update_fields=["status", "decided_by", "decided_on", "ended_on", "updated_at"])
    publication.status = PublicationStatus.REPAIRED
    publication.ended_on = today
    publication.save(update_fields=["status", "ended_on", "updated_at"])
    _event(
        actor,
        publication,
        "credit_repair.approve",
        f"同意信用修复，{publication.number}提前停止公示",
        credit_repair_id=repair.pk,
        ended_on=today,
    )
    return repair


@transaction.atomic
def credit_repair_refuse(*, actor: User, repair: CreditRepair, reason: str) -> CreditRepair:
    """Refuse on the merits (e.g. the obligations are not yet fulfilled); the publication continues."""
    repair, publication = _lock_repair(repair)
    _ensure_may_manage(actor, publication, action="信用修复")
    reason = reason.strip()
    if not reason:
        raise ValidationError("请写明不予同意的理由。")
    repair.status = CreditRepairStatus.REFUSED
    repair.decided_by, repair.decided_on, repair.refusal_reason = actor, clock.today(), reason
    ensure_fits(repair)
    repair.save(update_fields=["status", "decided_by", "decided_on", "refusal_reason", "updated_at"])
    _event(actor, publication, "credit_repair.refuse", f"不予同意信用修复：{reason}", credit_repair_id=repair.pk)
    return repair
