"""Reads of 专项行动 and 柔性执法, always through the actor's scope."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet

from fazhi.agencies.scope import scope_for
from fazhi.campaigns.models import Campaign, CampaignTarget, SoftMeasure
from fazhi.core.errors import NotFoundOrForbidden

if TYPE_CHECKING:
    from fazhi.accounts.models import User


def campaign_list(*, actor: User, search: str = "") -> QuerySet[Campaign]:
    qs = scope_for(actor).filter(Campaign.objects.select_related("agency"))
    if search:
        qs = qs.filter(Q(name__contains=search) | Q(description__contains=search))
    return qs.annotate(n_cases=Count("case_links", distinct=True)).order_by("-starts_on", "-pk")


def access_campaign(*, actor: User, campaign_id: int) -> Campaign:
    campaign = scope_for(actor).filter(Campaign.objects.select_related("agency")).filter(pk=campaign_id).first()
    if campaign is None:
        raise NotFoundOrForbidden("专项行动")
    return campaign


def access_target(*, actor: User, target_id: int) -> CampaignTarget:
    target = (
        CampaignTarget.objects.select_related("campaign__agency")
        .filter(scope_for(actor).agency_q("campaign__agency"), pk=target_id)
        .first()
    )
    if target is None:
        raise NotFoundOrForbidden("行动目标")
    return target


def campaign_detail(*, actor: User, campaign: Campaign) -> dict[str, object]:
    """Targets, actions and the linked records the actor's scope sees."""
    scope = scope_for(actor)
    return {
        "targets": list(campaign.targets.all()),
        "actions": list(campaign.actions.all()),
        "cases": [
            link.case for link in campaign.case_links.select_related("case").filter(scope.agency_q("case__agency"))
        ],
        "complaints": [
            link.complaint
            for link in campaign.complaint_links.select_related("complaint").filter(
                scope.agency_q("complaint__agency") | scope.agency_q("complaint__assigned_to")
            )
        ],
        "tasks": [
            link.task
            for link in campaign.inspection_links.select_related("task", "task__target").filter(
                scope.agency_q("task__agency")
            )
        ],
        "soft_measures": list(campaign.soft_measures.filter(scope.agency_q("agency"))),
    }


def soft_measure_list(*, actor: User, kind: str = "", campaign_id: int | None = None) -> QuerySet[SoftMeasure]:
    qs = scope_for(actor).filter(SoftMeasure.objects.select_related("agency", "officer", "campaign", "case"))
    if kind:
        qs = qs.filter(kind=kind)
    if campaign_id:
        qs = qs.filter(campaign_id=campaign_id)
    return qs.order_by("-taken_on", "-pk")


def access_soft_measure(*, actor: User, measure_id: int) -> SoftMeasure:
    measure = soft_measure_list(actor=actor).filter(pk=measure_id).first()
    if measure is None:
        raise NotFoundOrForbidden("柔性执法记录")
    return measure
