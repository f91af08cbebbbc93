"""What the public may read, each by the rule of the app that owns it. No login and no scope: a record is public or
it is not, and one that is not (unpublished, withdrawn and hidden, expired, a draft, another kind of record) is
answered exactly as one that does not exist (``PublicNotFound``), so an id tells nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q, QuerySet

from fazhi.agencies.models import Agency, Certificate, CertificateStatus, Officer
from fazhi.core.errors import NotFoundOrForbidden
from fazhi.core.periods import in_force_q
from fazhi.portal.models import PublishedFigures, TypicalCase, TypicalCaseStatus
from fazhi.portal.published import PUBLIC_FIGURES
from fazhi.powers.domain import RuleSetStatus
from fazhi.powers.models import PowerItem, RuleSet
from fazhi.publicity.models import Publication, PublicationKind
from fazhi.publicity.selectors import public_publication_list, public_withdrawn_list

PUBLISHED_RULE_SETS = (RuleSetStatus.ACTIVE, RuleSetStatus.RETIRED)


class PublicNotFound(NotFoundOrForbidden):
    status_code = 404

    def __init__(self) -> None:
        super().__init__("信息")
        self.message = "未找到该公开信息：它不存在、尚未公开或已过公开期限。"


# --- the power list ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OwnerPowers:
    owner: Agency
    in_force: RuleSet | None
    versions: list[RuleSet]


def public_power_owners(*, today: date) -> list[OwnerPowers]:
    """Every agency with a published version of its power list: the version in force today and all published ones
    with their dates (a future version is listed with its date, its items open from that day)."""
    sets = list(
        RuleSet.objects.select_related("owner")
        .filter(status__in=PUBLISHED_RULE_SETS)
        .order_by("owner__name", "-effective_from", "-pk")
    )
    by_owner: dict[int, OwnerPowers] = {}
    for rs in sets:
        entry = by_owner.setdefault(rs.owner_id, OwnerPowers(owner=rs.owner, in_force=None, versions=[]))
        entry.versions.append(rs)
        if (
            entry.in_force is None
            and rs.effective_from <= today
            and (rs.effective_until is None or rs.effective_until >= today)
        ):
            by_owner[rs.owner_id] = OwnerPowers(owner=rs.owner, in_force=rs, versions=entry.versions)
    return list(by_owner.values())


def public_rule_set(*, rule_set_id: int, today: date) -> RuleSet:
    """A published version whose period has begun (a draft or a version not yet in force is not public)."""
    rs = (
        RuleSet.objects.select_related("owner")
        .filter(pk=rule_set_id, status__in=PUBLISHED_RULE_SETS, effective_from__lte=today)
        .first()
    )
    if rs is None:
        raise PublicNotFound
    return rs


def public_power_items(*, rule_set: RuleSet, domain: str = "", search: str = "") -> QuerySet[PowerItem]:
    qs = rule_set.items.all()
    if domain:
        qs = qs.filter(domain=domain)
    search = search.strip()
    if search:
        qs = qs.filter(Q(code__icontains=search) | Q(name__contains=search))
    return qs.order_by("position", "code")


def public_power_item(*, item_id: int, today: date) -> PowerItem:
    item = (
        PowerItem.objects.select_related("rule_set", "rule_set__owner")
        .prefetch_related("discretion_rules", "exemption_rules")
        .filter(
            pk=item_id,
            rule_set__status__in=PUBLISHED_RULE_SETS,
            rule_set__effective_from__lte=today,
        )
        .first()
    )
    if item is None:
        raise PublicNotFound
    return item


def rule_set_in_force_on(rule_set: RuleSet, today: date) -> bool:
    return RuleSet.objects.filter(in_force_q(today), pk=rule_set.pk).exists()


# --- officers ------------------------------------------------------------------------------------------------------


def public_officers(*, today: date, search: str = "") -> QuerySet[Officer]:
    """执法人员公示: officers in post holding a certificate valid today, with those certificates only."""
    valid = Certificate.objects.filter(status=CertificateStatus.VALID, valid_from__lte=today, valid_until__gte=today)
    qs = (
        Officer.objects.filter(is_active=True, certificates__in=valid)
        .select_related("agency")
        .prefetch_related(Prefetch("certificates", queryset=valid.order_by("number"), to_attr="public_certificates"))
        .distinct()
    )
    search = search.strip()
    if search:
        qs = qs.filter(
            Q(name__contains=search) | Q(agency__name__contains=search) | Q(certificates__number__icontains=search)
        ).distinct()
    return qs.order_by("agency__name", "name", "pk")


# --- decisions -----------------------------------------------------------------------------------------------------


def public_decisions(*, today: date, search: str = "") -> QuerySet[Publication]:
    return public_publication_list(today=today, search=search)


def public_decision(*, publication_id: int, today: date) -> Publication:
    p = public_publication_list(today=today).filter(pk=publication_id).first()
    if p is None:
        raise PublicNotFound
    return p


def public_withdrawals(*, today: date) -> QuerySet[Publication]:
    return public_withdrawn_list(today=today)


def decision_kind() -> str:
    return str(PublicationKind.DECISION)


# --- typical cases and figures --------------------------------------------------------------------------------------


def public_typical_cases() -> QuerySet[TypicalCase]:
    return TypicalCase.objects.filter(status=TypicalCaseStatus.PUBLISHED).select_related("agency")


def public_typical_case(*, typical_case_id: int) -> TypicalCase:
    tc = public_typical_cases().filter(pk=typical_case_id).first()
    if tc is None:
        raise PublicNotFound
    return tc


def public_figures_list() -> QuerySet[PublishedFigures]:
    return PublishedFigures.objects.filter(superseded=False).select_related("agency").order_by("-year", "agency__name")


def public_figures(*, figures_id: int) -> PublishedFigures:
    row = public_figures_list().filter(pk=figures_id).first()
    if row is None:
        raise PublicNotFound
    return row


def figure_rows(row: PublishedFigures) -> list[tuple[str, object]]:
    """(label, value) of a publication's figures in the published order; a key the year had no base for shows "—"."""
    return [(label, row.figures.get(key)) for key, label in PUBLIC_FIGURES if key in row.figures]
