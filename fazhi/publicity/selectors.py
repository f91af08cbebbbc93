"""Reads of the publicity app: the due list, the public list, and the figures of the annual report.

Statistics (``publication_stats``, ``credit_repair_count``) take an agency and a period but no actor: the caller
(a view, the reports app) has already checked that its actor may see that agency.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from django.db.models import F, Q, QuerySet

from fazhi.agencies.scope import scope_for
from fazhi.core import clock
from fazhi.core.errors import NotFoundOrForbidden
from fazhi.publicity.models import CreditRepair, CreditRepairStatus, Publication, PublicationKind, PublicationStatus

if TYPE_CHECKING:
    from fazhi.accounts.models import User
    from fazhi.agencies.models import Agency

__all__ = [
    "PublicationStats",
    "access_credit_repair",
    "access_publication",
    "combined_publication_stats",
    "credit_repair_count",
    "due_publication_counts",
    "public_publication_list",
    "publication_due_list",
    "publication_list",
    "publication_stats",
    "publications_for_export",
]


def _agency_q(agency: Agency, include_subordinates: bool, field: str = "agency") -> Q:
    if include_subordinates:
        return Q(**{f"{field}__path__startswith": agency.path})
    return Q(**{field: agency})


def publication_list(*, actor: User, status: str | None = None, search: str = "") -> QuerySet[Publication]:
    qs = scope_for(actor).filter(Publication.objects.select_related("agency"))
    if status:
        qs = qs.filter(status=status)
    if search:
        qs = qs.filter(Q(number__contains=search) | Q(public_name__contains=search))
    return qs.order_by("-due_on", "-pk")


def publication_due_list(*, actor: User) -> QuerySet[Publication]:
    """Pending publications in the actor's scope, the soonest (and the overdue) first."""
    return (
        scope_for(actor)
        .filter(Publication.objects.select_related("agency"))
        .filter(status=PublicationStatus.PENDING)
        .order_by("due_on", "pk")
    )


def access_publication(*, actor: User, publication_id: int) -> Publication:
    publication = Publication.objects.select_related("agency").filter(pk=publication_id).first()
    if publication is None or not scope_for(actor).sees(publication.agency):
        raise NotFoundOrForbidden("公示")
    return publication


def access_credit_repair(*, actor: User, repair_id: int) -> CreditRepair:
    repair = CreditRepair.objects.select_related("publication__agency").filter(pk=repair_id).first()
    if repair is None or not scope_for(actor).sees(repair.publication.agency):
        raise NotFoundOrForbidden("信用修复申请")
    return repair


def public_publication_list(*, today: date, search: str = "") -> QuerySet[Publication]:
    """What the public sees: published, not withdrawn, ended or past ``publish_until``. No login, no scope."""
    qs = Publication.objects.filter(
        kind=PublicationKind.DECISION,
        status=PublicationStatus.PUBLISHED,
        published_on__lte=today,
        publish_until__gte=today,
    )
    search = search.strip()
    if search:
        qs = qs.filter(Q(number__contains=search) | Q(public_name__contains=search))
    return qs.order_by("-published_on", "-pk")


def public_withdrawn_list(*, today: date) -> QuerySet[Publication]:
    """Publications withdrawn after they had been public, with the reason: "撤回行政处罚决定信息并公开说明理由"
    (行政处罚法 第四十八条第二款). Shown while the publication would otherwise still have been public."""
    return Publication.objects.filter(
        kind=PublicationKind.DECISION,
        status=PublicationStatus.WITHDRAWN,
        published_on__isnull=False,
        publish_until__gte=today,
    ).order_by("-withdrawn_on", "-pk")


class PublicationStats(NamedTuple):
    """``due``: publications due in the period; ``on_time``: of those, published by their due date; ``rate``: the
    percentage with one decimal, None when nothing was due (no base, no rate)."""

    due: int
    on_time: int
    rate: Decimal | None


def _rate(part: int, whole: int) -> Decimal | None:
    if whole == 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def publication_stats(
    *, agency: Agency, include_subordinates: bool, start: date, end: date, today: date | None = None
) -> PublicationStats:
    """The on-time rate of decision publications (三项制度: 执法公示).

    A publication belongs to the period in which its due date (``due_on``) falls, ``start`` and ``end`` included.
    It is counted once its due date has passed or it was published: one still pending with time left is not yet
    due. One withdrawn before it was published and before its due date (the decision was revoked) was never due.
    On time means ``published_on <= due_on``; a late one, or one never published, is not on time.
    """
    today = today or clock.today()
    qs = Publication.objects.filter(
        _agency_q(agency, include_subordinates), kind=PublicationKind.DECISION, due_on__gte=start, due_on__lte=end
    )
    return due_publication_counts(qs, today=today, withdrawn=Q(status=PublicationStatus.WITHDRAWN))


def due_publication_counts(qs: QuerySet[Any], *, today: date, withdrawn: Q) -> PublicationStats:
    """The rule of ``publication_stats`` over any rows with ``due_on``, ``published_on`` and ``withdrawn_on`` (the
    publications of live decisions, and those imported with historical cases); ``withdrawn`` tells a withdrawn row."""
    qs = qs.exclude(withdrawn, published_on__isnull=True, withdrawn_on__lte=F("due_on")).filter(
        Q(published_on__isnull=False) | Q(due_on__lt=today)
    )
    due = qs.count()
    on_time = qs.filter(published_on__isnull=False, published_on__lte=F("due_on")).count()
    return PublicationStats(due=due, on_time=on_time, rate=_rate(on_time, due))


def combined_publication_stats(*parts: PublicationStats) -> PublicationStats:
    """The stats of several sets of rows together (the rate recomputed from the summed counts)."""
    due = sum(p.due for p in parts)
    on_time = sum(p.on_time for p in parts)
    return PublicationStats(due=due, on_time=on_time, rate=_rate(on_time, due))


def credit_repair_count(*, agency: Agency, include_subordinates: bool, start: date, end: date) -> int:
    """Approved 信用修复 whose decision date falls in the period (``credit_repair.count`` of the annual report)."""
    return CreditRepair.objects.filter(
        _agency_q(agency, include_subordinates, "publication__agency"),
        status=CreditRepairStatus.APPROVED,
        decided_on__gte=start,
        decided_on__lte=end,
    ).count()


def publications_for_export(
    *, agency: Agency, include_subordinates: bool, start: date, end: date
) -> QuerySet[Publication]:
    """Publications to report to the credit platform: pending or published, due in the period."""
    return (
        Publication.objects.select_related("agency")
        .filter(
            _agency_q(agency, include_subordinates),
            kind=PublicationKind.DECISION,
            status__in=[PublicationStatus.PENDING, PublicationStatus.PUBLISHED],
            due_on__gte=start,
            due_on__lte=end,
        )
        .order_by("due_on", "pk")
    )
